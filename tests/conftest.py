"""Shared fixtures. Tests talk to a real database (SQLite by default, PostgreSQL when
DATABASE_URL says so); only remote servers are ever mocked."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
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


@pytest.fixture
def demo(db):
    """The demo researchers built from the seeds, loaded through the services."""
    load_demo_data()
    from profiles.models import AuthorRecord

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
