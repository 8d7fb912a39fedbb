"""Middleware that keeps hostile or broken requests from costing anything: bodies over the
limit refused before they are read, malformed JSON answered 400 in the API's error shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from config.errors import is_api
from profiles import conf
from profiles.api.errors import error_response
from profiles.api.parsers import NUL_CHARACTER, json_problem, nul_message

Handler = Callable[[HttpRequest], HttpResponse]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def request_body_limit() -> int:
    """The largest request body read at all: REQUEST_BODY_MAX_BYTES, else the largest upload
    with room for the other fields of its form (2 MB)."""
    limit = getattr(settings, "REQUEST_BODY_MAX_BYTES", None)
    return int(limit) if limit else int(conf.CLAIM_UPLOAD_MAX_BYTES) + 2 * 1024 * 1024


class RequestBodyLimit:
    """413 for a request whose Content-Length is over `request_body_limit()`, before a byte
    of its body is read (JSON error shape under /api/ and /_allauth/, a short page elsewhere).
    Bodies without a length are capped by Django's own limits when read."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_body_limit()
        if length > limit:
            return refusal(
                request,
                413,
                "file_too_large"
                if request.content_type == "multipart/form-data"
                else "request_too_large",
                _("The request is larger than %(limit)s; upload a shorter CV.")
                % {"limit": filesizeformat(limit)},
            )
        return self.get_response(request)


def refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The API's JSON error shape for API paths, a short plain page elsewhere."""
    if is_api(request):
        return error_response(status, code, message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class JSONBodyGuard:
    """Malformed or deeply nested JSON answers 400 in the API's error shape on every JSON
    endpoint, before authentication, permissions or the view: under /api/ for JSON bodies,
    under /_allauth/ for every body but a form (allauth's headless views decode any body with
    `json.loads` and knew only UTF-8 and syntax errors: `[` × 50,000 was a RecursionError).
    A NUL character in the query string, the session token or any string of a JSON body is
    a 400 `nul_character` there too: PostgreSQL cannot store or compare one (it was a 500)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request) and _nul_outside_body(request):
            return error_response(400, NUL_CHARACTER, nul_message())
        if request.method not in ("GET", "HEAD", "OPTIONS") and _json_body_expected(request):
            try:
                body = request.body
            except RequestDataTooBig:  # the view answers it (a 400 or 413 in the error shape)
                return self.get_response(request)
            problem = json_problem(body) if body else None
            if problem:
                return error_response(400, *problem)
            if request.path.endswith("/auth/password/reset") and _reset_key_without_user(body):
                return error_response(400, "invalid_password_reset", _("The key is not valid."))
        return self.get_response(request)


def _reset_key_without_user(body: bytes) -> bool:
    """allauth (65.x) reads a reset key as `<user id>-<token>` and fails with a TypeError (a
    500) when the key starts with "-": no user id. Such a key is refused here."""
    try:
        document = json.loads(body)
    except ValueError:
        return False
    key = document.get("key") if isinstance(document, dict) else None
    return key is not None and str(key).startswith("-")


def _nul_outside_body(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    token = request.META.get("HTTP_X_SESSION_TOKEN", "")
    return "\x00" in request.path or "\x00" in token or b"\x00" in unquote_to_bytes(query)


def _json_body_expected(request: HttpRequest) -> bool:
    if request.path.startswith("/_allauth/"):
        return request.content_type not in FORM_TYPES
    content_type = request.content_type or ""
    return request.path.startswith("/api/") and (
        content_type == "application/json" or content_type.endswith("+json")
    )


class RetryAfter:
    """Every 429 says when to come back: DRF's throttles set Retry-After themselves; allauth's
    limits (log-in, sign-up, password reset) do not, so they get RATE_LIMIT_RETRY_AFTER."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(getattr(settings, "RATE_LIMIT_RETRY_AFTER", 60))
        return response


# Pages for people and the schema (errors in the format it negotiates) under /api/.
SHAPE_EXEMPT = ("/api/docs/", "/api/redoc/", "/api/schema/")


class APIErrorShape:
    """An error answered under /api/ or /_allauth/ in anything but JSON (allauth's empty 405,
    a view's plain 4xx) is answered in the API's error shape, its headers (Allow,
    Retry-After) kept."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or request.path.startswith(SHAPE_EXEMPT)
            or "json" in response.get("Content-Type", "")
        ):
            return response
        reason = response.reason_phrase or "Error"
        shaped = error_response(
            response.status_code, reason.lower().replace(" ", "_"), _("%(r)s.") % {"r": reason}
        )
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if response.has_header(header):
                shaped[header] = response[header]
        return shaped


class PermissionsPolicy:
    """The Permissions-Policy header (PERMISSIONS_POLICY): no camera, microphone, location..."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = policy
        return response
