"""GET /api/v1/me/works/: the owner's own works, hidden ones included."""

import pytest

from profiles.services.owner import work_set_hidden
from tests.factories import AuthorshipFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db


def test_owner_lists_their_works_hidden_ones_flagged(client):
    user, record = researcher()
    shown = AuthorshipFactory(author=record).work
    hidden = AuthorshipFactory(author=record).work
    AuthorshipFactory()  # someone else's work
    work_set_hidden(author=record, user=user, work=hidden, hidden=True)
    client.force_login(user)
    body = client.get("/api/v1/me/works/").json()
    assert body["count"] == 2
    flags = {row["id"]: row["hidden"] for row in body["results"]}
    assert flags == {shown.pk: False, hidden.pk: True}
    public = client.get(f"/api/v1/authors/{record.pk}/works/").json()
    assert [row["id"] for row in public["results"]] == [shown.pk]


def test_owner_works_are_paginated(client):
    user, record = researcher()
    for _ in range(3):
        AuthorshipFactory(author=record)
    client.force_login(user)
    body = client.get("/api/v1/me/works/?page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_anonymous_is_refused(client):
    assert client.get("/api/v1/me/works/").status_code in (401, 403)


def test_a_person_without_a_record_gets_an_empty_list(client):
    AuthorshipFactory()
    client.force_login(UserFactory(verified=True))
    body = client.get("/api/v1/me/works/").json()
    assert body["count"] == 0 and body["results"] == []


def test_owner_works_query_count_does_not_grow(client, django_assert_max_num_queries):
    user, record = researcher()
    for _ in range(12):
        AuthorshipFactory(author=record)
    client.force_login(user)
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/me/works/").status_code == 200
