"""The OpenAPI schema of every API view: drf-spectacular's, plus the errors each operation can answer.

drf-spectacular documents only the success of an operation. A client (and the contract test,
tests/test_api_contract.py) also needs the failures, in the shape DRF and
``backend.common.api.exception_handler`` give them:

- 400 ``ValidationError``: field name → messages (``non_field_errors`` for the whole input), or
  ``{"detail": …}`` for a body that does not parse. Answered to any operation that takes input
  (query parameters or a body) and to any write, since services refuse by their rules.
- 401 / 403 / 404 / 415 ``ErrorDetail`` ``{"detail": …}``: 401 wherever credentials are read (a wrong
  token is refused even on an open view), 403 wherever a permission is checked, 404 where a row
  is named (a path id, an id in the body, a page number past the end); 415 for a body in a media
  type the operation does not read.

An operation that documents its own response for a code keeps it; one documented without a body
gets the error body. An operation's own 400 (a refusal with a code, say) is one of two shapes when
the operation takes input: its own, or ``ValidationError``.

Times are documented as DRF writes them, ``HH:MM[:SS[.ffffff]]``: JSON Schema's ``time`` format
asks for a UTC offset, which a time of day in the regency's zone does not carry.
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR_DETAIL = "ErrorDetail"
VALIDATION_ERROR = "ValidationError"
JSON = "application/json"

_SCHEMAS = {
    ERROR_DETAIL: {
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Field name → list of messages (a nested object for a nested input, a list per row "
            "for a list); `non_field_errors` for the input as a whole; `detail` alone for a body "
            "that does not parse."
        ),
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {"anyOf": [{"type": "array", "items": {}}, {"type": "object"}]},
    },
}
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
_DESCRIPTIONS = {
    "400": "Invalid input, or refused by a rule of the service.",
    "401": "No valid credentials.",
    "403": "The caller's role does not allow this.",
    "404": "No such row in the caller's scope (or no such page).",
    "415": "The body is not in a media type the operation reads.",
    "429": "Too many requests: try again later.",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        codes = self._error_codes(operation)
        for code in [code for code in responses if code.startswith("4")]:
            codes.setdefault(code, VALIDATION_ERROR if code == "400" else ERROR_DETAIL)
        for code, component in codes.items():
            body = {JSON: {"schema": self._error_component(component).ref}}
            current = responses.get(code)
            if current is None:
                responses[code] = {"content": body, "description": _DESCRIPTIONS[code]}
            elif not current.get("content"):
                current["content"] = body
            elif code == "400" and self._takes_input(operation):
                for media in current["content"].values():
                    media["schema"] = {"oneOf": [media["schema"], self._error_component(VALIDATION_ERROR).ref]}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = TIME_PATTERN
        return schema

    @staticmethod
    def _takes_input(operation: dict) -> bool:
        # ``format`` only picks the renderer (an unknown one is a 404).
        query = [p for p in operation.get("parameters", []) if p.get("in") == "query" and p.get("name") != "format"]
        return bool(query) or "requestBody" in operation

    def _error_codes(self, operation: dict) -> dict[str, str]:
        parameters = operation.get("parameters", [])
        in_path = any(p.get("in") == "path" for p in parameters)
        paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
        has_body = "requestBody" in operation
        codes = {}
        if self._takes_input(operation) or self.method in UNSAFE:
            codes["400"] = VALIDATION_ERROR
        guarded = any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        if self.view.get_authenticators():
            codes["401"] = ERROR_DETAIL
        if guarded:
            codes["403"] = ERROR_DETAIL
        # An open view's body (a login's) names no row of a caller's scope.
        if in_path or paginated or (has_body and guarded):
            codes["404"] = ERROR_DETAIL
        if has_body:
            codes["415"] = ERROR_DETAIL
        return codes

    def _error_component(self, name: str) -> ResolvedComponent:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=_SCHEMAS[name])
        self.registry.register_on_missing(component)
        return component
