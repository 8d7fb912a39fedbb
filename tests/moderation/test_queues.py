"""The moderators' dashboard (each queue's size and oldest item on the admin index) and what
the claims list shows a moderator deciding, paginated."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from profiles.models import Claim
from profiles.services.claims import claim_submit
from profiles.services.collaboration import report_abuse, send_invitation
from tests.factories import AuthorRecordFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db


def submit(author, **kwargs) -> Claim:
    return claim_submit(
        claimant=UserFactory(verified=True), author=author, statement="Mine.", **kwargs
    )


def queue_row(html: str, name: str) -> tuple[str, str]:
    row = re.search(
        rf'{name}</a></th>\s*<td class="queue-size">(\d+)</td>\s*<td class="queue-oldest">([^<]*)<',
        html,
    )
    assert row, html
    return row.group(1), row.group(2)


def test_the_admin_index_shows_each_queues_size_and_oldest_item(mod_client):
    record = AuthorRecordFactory()
    first = submit(record)
    submit(record)
    Claim.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=3))
    sender, _ = researcher()
    recipient, recipient_record = researcher()
    invitation = send_invitation(
        sender=sender, recipient_record=recipient_record, subject="Hi", message="Buy now"
    )
    report_abuse(reporter=recipient, invitation=invitation, reason="spam")

    html = mod_client.get("/admin/").content.decode()
    size, oldest = queue_row(html, "Pending claims")
    assert size == "2" and oldest.startswith("3\xa0days ago")
    assert queue_row(html, "Open abuse reports")[0] == "1"
    assert queue_row(html, "Suspensions in force") == ("0", "—")
    assert "/admin/profiles/claim/?status__exact=pending" in html


def test_the_claims_list_shows_evidence_proof_and_competing_claims_paginated(mod_client):
    contested = AuthorRecordFactory()
    for _ in range(3):
        submit(contested)
    for _ in range(26):
        submit(AuthorRecordFactory())
    page = mod_client.get("/admin/profiles/claim/", {"status__exact": "pending", "o": "-9"})
    html = page.content.decode()
    assert page.context["cl"].paginator.num_pages == 2
    assert len(page.context["cl"].result_list) == 25
    competing = re.findall(r'<td class="field-competing">(\d+)</td>', html)
    assert competing[:3] == ["2", "2", "2"]
    assert '<td class="field-proof">—</td>' in html
    assert "work(s) matched" in html
    assert mod_client.get("/admin/profiles/claim/", {"p": "2"}).status_code == 200
