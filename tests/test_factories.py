"""The factories' traits build rows the database accepts, in the states their names say."""

from __future__ import annotations

import pytest

from profiles.choices import ClaimStatus, InvitationStatus
from tests.factories import AuthorRecordFactory, ClaimFactory, accepted_invitation

pytestmark = pytest.mark.django_db


def test_claimed_trait_gives_an_owner_a_level_and_a_trust_score():
    record = AuthorRecordFactory(claimed=True, verification_level=3)
    record.refresh_from_db()
    assert record.owner is not None
    assert record.owner.emailaddress_set.filter(verified=True).exists()
    assert record.verification_level == 3
    assert record.trust_score > 0


def test_unclaimed_record_has_no_owner():
    assert AuthorRecordFactory().owner is None


@pytest.mark.parametrize(
    ("traits", "status"),
    [({}, ClaimStatus.PENDING), ({"approved": True}, ClaimStatus.APPROVED),
     ({"rejected": True}, ClaimStatus.REJECTED)],
)  # fmt: skip
def test_claim_traits_pass_the_claim_constraints(traits, status):
    claim = ClaimFactory(**traits)
    claim.refresh_from_db()
    assert claim.status == status
    assert (claim.decided_at is None) == (status == ClaimStatus.PENDING)


def test_accepted_invitation_opens_a_conversation_for_both():
    invitation, conversation = accepted_invitation()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert conversation.participants.count() == 2
