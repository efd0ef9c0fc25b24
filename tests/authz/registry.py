"""The registry: every route of the URLconf → how it is classified (rules.py).

Adding a route = adding its one entry to ``registry_pages.PAGES`` (HTML) or ``registry_api.API``
(/api/v1/). The Django admin is one family (``tests/authz/admin_family.py``): every admin
URL is covered without an entry.
"""

from tests.authz.registry_api import API
from tests.authz.registry_pages import PAGES
from tests.authz.routes import Route
from tests.authz.rules import Rule

REGISTRY: dict[str, Rule | tuple[Rule, ...]] = {**PAGES, **API}

HOW_TO_CLASSIFY = (
    "{key!r} ({pattern}) is not in the authorization matrix. Add one entry for it to "
    "tests/authz/registry_pages.py (HTML pages) or tests/authz/registry_api.py (/api/v1/) saying who may "
    "reach it: public(...) for no login, page(gate=...) for a page naming no object, scoped('<world object>', "
    "reach=..., write_reach=...) when its URL names an object (tests/authz/rules.py explains each field; "
    "tests/authz/world.py holds the objects)."
)


def variants(route: Route) -> tuple[Rule, ...]:
    entry = REGISTRY.get(route.key)
    if entry is None:
        return ()
    return entry if isinstance(entry, tuple) else (entry,)


def unclassified(routes: list[Route]) -> list[str]:
    return [
        HOW_TO_CLASSIFY.format(key=route.key, pattern=route.pattern)
        for route in routes
        if not route.is_admin and route.key not in REGISTRY
    ]


def stale(routes: list[Route]) -> list[str]:
    """Registry entries whose route is gone: they test nothing and hide a rename."""
    keys = {route.key for route in routes}
    return sorted(key for key in REGISTRY if key not in keys)
