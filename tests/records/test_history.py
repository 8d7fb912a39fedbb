"""The public trust history: the record's page and GET /api/v1/authors/{id}/history/."""

import pytest

from profiles.models import ProfileEvent
from profiles.selectors.history import cause_for
from profiles.services.claims import claim_approve
from profiles.services.moderation import adjust_trust
from tests.factories import AuthorRecordFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Moderator note about jane.secret@example.org"


def _approved_and_adjusted():
    author = AuthorRecordFactory()
    claim = ClaimFactory(author=author)
    claim_approve(claim=claim, moderator=UserFactory(is_staff=True, email="mod@example.org"))
    author.refresh_from_db()
    adjust_trust(author=author, moderator=UserFactory(is_staff=True), points=-10, reason=SECRET)
    return author


@pytest.mark.parametrize(
    ("kind", "reason", "new", "cause"),
    [
        ("level", "claim approved", "L2", "claim_approved"),
        ("level", "identity proven after approval", "L3", "identity_proven"),
        ("trust", "abuse report 12 upheld", "30", "report_upheld"),
        ("trust", "moderator adjustment: fake affiliation", "30", "moderator"),
        ("level", "owner's account was deleted", "L1", "ownership_released"),
        ("trust", "new verified follower", "40", "followers"),
        ("trust", "a private note", "40", "record_updated"),
    ],
)
def test_causes_are_public_words_never_the_stored_reason(kind, reason, new, cause):
    assert cause_for(kind=kind, reason=reason, new_value=new) == cause


def test_history_api_lists_level_and_trust_changes_with_causes(client):
    author = _approved_and_adjusted()
    body = client.get(f"/api/v1/authors/{author.pk}/history/").json()
    assert {"count", "next", "previous", "results"} <= set(body)
    causes = {(line["kind"], line["cause"]) for line in body["results"]}
    assert ("level", "claim_approved") in causes
    assert ("trust", "moderator") in causes
    level = next(line for line in body["results"] if line["kind"] == "level")
    assert (level["old_value"], level["new_value"]) == ("L1", "L2")
    assert "approved" in level["text"] and level["created_at"]
    raw = str(body)
    assert "jane.secret" not in raw and "mod@example.org" not in raw and "note" not in raw


def test_history_api_is_paginated(client):
    author = AuthorRecordFactory()
    ProfileEvent.objects.bulk_create(
        [
            ProfileEvent(author=author, kind="trust", old_value=str(i), new_value=str(i + 1))
            for i in range(25)
        ]
        + [ProfileEvent(author=author, kind="edited", reason="not in the history")]
    )
    body = client.get(f"/api/v1/authors/{author.pk}/history/?page_size=10").json()
    assert body["count"] == 25 and len(body["results"]) == 10 and body["next"]


def test_history_on_the_record_page_without_private_detail(client):
    author = _approved_and_adjusted()
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Trust history" in html
    assert "Verification level went from L1 to L2" in html
    assert "a moderator adjusted it" in html
    assert "jane.secret" not in html and "Moderator note" not in html


def test_history_queries_do_not_grow(client, django_assert_max_num_queries):
    small, large = AuthorRecordFactory(), AuthorRecordFactory()
    ProfileEvent.objects.create(author=small, kind="trust", old_value="1", new_value="2")
    ProfileEvent.objects.bulk_create(
        [
            ProfileEvent(author=large, kind="level", old_value="L1", new_value="L2")
            for _ in range(30)
        ]
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for author in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/authors/{author.pk}/history/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(5):
        client.get(f"/api/v1/authors/{large.pk}/history/")
