"""Site-wide error handlers: HTML error pages for the site, the API's JSON error shape for
paths under /api/ and /_allauth/."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from profiles.api.errors import (
    OUT_OF_RANGE,
    OUT_OF_RANGE_ERRORS,
    error_response,
    out_of_range_message,
)

logger = logging.getLogger(__name__)


RETRY_AFTER_SECONDS = 30
# The database cannot be reached (down, restarting, out of connections): Django's
# OperationalError and InterfaceError, and the driver's own (psycopg, sqlite3) when they
# escape Django's wrapping.
UNAVAILABLE = (OperationalError, InterfaceError, sqlite3.OperationalError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, touching neither the database nor a template that might."""
    message = _("The service is briefly unavailable; try again in a moment.")
    if is_api(request):
        response: HttpResponse = error_response(503, "service_unavailable", message)
    else:
        body = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(settings.SITE_NAME)}</title></head><body><h1>"
            f"{escape(_('Back in a moment'))}</h1><p>{escape(message)}</p></body></html>"
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 instead of 500 (config.errors
    .server_error does the same for faults outside the view: sessions, the user). A view
    outside DRF (allauth's) given a number no column holds answers 400 (DRF's views map it
    in profiles/api/errors.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            logger.error("database unavailable: %s", exception)
            return database_unavailable(request)
        if isinstance(exception, ObjectDoesNotExist):
            # A row the view found and a service then could not lock: it went away in
            # between (a record merged into another). That is a 404, not a 500.
            raise Http404(str(exception)) from exception
        if isinstance(exception, OUT_OF_RANGE_ERRORS):
            logger.info("input out of range on %s: %s", request.path, exception)
            if is_api(request):
                return error_response(400, OUT_OF_RANGE, out_of_range_message())
            return bad_request(request, exception)
        return None


class GoneMiddleware:
    """A page whose record the moderators hid (profiles.errors.Gone, raised by the record
    lookup in profiles/selectors/records.py) answers 410 with a short notice; the API's
    views answer it themselves in the JSON error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from profiles.errors import Gone

        if not isinstance(exception, Gone):
            return None
        message = str(exception.message)
        if is_api(request):
            return error_response(410, exception.code or Gone.default_code, message)
        body = loader.render_to_string("410.html", {"message": message}, request)
        return HttpResponse(body, status=410)


def is_api(request: HttpRequest) -> bool:
    """Paths whose errors answer in the API's JSON error shape."""
    return request.path.startswith(("/api/", "/_allauth/"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 (a suspicious request: a wrong Host header, a broken multipart body)."""
    if is_api(request):
        return error_response(400, "bad_request", _("Bad request."))
    return HttpResponse(_("Bad request."), status=400, content_type="text/plain; charset=utf-8")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 outside DRF (a failed CSRF check, a view's PermissionDenied)."""
    if is_api(request):
        return error_response(403, "permission_denied", _("You may not do this."))
    return defaults.permission_denied(request, exception or PermissionDenied())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api(request):
        return error_response(403, "csrf_failed", _("CSRF check failed: %(r)s") % {"r": reason})
    return csrf.csrf_failure(request, reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 page; API paths get JSON in the API's error shape."""
    message = ""
    if isinstance(exception, Http404) and exception.args:
        message = str(exception.args[0])
    if is_api(request):
        return error_response(404, "not_found", message or _("Not found."))
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page, rendered without context processors that could fail again; a fault of the
    database (anywhere in the request) is a 503 instead."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return database_unavailable(request)
    if is_api(request):
        return error_response(500, "server_error", _("Something went wrong on our side."))
    body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(body, status=500)


def not_found(request, *args, **kwargs):
    """JSON 404 for paths under /api/v1/ that match no endpoint (a malformed id, a typo)."""
    return error_response(404, "not_found", _("No API endpoint or record at this address."))
