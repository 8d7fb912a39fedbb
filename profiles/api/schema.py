"""The served OpenAPI schema tells the truth about errors, in one place.

Every operation answers errors in one shape (profiles/api/errors.py). `AutoSchema` (the
DEFAULT_SCHEMA_CLASS) adds the error responses each kind of operation can give to every
operation, new ones included, so no view declares them by hand:

- every operation: 401 and 403 (not signed in, a bad session token, not allowed), 429
  (throttled, with Retry-After) and 503 (the database is out of reach, with Retry-After);
- with parameters or a request body: 400 (the input is refused);
- with a path parameter or a request body: 404 (no such record, or one the caller may not
  see; the body names a record by id); a paginated list too (a page past the end, DRF's
  "Invalid page.");
- writes (POST, PUT, PATCH, DELETE): 409 (the state forbids it: already decided, blocked...);
- with a request body: 413 (over the size limit) and 415 (not JSON, a form or multipart).

A response a view declares itself (`@extend_schema(responses={400: ...})`) is kept.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="Stable, machine-readable reason (`not_found`...).")
    message = serializers.CharField(help_text="For people.")
    # Stub gap: DRF's serializer metaclass takes declared fields off the class, so this field
    # never replaces Serializer.fields; the stubs see a class attribute of another type.
    fields = serializers.DictField(  # type: ignore[assignment]  # stub gap, see above
        child=serializers.JSONField(),
        required=False,
        help_text="Per input field, its messages (present for input errors).",
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (`{"error": {...}}`)."""

    error = ErrorBodySerializer()


ERROR_DESCRIPTIONS = {
    "400": _("The input is refused (fields says which)."),
    "401": _("Not signed in, or the session token is not valid."),
    "403": _("Signed in, but not allowed."),
    "404": _("No such record, or one you may not see."),
    "409": _("The current state forbids it (already done, decided or blocked)."),
    "413": _("The request body is over the size limit."),
    "415": _("The body is not JSON (nor a form where one is accepted)."),
    "429": _("Too many requests; Retry-After says when to come back."),
    "503": _("The service is briefly unavailable; Retry-After says when to come back."),
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


class AutoSchema(openapi.AutoSchema):
    def error_codes(self, operation_has_body: bool) -> list[str]:
        """The error statuses this operation can answer (see the module's docstring)."""
        codes = ["401", "403", "429", "503"]
        has_path_params = "{" in self.path
        if operation_has_body or has_path_params or self._get_parameters():
            codes.append("400")
        if (
            has_path_params
            or operation_has_body
            or (self.method == "GET" and self._get_pagination_parameters())
        ):
            codes.append("404")
        if self.method in WRITES:
            codes.append("409")
        if operation_has_body:
            codes += ["413", "415"]
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        has_body = self.method in ("POST", "PUT", "PATCH") and bool(self._get_request_body())
        for code in self.error_codes(has_body):
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=str(ERROR_DESCRIPTIONS[code]))
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return dict(sorted(responses.items()))
