"""`GET /api/v1/me/feed/`: the home page's following feed as JSON, in the same words."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profiles.choices import ProfileEventKind
from profiles.models import ProfileEvent
from profiles.selectors.feed import describe
from profiles.services.collaboration.follows import follow_author
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


def _followed(user):
    followed = AuthorRecordFactory(display_name="Ada Lovelace")
    follow_author(user=user, author=followed)
    return followed


def test_feed_api_lists_works_and_updates_in_words(auth_api_client, user):
    followed = _followed(user)
    old = AuthorshipFactory(author=followed, work__title=r"An $\underline{E}$fficient switch")
    type(old.work).objects.filter(pk=old.work_id).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    ProfileEvent.objects.create(
        author=followed, kind=ProfileEventKind.LEVEL, old_value="L1", new_value="L2"
    )
    ProfileEvent.objects.create(
        author=followed, kind=ProfileEventKind.EDITED, new_value="headline, open_to_collaborate"
    )
    hidden = AuthorshipFactory(work__title="A hidden paper")
    ProfileEvent.objects.create(
        author=followed, kind=ProfileEventKind.EDITED, new_value=f"hid work {hidden.work_id}"
    )
    ProfileEvent.objects.create(author=followed, kind=ProfileEventKind.TRUST, new_value="15")
    body = auth_api_client.get("/api/v1/me/feed/").json()
    texts = [item["text"] for item in body["results"]]
    assert texts == [
        "hid a work from their page: A hidden paper",
        "updated their profile: headline, openness to collaborate",
        "verification level changed from L1 to L2",
        "added a work: An Efficient switch",
    ]
    work_item = body["results"][-1]
    assert work_item["kind"] == "work" and work_item["event_kind"] is None
    assert work_item["work"]["title"].startswith("An $\\underline")
    assert work_item["author"]["display_name"] == "Ada Lovelace"
    assert body["results"][2]["event_kind"] == "level"


def test_the_page_uses_the_same_words(client, user):
    followed = _followed(user)
    AuthorshipFactory(author=followed, work__title="Analytical engines")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Added a work: Analytical engines" in html


def test_an_owners_added_work_appears_once(auth_api_client, user):
    followed = _followed(user)
    slot = AuthorshipFactory(author=followed, work__title="Notes on the engine")
    ProfileEvent.objects.create(
        author=followed, kind=ProfileEventKind.EDITED, new_value=f"added work {slot.work_id}"
    )
    texts = [i["text"] for i in auth_api_client.get("/api/v1/me/feed/").json()["results"]]
    assert texts == ["added a work: Notes on the engine"]


def test_feed_api_paginates_like_the_page(auth_api_client, user):
    followed = _followed(user)
    for i in range(20):
        AuthorshipFactory(author=followed, work__title=f"Work {i:02d}")
    first = auth_api_client.get("/api/v1/me/feed/").json()
    assert first["count"] == 20 and len(first["results"]) == 15 and first["next"]
    second = auth_api_client.get("/api/v1/me/feed/", {"page": 2}).json()
    assert [i["work"]["title"] for i in second["results"]][-1] == "Work 00"
    assert auth_api_client.get("/api/v1/me/feed/", {"page": 9}).status_code == 404


def test_feed_api_queries_do_not_grow(auth_api_client, user):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert auth_api_client.get("/api/v1/me/feed/").status_code == 200
        return len(ctx.captured_queries)

    followed = _followed(user)
    AuthorshipFactory(author=followed)
    ProfileEvent.objects.create(author=followed, kind=ProfileEventKind.EDITED)
    small = count()
    for _ in range(3):
        more = AuthorRecordFactory()
        follow_author(user=user, author=more)
        for _ in range(4):
            AuthorshipFactory(author=more)
        ProfileEvent.objects.create(author=more, kind=ProfileEventKind.CLAIMED)
    assert count() == small


def test_feed_api_needs_a_signed_in_person(api_client):
    assert api_client.get("/api/v1/me/feed/").status_code in (401, 403)


def test_wording_of_the_rarer_events():
    claimed = ProfileEvent(kind=ProfileEventKind.CLAIMED, new_value="claim 4")
    released = ProfileEvent(kind=ProfileEventKind.RELEASED)
    level = ProfileEvent(kind=ProfileEventKind.LEVEL, new_value="L3")
    gone = ProfileEvent(kind=ProfileEventKind.EDITED, new_value="showed work 99")
    created = ProfileEvent(kind=ProfileEventKind.CREATED)
    assert describe("event", event=claimed) == "claimed their record"
    assert describe("event", event=released).startswith("released their record")
    assert describe("event", event=level) == "verification level changed to L3"
    assert describe("event", event=gone) == (
        "showed a work on their page again: a work no longer listed"
    )
    assert describe("event", event=created) == "record created"
    assert describe("event") == ""
