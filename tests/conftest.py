"""Shared fixtures. Tests talk to a real database (SQLite by default, PostgreSQL when
DATABASE_URL says so); remote servers are faked on loopback (`fake_orcid`), never mocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from rest_framework.test import APIClient

from profiles.services.demo import load_demo_data
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _skip_postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


class _Rollback(Exception):
    pass


@pytest.fixture(scope="session")
def demo_dump(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The demo researchers, built once per test session through the services (the way
    `make demo` builds them) and kept as a fixture file; the database is left empty."""
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                load_demo_data()
                call_command("dumpdata", "profiles", output=str(path), verbosity=0)
                raise _Rollback
        except _Rollback:
            pass
    return path


@pytest.fixture
def demo(db, demo_dump):
    """The demo researchers from the seeds, loaded from the session's fixture file."""
    from profiles.models import AuthorRecord

    call_command("loaddata", str(demo_dump), verbosity=0)
    return {a.slug: a for a in AuthorRecord.objects.all()}


@pytest.fixture
def seed_record(demo):
    return demo["chonlam-lao"]


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def user(db):
    return UserFactory(verified=True)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def fake_orcid(settings, monkeypatch):
    """A fake ORCID server on loopback (tests/fake_orcid.py), with the app pointed at it:
    ORCID sign-in configured with the server's client id, allauth's ORCID URLs (which
    allauth builds once, at import, as https://<BASE_DOMAIN>/...) and the public works API
    (`ORCID_API_URL`) on the server."""
    from allauth.socialaccount.providers.orcid.views import OrcidOAuth2Adapter

    from tests.fake_orcid import CLIENT_ID, CLIENT_SECRET, FakeOrcid

    server = FakeOrcid().start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.ORCID_API_URL = server.url
    orcid = {
        **settings.SOCIALACCOUNT_PROVIDERS.get("orcid", {}),
        "APP": {"client_id": CLIENT_ID, "secret": CLIENT_SECRET, "key": ""},
    }
    settings.SOCIALACCOUNT_PROVIDERS = {**settings.SOCIALACCOUNT_PROVIDERS, "orcid": orcid}
    monkeypatch.setattr(OrcidOAuth2Adapter, "authorize_url", f"{server.url}/oauth/authorize")
    monkeypatch.setattr(OrcidOAuth2Adapter, "access_token_url", f"{server.url}/oauth/token")
    monkeypatch.setattr(OrcidOAuth2Adapter, "profile_url", f"{server.url}/v3.0/%s/record")
    yield server
    server.stop()


@pytest.fixture
def moderators_group(db):
    """The group the data migration makes; made again after a transactional test (of this
    worker) emptied the tables."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Moderators").exists():
        import_module("profiles.migrations.0002_moderation").create_group(apps, None)
        import_module("profiles.migrations.0007_requests").grant_request_permissions(apps, None)
    return Group.objects.get(name="Moderators")
