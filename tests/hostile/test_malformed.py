"""Malformed input is a 4xx, never a 500, on every API route and every allauth headless
endpoint: bodies of the wrong content type, NUL characters (PostgreSQL cannot store them),
impossible numbers (huge, negative, 1e309, NaN) in ids, query parameters and body fields.

The body fields and query parameters come from the served schema, so an endpoint added
later is walked too. Run it on PostgreSQL as well (DATABASE_URL), where a NUL reaching the
database would be the 500 this test is about."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from profiles.api import parsers
from profiles.models import AuthorRecord
from tests.test_anonymous_refusals import all_routes, build_url, objects  # noqa: F401

pytestmark = pytest.mark.django_db

JSON_ROOTS = ("api/", "_allauth/")
WRITES = ("post", "put", "patch", "delete")
# Raw JSON numbers no column can hold, and a few that are not numbers at all.
IMPOSSIBLE = ("99999999999999999999", "-1", "1e309", "-1e309", "NaN", "Infinity", "0.5")
IMPOSSIBLE_QUERY = (*IMPOSSIBLE, "-5", "0", "", "abc", "1" * 400)
# Fields allauth's headless endpoints read.
ALLAUTH_FIELDS = ("email", "password", "key", "code", "token", "name", "provider", "phone")


def _routes(objects) -> list[str]:  # noqa: F811
    urls = set()
    for route in all_routes():
        if route.pattern.startswith(JSON_ROOTS) and "openapi" not in route.pattern:
            urls.add(build_url(route, objects))
    return sorted(urls)


def _signed_in(objects) -> Client:  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(AuthorRecord.objects.get(pk=objects["author"]).owner)
    return client


def _assert_refused(response, url: str, *, ours: bool, or_ignored: bool = False) -> dict | None:
    """A 4xx (or, `or_ignored`, a 2xx of an endpoint that reads no body); under /api/ (and
    from our guards) in the API's error shape."""
    where = (url, response.status_code, response.content[:300])
    if or_ignored and response.status_code < 300:
        return None
    assert 400 <= response.status_code < 500, where
    assert response["Content-Type"].startswith("application/json"), where
    body = json.loads(response.content)
    if ours:
        assert body["error"]["status"] == response.status_code and body["error"]["message"]
        return body["error"]
    return None


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _concrete(path: str, objects: dict) -> str:  # noqa: F811
    segment = path.removeprefix("/api/v1/").split("/")[0]
    key = {"me": "work", "invitations": "invitation", "conversations": "conversation"}.get(
        segment, segment.rstrip("s")
    )
    return path.replace("{id}", str(objects.get(key, objects["author"])))


def _body_fields(operation: dict, schema: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return sorted(component.get("properties", {}))


# --- Wrong content types --------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("text/plain", "hello"),
        ("application/xml", '<?xml version="1.0"?><claim><name>x</name></claim>'),
        ("text/html", "<p>x</p>"),
        ("application/octet-stream", "\x00\x01\x02"),
        ("application/json; charset=latin-1", '{"name": "Andr\xe9"}'),
    ],
)
def test_a_body_of_the_wrong_content_type_is_a_4xx(objects, content_type, body):  # noqa: F811
    client = _signed_in(objects)
    urls = _routes(objects)
    assert len(urls) > 40
    for url in urls:
        if url.startswith(("/api/docs/", "/api/redoc/", "/api/schema/")):
            # HTML pages for people (Swagger UI, Redoc), and the schema, whose errors are in
            # the error shape but in the format it negotiates (YAML unless ?format=json).
            continue
        for method in WRITES:
            cache.clear()
            response = getattr(client, method)(url, body, content_type=content_type)
            _assert_refused(response, url, ours=url.startswith("/api/"), or_ignored=True)


def test_the_api_answers_an_unsupported_content_type_with_415(objects):  # noqa: F811
    client = _signed_in(objects)
    response = client.post("/api/v1/reports/", "<report/>", content_type="application/xml")
    error = _assert_refused(response, "/api/v1/reports/", ours=True)
    assert response.status_code == 415 and error["code"] == "unsupported_media_type"


# --- NUL and other control characters ---------------------------------------------------


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "\u0000" * 3])
def test_a_nul_in_any_json_string_is_a_400_on_every_json_endpoint(objects, text):  # noqa: F811
    client = _signed_in(objects)
    fields = ("name", "email", "password", "body", "subject", "message", "reason", "details")
    payload = json.dumps({**{f: text for f in fields}, "nested": [{"key": text}], text: 1})
    for url in _routes(objects):
        for method in ("post", "put", "patch"):
            cache.clear()
            response = getattr(client, method)(url, payload, content_type="application/json")
            error = _assert_refused(response, url, ours=True)
            assert error is not None and response.status_code == 400, url
            assert error["code"] == parsers.NUL_CHARACTER, (url, error)


def test_a_nul_in_a_query_string_or_a_session_token_is_a_400(objects):  # noqa: F811
    client = _signed_in(objects)
    for url in _routes(objects):
        cache.clear()
        response = client.get(url, {"q": "lao\x00", "page": "1\x00"})
        error = _assert_refused(response, url, ours=True)
        assert error is not None and error["code"] == parsers.NUL_CHARACTER, (url, error)
    anonymous = Client(raise_request_exception=False)
    for url in ("/api/v1/me/", "/_allauth/app/v1/auth/session"):
        response = anonymous.get(url, HTTP_X_SESSION_TOKEN="abc\x00def")
        _assert_refused(response, url, ours=True)


def test_other_control_characters_are_stored_as_sent_or_refused(objects):  # noqa: F811
    """Tabs, bells and escapes are no harm to the database: a 2xx or a 4xx, never a 500."""
    client = _signed_in(objects)
    text = "line\x01\x07\x1b[31m\x7f end"
    response = client.post(
        "/api/v1/reports/",
        {"reason": "other", "details": text, "message": objects["message"]},
        content_type="application/json",
    )
    assert response.status_code < 500, response.content
    response = client.get("/api/v1/authors/", {"q": text})
    assert response.status_code == 200


# --- Impossible numbers ---------------------------------------------------------------


@pytest.mark.parametrize("bad", ["99999999999999999999", "-1", "1e309", "NaN", "0x10", "1.5"])
def test_an_impossible_id_in_a_path_is_a_404_in_the_error_shape(objects, bad):  # noqa: F811
    client = _signed_in(objects)
    for path in _schema()["paths"]:
        if "{id}" not in path:
            continue
        url = path.replace("{id}", bad)
        for method in ("post", "patch", "delete"):
            response = getattr(client, method)(url, "{}", content_type="application/json")
            error = _assert_refused(response, url, ours=True)
            assert error is not None and response.status_code == 404, (url, method)
        for method in ("get",):
            response = client.get(url)
            error = _assert_refused(response, url, ours=True)
            assert error is not None and response.status_code == 404, (url, method)


def test_impossible_numbers_in_query_parameters_are_a_4xx_or_ignored(objects):  # noqa: F811
    client = _signed_in(objects)
    schema = _schema()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        url = _concrete(path, objects)
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        for name in sorted(names | {"page", "page_size"}):
            for value in IMPOSSIBLE_QUERY:
                cache.clear()
                response = client.get(url, {name: value})
                assert response.status_code < 500, (url, name, value, response.content[:300])
                if response.status_code >= 400:
                    _assert_refused(response, url, ours=True)


def test_a_huge_page_size_is_clamped(objects):  # noqa: F811
    response = _signed_in(objects).get("/api/v1/authors/", {"page_size": "9" * 30})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 100


def test_impossible_numbers_in_every_body_field_are_a_4xx(objects):  # noqa: F811
    client = _signed_in(objects)
    schema = _schema()
    walked = 0
    for path, operations in schema["paths"].items():
        url = _concrete(path, objects)
        for method, operation in operations.items():
            for field in _body_fields(operation, schema):
                for value in IMPOSSIBLE:
                    cache.clear()
                    body = f'{{"{field}": {value}}}'
                    response = getattr(client, method)(url, body, content_type="application/json")
                    assert response.status_code < 500, (method, url, body, response.content[:300])
                    if response.status_code >= 400:
                        _assert_refused(response, url, ours=True)
                    walked += 1
    assert walked > 100


def test_impossible_numbers_in_allauths_fields_are_a_4xx(objects):  # noqa: F811
    client = Client(raise_request_exception=False)
    urls = [u for u in _routes(objects) if u.startswith("/_allauth/")]
    for url in urls:
        for value in IMPOSSIBLE:
            cache.clear()
            body = "{" + ", ".join(f'"{f}": {value}' for f in ALLAUTH_FIELDS) + "}"
            response = client.post(url, body, content_type="application/json")
            assert response.status_code < 500, (url, body, response.content[:300])
