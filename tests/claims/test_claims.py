"""The claim rules (profiles/services/claims/), through the service functions, on a real
database with the seed record and the seed CVs."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from profiles.choices import ClaimStatus, ProfileEventKind, VerificationLevel
from profiles.models import AuthorRecord, Claim, ClaimEvent, ProfileEvent
from profiles.services import claims as svc
from tests.factories import (
    AuthorRecordFactory,
    UserFactory,
    add_verified_email,
    claimant,
    cv,
    give_institution,
    lao_cv,
    sign_in_with_orcid,
)

pytestmark = pytest.mark.django_db


def _approved(author, user=None, proofs=None):
    """A record owned through an approved claim (built through the service)."""
    user = user or claimant()
    claim = svc.claim_submit(claimant=user, author=author, cv_text=lao_cv())
    moderator = UserFactory(is_staff=True)
    return svc.claim_approve(claim=claim, moderator=moderator)


# --- levels: one rule


@pytest.mark.parametrize(
    ("proofs", "decision", "by_moderator", "level"),
    [
        ([], "strong", True, 2),
        ([], "review", True, 2),
        ([{"kind": "orcid"}], "review", True, 2),
        ([{"kind": "orcid"}], "strong", False, 3),
        ([{"kind": "orcid"}], "strong", True, 4),
        # An address at the record's institution supports; alone it never lifts the level.
        ([{"kind": "institutional_email"}], "strong", False, 2),
        ([{"kind": "institutional_email", "strength": "supporting"}], "strong", True, 3),
        ([{"kind": "orcid"}, {"kind": "institutional_email"}], "strong", False, 4),
        ([{"kind": "institutional_email"}, {"kind": "institutional_email"}], "strong", True, 3),
        # An address at an affiliation the owner chose is no proof at all.
        ([{"kind": "institutional_email", "strength": "none"}], "strong", True, 2),
        (
            [{"kind": "orcid"}, {"kind": "institutional_email", "strength": "none"}],
            "strong",
            False,
            3,
        ),
    ],
)
def test_verification_level_rule(proofs, decision, by_moderator, level):
    assert (
        svc.level_for(identity_proof=proofs, decision=decision, by_moderator=by_moderator) == level
    )


# --- submitting


def test_genuine_cv_without_identity_proof_waits_for_a_moderator(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.PENDING
    assert claim.decision == "strong"
    assert claim.identity_proof == []
    assert claim.objections_until is not None
    seed_record.refresh_from_db()
    assert seed_record.owner is None
    assert [e.kind for e in claim.events.all()] == ["submitted"]
    assert svc.queue_position(claim) == 1


def test_strong_match_with_orcid_sign_in_is_approved_automatically(
    seed_record, django_capture_on_commit_callbacks
):
    user = claimant()
    sign_in_with_orcid(user, seed_record)
    before = AuthorRecord.objects.get(pk=seed_record.pk).trust_score
    with django_capture_on_commit_callbacks(execute=True):
        claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.APPROVED
    assert claim.auto_approved
    assert claim.decided_by is None
    seed_record.refresh_from_db()
    assert seed_record.owner == user
    assert seed_record.verification_level == VerificationLevel.L3
    assert seed_record.trust_score > before
    labels = [t["label"] for t in seed_record.trust_breakdown]
    assert any("Identity proofs" in label for label in labels)
    kinds = set(ProfileEvent.objects.filter(author=seed_record).values_list("kind", flat=True))
    assert {ProfileEventKind.CLAIMED, ProfileEventKind.LEVEL} <= kinds
    assert any("approved" in m.subject for m in mail.outbox)


@override_settings(CLAIMS_AUTO_APPROVE=False)
def test_auto_approval_can_be_switched_off(seed_record):
    user = claimant()
    sign_in_with_orcid(user, seed_record)
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.PENDING
    approved = svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    assert approved.level_granted == VerificationLevel.L4


def test_institutional_email_with_a_cv_in_another_name_is_not_approved(seed_record):
    give_institution(seed_record)
    user = claimant(name="Maximilian Lam")
    add_verified_email(user, "max@example-univ.edu")
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.PENDING
    assert claim.decision != "strong"


def test_unverified_email_cannot_claim(seed_record):
    user = UserFactory(verified=False, name="ChonLam Lao")
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert exc.value.code == svc.EMAIL_UNVERIFIED
    assert not Claim.objects.exists()


def test_claim_on_an_already_claimed_record_is_refused(seed_record):
    _approved(seed_record)
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    assert exc.value.code == svc.ALREADY_CLAIMED


def test_claiming_ones_own_record_again_is_refused(seed_record):
    claim = _approved(seed_record)
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=claim.claimant, author=seed_record, cv_text=lao_cv())
    assert exc.value.code == svc.OWN_RECORD


def test_second_record_is_refused_with_a_message_about_merges(demo):
    claim = _approved(demo["chonlam-lao"])
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=claim.claimant, author=demo["hao-wang"], cv_text="x")
    assert exc.value.code == svc.OWNS_ANOTHER
    assert "merge" in exc.value.messages[0]


def test_duplicate_pending_claim_is_refused(seed_record):
    user = claimant()
    svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=user, author=seed_record, cv_text="other text")
    assert exc.value.code == svc.DUPLICATE_PENDING
    assert Claim.objects.count() == 1


def test_claim_without_any_evidence_is_refused(seed_record):
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_submit(claimant=claimant(), author=seed_record)
    assert exc.value.code == svc.NO_EVIDENCE


def test_reclaim_after_rejection_needs_new_evidence(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    svc.claim_reject(claim=claim, moderator=UserFactory(is_staff=True), reason="Not enough")
    with pytest.raises(svc.ClaimError) as exc:
        # Same evidence, only spacing and case changed.
        svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv().upper() + "  ")
    assert exc.value.code == svc.NO_NEW_EVIDENCE
    again = svc.claim_submit(
        claimant=user, author=seed_record, cv_text=lao_cv() + "\nICNP 2023 talk slides"
    )
    assert again.status == ClaimStatus.PENDING


def test_invalid_orcid_checksum_is_refused_and_nothing_stored(seed_record):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        svc.claim_submit(
            claimant=claimant(), author=seed_record, cv_text=lao_cv(), orcid="0000-0002-1825-0098"
        )
    assert exc.value.code == "orcid_invalid"
    assert not Claim.objects.exists()


# --- decisions


def test_reject_needs_a_reason_and_the_claimant_is_told(
    seed_record, django_capture_on_commit_callbacks
):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    moderator = UserFactory(is_staff=True)
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_reject(claim=claim, moderator=moderator, reason="  ")
    assert exc.value.code == svc.REASON_REQUIRED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_reject(claim=claim, moderator=moderator, reason="Your CV names someone else.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert claim.decision_reason == "Your CV names someone else."
    assert "Your CV names someone else." in mail.outbox[0].body
    event = claim.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("pending", "rejected", moderator)


def test_moderator_approval_without_proof_gives_l2(seed_record):
    claim = _approved(seed_record)
    assert claim.level_granted == VerificationLevel.L2
    seed_record.refresh_from_db()
    assert seed_record.verification_level == VerificationLevel.L2
    assert seed_record.claimed_at is not None


def test_approval_is_refused_when_the_record_got_an_owner_meanwhile(seed_record):
    first = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    second = svc.claim_submit(
        claimant=claimant(name="Lao ChonLam"), author=seed_record, cv_text=lao_cv()
    )
    moderator = UserFactory(is_staff=True)
    # The record gets an owner by another way than an approval (a moderator's merge):
    # the claims stay pending and approving one is refused.
    AuthorRecord.objects.filter(pk=seed_record.pk).update(
        owner=UserFactory(), verification_level=2, claimed_at=timezone.now()
    )
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_approve(claim=second, moderator=moderator)
    assert exc.value.code == svc.RECORD_TAKEN
    second.refresh_from_db()
    assert second.status == ClaimStatus.PENDING
    assert first.pk != second.pk


def test_approval_closes_the_rival_claim_and_approving_it_is_refused(seed_record):
    first = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    second = svc.claim_submit(
        claimant=claimant(name="Lao ChonLam"), author=seed_record, cv_text=lao_cv()
    )
    moderator = UserFactory(is_staff=True)
    svc.claim_approve(claim=first, moderator=moderator)
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_approve(claim=second, moderator=moderator)
    assert exc.value.code == svc.NOT_PENDING
    second.refresh_from_db()
    assert second.status == ClaimStatus.CLOSED


def test_database_refuses_two_approved_claims_on_one_record(seed_record):
    claim = _approved(seed_record)
    other = Claim.objects.create(claimant=claimant(), author=seed_record, status="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=other.pk).update(status="approved", decided_at=claim.decided_at)


def test_database_refuses_an_unknown_status(seed_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(claimant=claimant(), author=seed_record, status="maybe")


def test_withdraw_only_own_pending_claim(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_withdraw(claim=claim, user=UserFactory(verified=True))
    assert exc.value.code == svc.NOT_YOURS
    svc.claim_withdraw(claim=claim, user=user)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    with pytest.raises(svc.ClaimError):
        svc.claim_withdraw(claim=claim, user=user)
    # A withdrawn claim does not block a new one.
    svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())


def test_adding_evidence_rescores_and_keeps_the_queue_place(seed_record):
    early = svc.claim_submit(
        claimant=claimant(name="Hao Wang"), author=seed_record, cv_text=cv("hao_wang")
    )
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, statement="It is me.")
    assert svc.queue_position(claim) == 2
    assert claim.decision != "strong"
    claim = svc.claim_add_evidence(claim=claim, user=user, cv_text=lao_cv())
    assert claim.decision == "strong"
    assert claim.status == ClaimStatus.PENDING
    assert svc.queue_position(claim) == 2
    assert svc.queue_position(early) == 1
    assert [e.kind for e in claim.events.all()] == ["submitted", "evidence"]


def test_adding_a_strong_proof_to_a_strong_claim_approves_it(seed_record):
    give_institution(seed_record)
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.PENDING
    assert any("example-univ.edu" in hint for hint in svc.missing_evidence(claim))
    add_verified_email(user, "lao@example-univ.edu")
    claim = svc.claim_add_evidence(claim=claim, user=user, statement="Verified my email.")
    assert claim.status == ClaimStatus.PENDING  # an address only supports: a moderator decides
    assert claim.proof_strength == "supporting"
    sign_in_with_orcid(user, seed_record)
    claim = svc.claim_add_evidence(claim=claim, user=user, statement="Signed in with ORCID.")
    assert claim.status == ClaimStatus.APPROVED
    seed_record.refresh_from_db()
    assert seed_record.verification_level == VerificationLevel.L4  # ORCID and an address


# --- ownership release


def test_deleting_an_owner_releases_the_record(seed_record):
    claim = _approved(seed_record)
    claim.claimant.delete()
    seed_record.refresh_from_db()
    assert seed_record.owner is None
    assert seed_record.verification_level == VerificationLevel.L1
    assert ProfileEvent.objects.filter(author=seed_record, kind=ProfileEventKind.RELEASED).exists()
    # Someone else can now claim it.
    svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())


def test_release_ownership_keeps_history_and_allows_a_new_approval(seed_record):
    claim = _approved(seed_record)
    moderator = UserFactory(is_staff=True)
    svc.release_ownership(author=seed_record, actor=moderator, reason="Disputed")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RELEASED
    assert ClaimEvent.objects.filter(claim=claim, kind="released").exists()
    _approved(seed_record, user=claimant(name="Lao ChonLam"))


def test_record_factory_unclaimed_is_l1():
    assert AuthorRecordFactory().verification_level == 1


# --- identity proven after approval


def test_owner_who_verifies_an_institutional_email_later_stays_l2(seed_record):
    """An address at the institution only supports: it does not lift the level alone."""
    user = claimant()
    _approved(seed_record, user)
    give_institution(seed_record)
    add_verified_email(user, "lao@cs.example-univ.edu")
    address = EmailAddress.objects.get(email="lao@cs.example-univ.edu")
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    seed_record.refresh_from_db()
    assert seed_record.verification_level == VerificationLevel.L2


def test_owner_who_signs_in_with_orcid_later_rises_to_l3(seed_record):
    user = claimant()
    _approved(seed_record, user)
    seed_record.refresh_from_db()
    assert seed_record.verification_level == VerificationLevel.L2
    before = seed_record.trust_score

    sign_in_with_orcid(user, seed_record)
    svc.owner_recheck_level(user=user)

    seed_record.refresh_from_db()
    assert seed_record.verification_level == VerificationLevel.L3
    assert seed_record.trust_score > before
    level_events = ProfileEvent.objects.filter(author=seed_record, kind=ProfileEventKind.LEVEL)
    assert level_events.first().new_value == "L3"
    claim = Claim.objects.get(author=seed_record, status=ClaimStatus.APPROVED)
    assert claim.level_granted == VerificationLevel.L3
    assert [(p["kind"], p["strength"]) for p in claim.identity_proof] == [("orcid", "strong")]


def test_recheck_without_new_proof_changes_nothing(seed_record):
    user = claimant()
    _approved(seed_record, user)
    events = ProfileEvent.objects.count()
    author = svc.owner_recheck_level(user=user)
    assert author.verification_level == VerificationLevel.L2
    assert ProfileEvent.objects.count() == events


def test_recheck_is_refused_to_someone_who_owns_nothing(seed_record):
    with pytest.raises(svc.ClaimError) as exc:
        svc.owner_recheck_level(user=claimant())
    assert exc.value.code == svc.NOT_YOURS
