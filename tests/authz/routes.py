"""Every URL pattern of the root URLconf, read from the resolver (never listed by hand).

A route is keyed by its URL name with its namespace (``api:employee-detail``), or by its pattern
when it has no name. DRF's format-suffix variants (``employees.json``) share the name of the route
they suffix: they are one route with ``format_suffix`` set, tested through both addresses.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Route:
    key: str
    pattern: str
    name: str | None
    params: tuple[str, ...]
    callback: object
    format_suffix: bool = False
    api_methods: tuple[str, ...] | None = field(default=None)

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.api_methods is not None


def _api_methods(callback) -> tuple[str, ...] | None:
    """The HTTP methods a DRF view answers, from its viewset mapping or its handlers; None for Django views."""
    cls = getattr(callback, "cls", None)
    if cls is None:
        return None
    allowed = {m.lower() for m in getattr(cls, "http_method_names", _METHODS)}
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(m.upper() for m in _METHODS if m in actions and m in allowed)
    return tuple(m.upper() for m in _METHODS if m in allowed and hasattr(cls, m))


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def all_routes() -> list[Route]:
    """One ``Route`` per URL name (or unnamed pattern), in URLconf order."""
    routes: dict[str, Route] = {}
    for pattern, name, entry in _walk(get_resolver().url_patterns):
        params = tuple(sorted(set(entry.pattern.regex.groupindex) - {"format"}))
        suffixed = "format" in entry.pattern.regex.groupindex
        key = name or pattern
        if key in routes:
            routes[key].format_suffix = routes[key].format_suffix or suffixed
            continue
        routes[key] = Route(
            key=key,
            pattern=pattern,
            name=name,
            params=params,
            callback=entry.callback,
            format_suffix=suffixed,
            api_methods=_api_methods(entry.callback),
        )
    return list(routes.values())
