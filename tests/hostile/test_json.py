"""Malformed input is a 400 in the API's one error shape: a walk over every API route and
every allauth headless endpoint with `[` × 50,000, malformed JSON, and every API error
(400, 403, 404, 405, 413, 500) answered as JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIRequestFactory, force_authenticate

from profiles.api import parsers
from profiles.api.collaboration import ReportView
from tests.factories import UserFactory
from tests.test_anonymous_refusals import all_routes, build_url, objects  # noqa: F401

NESTED = "[" * 50_000
JSON_ROOTS = ("api/", "_allauth/")


def _json_routes(objects) -> list[str]:  # noqa: F811
    urls = []
    for route in all_routes():
        if route.pattern.startswith(JSON_ROOTS) and "openapi" not in route.pattern:
            urls.append(build_url(route, objects))
    return sorted(set(urls))


def _assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = json.loads(response.content)["error"]
    assert error["status"] == status and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_deeply_nested_json_is_a_400_on_every_json_endpoint(objects, signed_in):  # noqa: F811
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(UserFactory(verified=True))
    urls = _json_routes(objects)
    assert len(urls) > 40
    assert any(u.startswith("/_allauth/app/v1/auth/login") for u in urls)
    assert any(u.startswith("/_allauth/browser/v1/auth/signup") for u in urls)
    assert any(u.startswith("/_allauth/app/v1/auth/password/request") for u in urls)
    for url in urls:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, NESTED, content_type="application/json")
            _assert_error_shape(response, 400, parsers.TOO_DEEP)


@pytest.mark.parametrize(
    "url",
    [
        "/_allauth/app/v1/auth/login",
        "/_allauth/browser/v1/auth/signup",
        "/_allauth/app/v1/auth/password/request",
        "/api/v1/reports/",
    ],
)
@pytest.mark.parametrize("body", ['{"email": ', "\xff\xfe", '{"a": 1} trailing', "[1, 2"])
def test_malformed_json_is_a_400_in_the_error_shape(db, url, body):
    client = Client(raise_request_exception=False)
    data = body.encode("latin-1")
    response = client.post(url, data, content_type="application/json")
    _assert_error_shape(response, 400)


def test_the_parser_itself_refuses_depth_without_the_middleware(db):
    request = APIRequestFactory().post("/api/v1/reports/", NESTED, content_type="application/json")
    force_authenticate(request, UserFactory(verified=True))
    response = ReportView.as_view()(request).render()
    _assert_error_shape(response, 400, parsers.TOO_DEEP)


def test_the_parser_refuses_a_body_over_djangos_limit(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    request = APIRequestFactory().post(
        "/api/v1/reports/", '{"reason": "' + "x" * 200 + '"}', content_type="application/json"
    )
    force_authenticate(request, UserFactory(verified=True))
    response = ReportView.as_view()(request).render()
    _assert_error_shape(response, 413, "request_too_large")


def test_depth_counts_brackets_outside_strings_only():
    assert not parsers.too_deep(b'{"a": "' + b"[" * 100 + b'"}', max_depth=3)
    assert not parsers.too_deep(b"[[[]]]" * 50, max_depth=3)
    assert parsers.too_deep(b"[[[[]]]]", max_depth=3)
    assert parsers.too_deep(b'[{"a\\"[": [[1]]}]', max_depth=3)
    assert parsers.json_problem(b'{"a": [1, 2]}') is None


def test_a_body_over_the_limit_is_refused_before_it_is_read(db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    client = Client(raise_request_exception=False)
    environ = {"CONTENT_LENGTH": "200000000", "wsgi.input": Unreadable()}
    response = client.generic(
        "POST", "/api/v1/reports/", b"", content_type="application/json", **environ
    )
    _assert_error_shape(response, 413, "request_too_large")
    response = client.generic(
        "POST", "/researchers/", b"", content_type="multipart/form-data; boundary=x", **environ
    )
    assert response.status_code == 413
    assert b"larger than" in response.content


def test_api_404_405_and_500_are_json(db, monkeypatch):
    client = Client(raise_request_exception=False)
    _assert_error_shape(client.get("/api/v1/no-such-thing/"), 404, "not_found")
    _assert_error_shape(client.get("/_allauth/no-such-thing/"), 404, "not_found")
    client.force_login(UserFactory(verified=True))
    _assert_error_shape(client.delete("/api/v1/authors/"), 405, "method_not_allowed")

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("profiles.api.records.AuthorViewSet.list", crash)
    _assert_error_shape(client.get("/api/v1/authors/"), 500, "server_error")


def test_api_400_and_csrf_403_are_json(db):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    response = client.get("/api/v1/authors/", HTTP_HOST="evil.example")
    _assert_error_shape(response, 400, "bad_request")
    response = client.post("/_allauth/browser/v1/auth/login", {}, content_type="application/json")
    _assert_error_shape(response, 403, "csrf_failed")
    page = client.get("/researchers/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")
