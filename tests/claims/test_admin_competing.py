"""The admin claim page shows the competing claims on the record side by side, with each
claimant's verified addresses, account age and other claims."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.choices import ClaimStatus
from tests.factories import AuthorRecordFactory, ClaimFactory, UserFactory, add_verified_email

pytestmark = pytest.mark.django_db

LIST = "/admin/profiles/claim/"


@pytest.fixture
def moderator(db):
    return UserFactory(is_staff=True, is_superuser=True, verified=True)


def _contest(rivals: int = 1):
    author = AuthorRecordFactory(display_name="Hao Wang")
    claim = ClaimFactory(author=author, score=72, decision="review", claimant__name="Hao Wang")
    others = []
    for i in range(rivals):
        rival = ClaimFactory(author=author, score=40 + i, decision="weak")
        add_verified_email(rival.claimant, f"rival{rival.pk}@connect.example.edu")
        ClaimFactory(claimant=rival.claimant, rejected=True, decision="weak")  # elsewhere
        others.append(rival)
    ClaimFactory(author=author, status=ClaimStatus.WITHDRAWN)  # not shown
    return claim, others


def test_claim_page_shows_competing_claims_and_claimant_facts(client, moderator):
    claim, [rival] = _contest()
    client.force_login(moderator)
    html = client.get(f"{LIST}{claim.pk}/change/").content.decode()
    assert "Competing claims" in html
    assert "this claim" in html
    assert f"{LIST}{rival.pk}/change/" in html
    assert rival.claimant.email in html
    assert f"rival{rival.pk}@connect.example.edu" in html  # verified address
    assert "since " in html and "day" in html  # account age
    assert "rejected" in html  # the rival's other claim and its decision
    assert ">40<" in html and ">72<" in html  # scores side by side


def test_a_lone_claim_says_there_is_no_competition(client, moderator):
    claim = ClaimFactory()
    client.force_login(moderator)
    html = client.get(f"{LIST}{claim.pk}/change/").content.decode()
    assert "No other pending, approved or closed claim on this record." in html


def test_competing_section_queries_do_not_grow(client, moderator):
    small, _ = _contest(1)
    large, _ = _contest(6)
    client.force_login(moderator)
    counts = []
    for claim in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{LIST}{claim.pk}/change/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
