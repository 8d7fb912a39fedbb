"""Site-wide error handlers: HTML error pages for the site, the API's JSON error shape for
paths under /api/ and /_allauth/."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from profiles.api.errors import error_response


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
    """500 page, rendered without context processors that could fail again."""
    if is_api(request):
        return error_response(500, "server_error", _("Something went wrong on our side."))
    body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(body, status=500)


def not_found(request, *args, **kwargs):
    """JSON 404 for paths under /api/v1/ that match no endpoint (a malformed id, a typo)."""
    return error_response(404, "not_found", _("No API endpoint or record at this address."))
