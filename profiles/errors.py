"""The one error model of the services: a refused rule raises a typed `ServiceError`.

The class decides the HTTP status (the API's exception handler and the pages read `status`);
`code` is stable for clients; `field` names the input the error is about, if any.
They subclass Django's ValidationError so forms and model code keep working with them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A service refused the request. Subclasses set the HTTP `status`."""

    status = 400
    default_code = "invalid"

    def __init__(self, message, code: str | None = None, params=None, field: str | None = None):
        code = code or self.default_code
        params = params or None
        if field:
            # Shaped like a form's field error, so Django code sees which input it is about.
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
            self.message, self.code, self.params = message, code, params
        else:
            super().__init__(message, code=code, params=params)
        self.field = field

    def without_field(self) -> ValidationError:
        """The same error, not tied to an input."""
        return ValidationError(self.message, code=self.code, params=self.params)


class Invalid(ServiceError):
    """The request itself is wrong (bad input, a rule about the request): 400."""

    status = 400


class NotAllowed(ServiceError):
    """A rule about who is asking refused it: 403."""

    status = 403
    default_code = "not_allowed"


class NotFound(ServiceError):
    """The thing is not there, or not the caller's to see: 404."""

    status = 404
    default_code = "not_found"


class Conflict(ServiceError):
    """The request clashes with the current state (already done, taken, not pending): 409."""

    status = 409
    default_code = "conflict"


class TooLarge(Invalid):
    """An upload over the size limit: 413."""

    status = 413
    default_code = "file_too_large"


class Gone(ServiceError):
    """The thing was here and is withdrawn on purpose (a hidden record): 410."""

    status = 410
    default_code = "gone"
