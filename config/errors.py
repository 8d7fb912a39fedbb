"""Site-wide error handlers: HTML error pages for the site, the API's JSON error shape for
paths under /api/."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from profiles.api.errors import error_response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 page; API paths get JSON in the API's error shape."""
    message = ""
    if isinstance(exception, Http404) and exception.args:
        message = str(exception.args[0])
    if request.path.startswith("/api/"):
        return error_response(404, "not_found", message or _("Not found."))
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page, rendered without context processors that could fail again."""
    if request.path.startswith("/api/"):
        return error_response(500, "server_error", _("Something went wrong on our side."))
    body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(body, status=500)


def not_found(request, *args, **kwargs):
    """JSON 404 for paths under /api/v1/ that match no endpoint (a malformed id, a typo)."""
    return error_response(404, "not_found", _("No API endpoint or record at this address."))
