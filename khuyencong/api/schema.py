"""The OpenAPI schema says what the API answers besides success: the error statuses every operation can
give, the record version (ETag / If-Match, 412) and the 409 of a record still referred to."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": "{'detail': message} or, for invalid input, {field: [messages]}",
            "additionalProperties": True,
        }
    }
}
ERRORS = {
    "400": "Invalid input or query parameter",
    "401": "No credentials or invalid credentials (see the WWW-Authenticate header)",
    "403": "Not allowed for this user or outside the user's scope",
    "404": "Not found, or not visible to this user",
}
VERSIONED_WRITES = ("PUT", "PATCH", "DELETE")


class AutoSchema(SpectacularAutoSchema):
    def _versioned(self):
        """A single record of a viewset that gives ETags (api.viewsets.VersionedMixin) with history."""
        from .viewsets import VersionedMixin

        if not isinstance(self.view, VersionedMixin) or "{" not in self.path:
            return False
        queryset = getattr(self.view, "queryset", None)
        return queryset is not None and hasattr(queryset.model, "history")

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not self._versioned():
            return parameters
        if self.method in VERSIONED_WRITES:
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description='The ETag read before writing ("<version>", or *); 412 if the record '
                    "changed since.",
                )
            )
        if self.method in ("GET", "PUT", "PATCH"):
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description="The record's version (the one the web forms check); send it as If-Match.",
                )
            )
        return parameters

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, description in ERRORS.items():
            responses.setdefault(code, {"content": ERROR_BODY, "description": description})
        responses["401"].setdefault(
            "headers", {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Token"}}
        )
        if method == "DELETE":
            responses.setdefault(
                "409", {"content": ERROR_BODY, "description": "Still referred to by other records (named)"}
            )
        if method in VERSIONED_WRITES and self._versioned():
            responses.setdefault(
                "412", {"content": ERROR_BODY, "description": "Changed since the version sent in If-Match"}
            )
        return operation
