"""The served schema is the truth: schemathesis generates requests for every operation of
/api/schema/ and sends them to the app in-process (WSGI, the test database), anonymous and
with a signed-in owner's allauth session token. No answer is a 5xx, and every answer's status,
content type and body are the ones the schema documents for that operation.

Each generated case is sent twice: as generated (its ids are mostly of nothing: 404s) and with
its `{id}` replaced by the id of a real object of the signed-in owner (a record, claim,
invitation, conversation, block, work), so the success answers are checked too.

The examples are bounded and derandomized, so CI runs the same cases every time.
allauth's headless endpoints are not in this schema (allauth describes them itself at
/_allauth/openapi.json); tests/hostile/test_malformed.py walks them with hostile input."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from profiles.models import AuthorRecord
from tests.test_anonymous_refusals import objects  # noqa: F401

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 10  # per operation and caller; each case is sent twice (see above)
# Which real object an `{id}` names, by the path's first segment after /api/v1/.
REAL_ID = {
    "authors": "author",
    "claims": "claim",
    "invitations": "invitation",
    "conversations": "conversation",
    "blocks": "block",
    "me": "work",
}


def _load_schema():
    """The schema /api/schema/ serves (the same generator), for schemathesis."""
    raw = json.loads(
        json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str)
    )
    loaded = schemathesis.openapi.from_dict(raw, config=schemathesis.Config.from_dict({"seed": 12}))
    loaded.app = get_wsgi_application()
    return loaded


SCHEMA = _load_schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def owner_token(objects):  # noqa: F811
    """The session token of the owner of `objects`' record, signed in through allauth."""
    owner = AuthorRecord.objects.get(pk=objects["author"]).owner
    response = APIClient().post(
        "/_allauth/app/v1/auth/login",
        {"email": owner.email, "password": "correct-horse-battery"},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def _send(case, headers: dict) -> None:
    cache.clear()  # rate limits: every case starts with none spent
    # The app is called as WSGI, not through Django's test client, so stop its per-request
    # connection clean-up as the test client does (and reconnects after each of its calls,
    # hence here): on PostgreSQL it would close the connection of the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        case.call_and_validate(headers=headers, checks=CHECKS)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _check_operation(operation, objects: dict, headers: dict) -> None:  # noqa: F811
    """Generated cases, valid and invalid, each sent as generated and with a real id."""
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def run(case) -> None:
        _send(case, headers)
        if "id" in (case.path_parameters or {}):
            segment = operation.path.removeprefix("/api/v1/").split("/")[0]
            case.path_parameters = {**case.path_parameters, "id": objects[REAL_ID[segment]]}
            _send(case, headers)

    run()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_anonymous_answers_match_the_schema(operation, objects):  # noqa: F811
    _check_operation(operation, objects, {})


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_signed_in_answers_match_the_schema(operation, objects, owner_token):  # noqa: F811
    _check_operation(operation, objects, {"X-Session-Token": owner_token})
