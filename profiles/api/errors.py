"""One JSON error shape for the whole API:

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}}

`code` is stable for clients; `message` is for people; `fields` is present for input errors.
Django ValidationErrors raised by services are mapped here too, so a refused rule is a 4xx.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from profiles.errors import ServiceError

OUT_OF_RANGE = "out_of_range"
# A number no column can hold (99999999999999999999 on SQLite, 1e309 as an integer) or a
# value the database refuses: the input's fault, so a 400, not a 500.
OUT_OF_RANGE_ERRORS = (OverflowError, DataError)


def out_of_range_message() -> str:
    return _("A value is out of range (a number too large, too small or not a number).")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = gettext_lazy("The request body is too large.")


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def error_response(status_code: int, code: str, message: str) -> JsonResponse:
    """For plain Django views under /api/ (404 and 500 handlers)."""
    return JsonResponse(error_body(status_code, code, message), status=status_code)


# What _flatten makes of DRF's error detail: strings, in the lists and dicts of the detail's
# shape (a nested or many=True serializer's errors are dicts inside lists, to any depth).
FlatDetail = dict[str, Any] | list[Any] | str


def _flatten(detail) -> FlatDetail:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat: list = []
        for item in detail:
            value = _flatten(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return str(detail)


def _first_code(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None) or "invalid"


def error_text(error: DjangoValidationError) -> str:
    """The text of one Django ValidationError. Like Django, fill in `params` only when there
    are some: a message already filled in may itself contain a "%" (a name such as "100%")."""
    return str(error.message % error.params if error.params else error.message)


def _as_api_exception(exc: Exception) -> Exception:
    """Django's exceptions as DRF's, so that DRF's handler answers them."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    k: [exceptions.ErrorDetail(error_text(e), e.code or "invalid") for e in v]
                    for k, v in exc.error_dict.items()
                }
            )
        else:
            return exceptions.ValidationError(
                [exceptions.ErrorDetail(error_text(e), e.code or "invalid") for e in exc.error_list]
            )
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        # ObjectDoesNotExist: a row found by the view and gone when a service locked it (a
        # record merged away between the two).
        return exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    elif isinstance(exc, OUT_OF_RANGE_ERRORS):
        return exceptions.ValidationError(
            [exceptions.ErrorDetail(out_of_range_message(), OUT_OF_RANGE)]
        )
    return exc


def exception_handler(exc, context):
    """DRF's handler, then our shape. A ServiceError's class gives the status; its `code`
    and, for a 400 about one input, its `field` are kept."""
    if isinstance(exc, ServiceError):
        set_rollback()
        message = error_text(exc)
        # ServiceError.__init__ always sets a code (default_code when none is given); Django's
        # ValidationError, which it extends, types `code` as optional.
        code = exc.code or exc.default_code
        if exc.field and exc.status == status.HTTP_400_BAD_REQUEST:
            body = error_body(exc.status, code, f"{exc.field}: {message}", {exc.field: [message]})
        else:
            body = error_body(exc.status, code, message)
        return Response(body, status=exc.status)
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError):
        flat = _flatten(detail)
        code = _first_code(detail)
        if isinstance(flat, dict):
            non_field = flat.pop("non_field_errors", None)
            if non_field:
                message = non_field[0]
            else:
                field, errors = next(iter(flat.items()), ("", [_("Invalid input.")]))
                first = errors[0] if isinstance(errors, list) and errors else errors
                message = f"{field}: {first}" if field else str(first)
            fields = flat or None
        else:
            message = flat[0] if flat else _("Invalid input.")
            fields = None
        data = error_body(response.status_code, code, message, fields)
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(detail, exceptions.ErrorDetail):
            code = detail.code or code
        data = error_body(response.status_code, code, str(detail))
    headers = {k: v for k, v in response.items()}
    return Response(
        data, status=response.status_code or status.HTTP_400_BAD_REQUEST, headers=headers
    )
