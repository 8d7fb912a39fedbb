"""Permission guards inside the services that no page or API call reaches today (the views
check first). Each is called directly: the refusal is the typed error with its code, and the
database is left exactly as it was."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from profiles.models import (
    AuthorRecord,
    Authorship,
    Claim,
    ClaimEvent,
    ClaimObjection,
    Conversation,
    Message,
    NameVariant,
    ProfileEvent,
)
from profiles.services.claims import (
    ClaimError,
    claim_add_evidence,
    claim_approve,
    claim_object,
    claim_reject,
    claim_submit,
    claim_withdraw,
)
from profiles.services.collaboration import accept_invitation, post_message, send_invitation
from profiles.services.owner import profile_update, work_add_by_owner, work_set_hidden
from tests.factories import AuthorRecordFactory, AuthorshipFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row the guarded services could write, as plain values."""
    return {
        "records": list(AuthorRecord.objects.order_by("pk").values()),
        "authorships": list(Authorship.objects.order_by("pk").values()),
        "names": list(NameVariant.objects.order_by("pk").values()),
        "profile_events": ProfileEvent.objects.count(),
        "claims": list(Claim.objects.order_by("pk").values()),
        "claim_events": ClaimEvent.objects.count(),
        "objections": ClaimObjection.objects.count(),
        "conversations": list(Conversation.objects.order_by("pk").values()),
        "messages": list(Message.objects.order_by("pk").values()),
    }


def refused(error_type, code, fn, **kwargs):
    """Call fn; it must raise error_type with `code` and change nothing."""
    before = snapshot()
    with pytest.raises(error_type) as exc:
        fn(**kwargs)
    err = exc.value
    assert not hasattr(err, "error_dict"), err
    assert [e.code for e in err.error_list] == [code]
    assert snapshot() == before


def pending_claim(**fields):
    """A pending claim without identity proof (objection window open) on an unclaimed record."""
    claim = claim_submit(
        claimant=UserFactory(verified=True),
        author=AuthorRecordFactory(**fields),
        statement="This record is mine.",
    )
    assert claim.status == "pending"
    return claim


# --- Owner edits by someone who does not own the record ------------------------------------


@pytest.fixture
def owned():
    owner, record = researcher(headline="Original headline")
    authorship = AuthorshipFactory(author=record)
    return owner, record, authorship


@pytest.mark.parametrize("stranger_kind", ["other_owner", "plain_user", "anonymous"])
def test_profile_update_by_a_non_owner_is_refused(owned, stranger_kind):
    _owner, record, _ = owned
    stranger = {
        "other_owner": lambda: researcher()[0],
        "plain_user": lambda: UserFactory(verified=True),
        "anonymous": AnonymousUser,
    }[stranger_kind]()
    refused(
        ValidationError,
        "not_owner",
        profile_update,
        author=record,
        user=stranger,
        headline="Taken over",
        bio="Not mine",
        links=[{"label": "x", "url": "https://example.org/"}],
        public_names=["Someone Else"],
        private_names=["Secret Name"],
        open_to_collaborate=False,
    )


def test_hiding_a_work_by_a_non_owner_is_refused(owned):
    _owner, record, authorship = owned
    refused(
        ValidationError,
        "not_owner",
        work_set_hidden,
        author=record,
        user=UserFactory(verified=True),
        work=authorship.work,
        hidden=True,
    )


def test_adding_a_work_by_a_non_owner_is_refused(owned):
    _owner, record, _ = owned
    refused(
        ValidationError,
        "not_owner",
        work_add_by_owner,
        author=record,
        user=UserFactory(verified=True),
        title="A paper I did not write",
        year=2025,
        doi="10.1234/not-mine",
    )


# --- Messages from someone outside the conversation ---------------------------------------


def test_post_message_by_a_non_participant_is_refused():
    sender, _ = researcher()
    recipient, recipient_rec = researcher()
    invitation = send_invitation(
        sender=sender,
        recipient_record=recipient_rec,
        subject="Work together?",
        message="I liked your paper.",
    )
    conversation = accept_invitation(invitation=invitation, user=recipient, reply="Gladly")
    outsider, _ = researcher()
    refused(
        ValidationError,
        "not_participant",
        post_message,
        conversation=conversation,
        user=outsider,
        body="Let me in",
    )


# --- Claims -------------------------------------------------------------------------------


def test_adding_evidence_to_someone_elses_claim_is_refused():
    claim = pending_claim()
    refused(
        ClaimError,
        "not_yours",
        claim_add_evidence,
        claim=claim,
        user=UserFactory(verified=True),
        statement="I am the real one.",
        cv_text="Some publications of mine.",
    )


def _make_non_pending(claim, state):
    moderator = UserFactory(is_staff=True)
    if state == "withdrawn":
        claim_withdraw(claim=claim, user=claim.claimant)
    elif state == "rejected":
        claim_reject(claim=claim, moderator=moderator, reason="No evidence.")
    else:
        claim_approve(claim=claim, moderator=moderator)
    claim.refresh_from_db()
    assert claim.status == state
    return claim


@pytest.mark.parametrize("state", ["withdrawn", "rejected", "approved"])
def test_approving_a_claim_that_is_not_pending_is_refused(state):
    claim = _make_non_pending(pending_claim(), state)
    refused(
        ClaimError,
        "not_pending",
        claim_approve,
        claim=claim,
        moderator=UserFactory(is_staff=True),
        reason="Looks fine.",
    )


@pytest.mark.parametrize("state", ["withdrawn", "rejected", "approved"])
def test_rejecting_a_claim_that_is_not_pending_is_refused(state):
    claim = _make_non_pending(pending_claim(), state)
    refused(
        ClaimError,
        "not_pending",
        claim_reject,
        claim=claim,
        moderator=UserFactory(is_staff=True),
        reason="Changed my mind.",
    )


def test_the_claimant_cannot_object_to_his_own_claim():
    claim = pending_claim()
    assert claim.objections_until is not None  # the window is open for co-authors
    refused(
        ClaimError,
        "not_a_coauthor",
        claim_object,
        claim=claim,
        user=claim.claimant,
        reason="I object to myself.",
    )
