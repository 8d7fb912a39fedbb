"""When a claim is approved, the record's other pending claims leave the queue: closed with a
standard reason, a line in their history, and a message to their claimants."""

import pytest
from django.core import mail

from profiles.choices import ClaimEventKind, ClaimStatus
from profiles.models import Claim, ClaimEvent
from profiles.services import claims as svc
from profiles.services.claims.queue import queue_position
from tests.factories import AuthorRecordFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _three_claims():
    author = AuthorRecordFactory(display_name="Hao Wang")
    winner, rival, other_rival = (ClaimFactory(author=author) for _ in range(3))
    elsewhere = ClaimFactory()  # a pending claim on another record
    return author, winner, [rival, other_rival], elsewhere


def test_approval_closes_the_other_pending_claims(django_capture_on_commit_callbacks):
    author, winner, rivals, elsewhere = _three_claims()
    moderator = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_approve(claim=winner, moderator=moderator)
    for rival in rivals:
        rival.refresh_from_db()
        assert rival.status == ClaimStatus.CLOSED
        assert rival.decided_at is not None and "dispute" in rival.decision_reason
        assert queue_position(rival) is None
        event = ClaimEvent.objects.get(claim=rival, kind=ClaimEventKind.CLOSED)
        assert (event.from_status, event.to_status) == ("pending", "closed")
        assert event.actor == moderator
    assert Claim.objects.get(pk=elsewhere.pk).status == ClaimStatus.PENDING
    assert Claim.objects.get(pk=winner.pk).status == ClaimStatus.APPROVED


def test_each_closed_claimant_is_told_with_a_link_to_the_record(
    django_capture_on_commit_callbacks,
):
    author, winner, rivals, _ = _three_claims()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_approve(claim=winner, moderator=None)  # the automatic approval too
    for rival in rivals:
        [message] = [m for m in mail.outbox if rival.claimant.email in m.to]
        assert "claimed by someone else" in message.subject
        assert "This record was claimed" in message.body
        assert "dispute" in message.body
        assert author.get_absolute_url() in message.body


def test_a_closed_claim_cannot_be_approved_or_rejected_later():
    _, winner, rivals, _ = _three_claims()
    svc.claim_approve(claim=winner, moderator=None)
    with pytest.raises(svc.ClaimError) as error:
        svc.claim_approve(claim=rivals[0], moderator=UserFactory(is_staff=True))
    assert error.value.code == svc.NOT_PENDING
    with pytest.raises(svc.ClaimError):
        svc.claim_reject(claim=rivals[0], moderator=UserFactory(is_staff=True), reason="x")


def test_a_closed_claimant_may_claim_again_once_the_record_is_free():
    author, winner, rivals, _ = _three_claims()
    svc.claim_approve(claim=winner, moderator=None)
    svc.release_ownership(author=author, reason="released by a moderator")
    again = ClaimFactory(author=author, claimant=rivals[0].claimant)
    assert again.status == ClaimStatus.PENDING  # the one-pending constraint allows it


def test_the_closed_claim_page_links_to_the_record(client):
    author, winner, rivals, _ = _three_claims()
    svc.claim_approve(claim=winner, moderator=None)
    client.force_login(rivals[0].claimant)
    html = client.get(f"/dashboard/claims/{rivals[0].pk}/").content.decode()
    assert "closed" in html.lower() and author.get_absolute_url() in html
