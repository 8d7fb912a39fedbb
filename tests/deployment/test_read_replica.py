"""The read-replica router (config/db_routers.py) against a second database alias: the test
settings' `replica`, a test mirror of default (the same test database through a connection of
its own). Reads go to the replica, writes to the primary; reads inside transaction.atomic and
for the rest of a request that wrote go to the primary; migrations only run on the primary.
The rest of the suite runs without the router."""

from __future__ import annotations

import pytest
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from config import db_routers
from profiles.models import AuthorRecord
from tests.factories import AuthorRecordFactory

# Committed rows (transaction=True): the replica's connection cannot see another
# connection's uncommitted test transaction, just as a real replica could not.
both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = ["config.db_routers.ReadReplicaRouter"]
    token = db_routers.wrote.set(False)
    yield
    db_routers.wrote.reset(token)


@pytest.fixture
def queries():
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield {"default": primary, "replica": replica}


@both
def test_reads_go_to_the_replica_and_writes_to_the_primary(routed, queries):
    record = AuthorRecordFactory(slug="ada")
    assert record._state.db == "default"
    db_routers.forget_writes()  # a new request
    writes = len(queries["default"])
    found = AuthorRecord.objects.get(slug="ada")
    assert found._state.db == "replica"
    assert len(queries["replica"]) == 1
    assert len(queries["default"]) == writes  # the read did not touch the primary
    assert "INSERT" in queries["default"][0]["sql"]


@both
def test_reads_inside_a_transaction_go_to_the_primary(routed):
    with transaction.atomic():
        assert AuthorRecord.objects.all().db == "default"
    assert AuthorRecord.objects.all().db == "replica"


@both
def test_after_a_write_the_rest_of_the_request_reads_the_primary(routed):
    seen = []

    def view(request):
        seen.append(AuthorRecord.objects.all().db)
        if request.method == "POST":
            AuthorRecordFactory(slug="grace")
            seen.append(AuthorRecord.objects.get(slug="grace")._state.db)  # your own write
        return HttpResponse()

    handler = db_routers.PrimaryAfterWrite(view)
    handler(RequestFactory().post("/"))
    assert seen == ["replica", "default"]
    assert AuthorRecord.objects.all().db == "replica"  # the pin ended with the request
    handler(RequestFactory().get("/"))
    assert seen[2] == "replica"  # the next request starts on the replica again


@both
def test_a_public_page_reads_only_from_the_replica(routed, queries):
    AuthorRecordFactory(slug="ada", display_name="Ada Lovelace")
    db_routers.forget_writes()
    before = len(queries["default"])
    response = Client().get("/researchers/ada/")
    assert response.status_code == 200
    assert "Ada Lovelace" in response.content.decode()
    assert len(queries["replica"]) > 0
    assert len(queries["default"]) == before


@both
def test_migrations_run_on_the_primary_only(routed):
    assert router.allow_migrate_model("default", AuthorRecord)
    assert not router.allow_migrate_model("replica", AuthorRecord)
    assert not router.allow_migrate("replica", "auth")


@both
def test_rows_from_both_aliases_can_be_related(routed):
    record = AuthorRecordFactory(slug="ada")
    from_replica = AuthorRecord.objects.get(pk=record.pk)
    assert router.allow_relation(record, from_replica)


@both
def test_ready_reports_the_replica_it_reads_from(routed):
    checks = Client().get("/ready/").json()["checks"]
    assert checks["replica"]["ok"] and checks["database"]["ok"]


@pytest.mark.django_db
def test_without_the_router_ready_checks_no_replica(client):
    assert "replica" not in client.get("/ready/").json()["checks"]


@pytest.mark.django_db
def test_without_the_router_everything_uses_default():
    assert AuthorRecord.objects.all().db == "default"
    assert AuthorRecordFactory()._state.db == "default"
