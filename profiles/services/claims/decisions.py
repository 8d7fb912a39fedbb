"""Claim decisions: approval, rejection, withdrawal, re-checks and releasing a record."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.choices import (
    AuditAction,
    ClaimEventKind,
    ClaimStatus,
    ProfileEventKind,
    VerificationLevel,
)
from profiles.errors import Conflict, Invalid, NotFound
from profiles.evidence.proofs import Proof
from profiles.models import (
    AuthorRecord,
    Claim,
    ProfileEvent,
)
from profiles.services import audit, notifications
from profiles.services.claims.assess import _history, assess, gather_proofs
from profiles.services.claims.common import (
    NOT_PENDING,
    NOT_YOURS,
    OWNS_ANOTHER,
    REASON_REQUIRED,
    RECORD_TAKEN,
    STRONG,
    ClaimError,
)
from profiles.services.claims.competing import close_competing_claims
from profiles.services.claims.levels import level_for
from profiles.services.claims.queue import owned_record
from profiles.services.records import queue_neighbour_trust, refresh_author_stats

# ---------------------------------------------------------------------------------------------
# Decisions


def _lock(claim: Claim) -> tuple[AuthorRecord, Claim]:
    """Lock the record, then the claim: always in this order, so two decisions on claims of
    the same record queue behind each other instead of deadlocking."""
    author = AuthorRecord.objects.select_for_update().get(pk=claim.author_id)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    return author, locked


def _check_approvable(claim: Claim, author: AuthorRecord) -> None:
    """Refuse (Conflict) a claim that is no longer pending, a record that got an owner
    meanwhile, or a claimant who already owns another record."""
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(
            _("This claim is %(status)s, not pending.") % {"status": claim.get_status_display()},
            code=NOT_PENDING,
        )
    if author.owner_id is not None:
        raise Conflict(
            _(
                "This record was claimed by someone else in the meantime; this claim "
                "stays pending. Reject it, or release the other ownership first."
            ),
            code=RECORD_TAKEN,
        )
    if AuthorRecord.objects.filter(owner_id=claim.claimant_id).exists():
        raise Conflict(
            _("The claimant already owns another record; merge the records instead."),
            code=OWNS_ANOTHER,
        )


def _mark_approved(claim: Claim, *, moderator, reason: str, now) -> int:
    """Write the approval on the (locked) claim; the level it grants."""
    by_moderator = moderator is not None
    level = level_for(
        identity_proof=claim.identity_proof,
        decision=claim.decision,
        by_moderator=by_moderator,
    )
    claim.status = ClaimStatus.APPROVED
    claim.decided_by = moderator
    claim.decided_at = now
    claim.auto_approved = not by_moderator
    claim.level_granted = level
    claim.decision_reason = reason.strip() or (
        _("Approved: your evidence matched this record and your identity was proven.")
        if not by_moderator
        else _("Approved by a moderator.")
    )
    claim.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "auto_approved",
            "level_granted",
            "decision_reason",
            "updated_at",
        ]
    )
    return level


def _level_event(author: AuthorRecord, *, actor, old_level: int, level: int, reason: str) -> None:
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.LEVEL,
        actor=actor,
        old_value=f"L{old_level}",
        new_value=f"L{level}",
        reason=reason,
    )


def _make_owner(author: AuthorRecord, claim: Claim, *, moderator, level: int, now) -> None:
    """Give the (locked) record to the claimant at `level`, with its history lines."""
    old_level = author.verification_level
    author.owner_id = claim.claimant_id
    author.claimed_at = now
    author.verification_level = level
    author.save(update_fields=["owner", "claimed_at", "verification_level", "updated_at"])
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.CLAIMED,
        actor=moderator,
        new_value=f"claim {claim.pk}",
        reason=claim.decision_reason,
    )
    _level_event(
        author, actor=moderator, old_level=old_level, level=level, reason=_("claim approved")
    )


def claim_approve(*, claim: Claim, moderator, reason: str = "") -> Claim:
    """Approve a pending claim: the claimant becomes the record's owner at the level
    `level_for` gives. `moderator=None` is the automatic approval. Refused with a clear
    ClaimError (and the claim left pending) when the record got an owner meanwhile. The
    record's other pending claims are closed and their claimants told (competing.py)."""
    try:
        with transaction.atomic():
            author, claim = _lock(claim)
            _check_approvable(claim, author)
            now = timezone.now()
            level = _mark_approved(claim, moderator=moderator, reason=reason, now=now)
            _make_owner(author, claim, moderator=moderator, level=level, now=now)
            _history(
                claim,
                ClaimEventKind.APPROVED,
                actor=moderator,
                from_status=ClaimStatus.PENDING,
                reason=claim.decision_reason,
            )
            closed = close_competing_claims(approved=claim, author=author, actor=moderator, now=now)
            audit.record(
                actor=moderator,
                action=AuditAction.CLAIM_APPROVED,
                target=claim,
                before={"status": ClaimStatus.PENDING, "record": author.pk},
                after={
                    "status": claim.status,
                    "level": level,
                    "owner": claim.claimant_id,
                    "closed_claims": [rival.pk for rival in closed],
                },
                reason=claim.decision_reason,
            )
            refresh_author_stats(author=author, actor=moderator, reason=_("claim approved"))
            queue_neighbour_trust(author=author, owner_id=claim.claimant_id)
    except IntegrityError as exc:  # the database's own guard, should the locks be bypassed
        raise Conflict(
            _("This record was claimed by someone else in the meantime."), code=RECORD_TAKEN
        ) from exc
    transaction.on_commit(lambda: notifications.claim_news(claim, "approved"))
    return claim


def owner_recheck_level(*, user) -> AuthorRecord:
    """Raise an owner's verification level when they prove their identity after approval
    (connect ORCID, verify an institutional email): the approved claim's evidence is scored
    again with the proofs the owner has now, and `level_for` decides. A level is never
    lowered here; nothing changes when nothing new was proven."""
    author = owned_record(user)
    if author is None:
        raise NotFound(_("You do not own a claimed record."), code=NOT_YOURS)
    claim = (
        Claim.objects.filter(author=author, claimant=user, status=ClaimStatus.APPROVED)
        .order_by("-decided_at")
        .first()
    )
    if claim is None:
        raise NotFound(_("Your record has no approved claim to re-check."), code=NOT_YOURS)
    proofs = gather_proofs(claimant=user, author=author)  # network: before any lock
    with transaction.atomic():
        return _raise_level(claim=claim, user=user, proofs=proofs)


def _raise_level(*, claim: Claim, user, proofs: list[Proof]) -> AuthorRecord:
    author, claim = _lock(claim)
    evidence = assess(
        claimant=user, author=author, text=claim.evidence_text, orcid=claim.orcid, proofs=proofs
    )
    known = {(p.get("kind"), p.get("detail")) for p in claim.identity_proof}
    stored = list(claim.identity_proof) + [
        p for p in evidence.identity_proof if (p.get("kind"), p.get("detail")) not in known
    ]
    decision = STRONG if STRONG in (claim.decision, evidence.report["decision"]) else claim.decision
    # The moderator who approved the claim never saw these proofs: they raise the level as
    # proofs alone do (L3, or L4 with two kinds), not as a moderator's confirmation would.
    level = level_for(identity_proof=stored, decision=decision, by_moderator=False)
    if level <= author.verification_level:
        return author
    old_level = author.verification_level
    reason = _("identity proven after approval")
    claim.set_identity_proof(stored)
    claim.level_granted = level
    claim.save(update_fields=["identity_proof", "proof_strength", "level_granted", "updated_at"])
    _history(claim, ClaimEventKind.EVIDENCE, actor=user, from_status=claim.status, reason=reason)
    author.verification_level = level
    author.save(update_fields=["verification_level", "updated_at"])
    _level_event(author, actor=user, old_level=old_level, level=level, reason=reason)
    return refresh_author_stats(author=author, actor=user, reason=reason)


def claim_refusal_note(*, claim: Claim, moderator, error: ClaimError) -> None:
    """Record that an approval was refused, so the claim's history explains it."""
    with transaction.atomic():
        _history(
            claim,
            ClaimEventKind.REFUSED,
            actor=moderator,
            from_status=claim.status,
            reason=" ".join(error.messages),
        )


@transaction.atomic
def claim_reject(*, claim: Claim, moderator, reason: str) -> Claim:
    """Reject a pending claim with a reason the claimant sees."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the claimant a reason."), code=REASON_REQUIRED)
    _author, claim = _lock(claim)
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(
            _("This claim is %(status)s, not pending.") % {"status": claim.get_status_display()},
            code=NOT_PENDING,
        )
    claim.status = ClaimStatus.REJECTED
    claim.decided_by = moderator
    claim.decided_at = timezone.now()
    claim.decision_reason = reason
    claim.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    _history(
        claim,
        ClaimEventKind.REJECTED,
        actor=moderator,
        from_status=ClaimStatus.PENDING,
        reason=reason,
    )
    audit.record(
        actor=moderator,
        action=AuditAction.CLAIM_REJECTED,
        target=claim,
        before={"status": ClaimStatus.PENDING},
        after={"status": claim.status},
        reason=reason,
    )
    transaction.on_commit(lambda: notifications.claim_news(claim, "rejected"))
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, user) -> Claim:
    """The claimant takes back their pending claim."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.claimant_id != user.pk:
        raise NotFound(_("This is not your claim."), code=NOT_YOURS)
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(_("Only a pending claim can be withdrawn."), code=NOT_PENDING)
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status", "updated_at"])
    _history(claim, ClaimEventKind.WITHDRAWN, actor=user, from_status=ClaimStatus.PENDING)
    return claim


@transaction.atomic
def release_ownership(*, author: AuthorRecord, actor=None, reason: str = "") -> AuthorRecord:
    """End a record's ownership: back to an unclaimed L1 record, its approved claim marked
    released, history lines written and trust recomputed. Used before an owner's account is
    deleted (profiles/signals.py) and by moderators."""
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    if author.owner_id is None:
        return author
    old_level, old_owner_id = author.verification_level, author.owner_id
    for claim in Claim.objects.select_for_update().filter(
        author=author, status=ClaimStatus.APPROVED
    ):
        claim.status = ClaimStatus.RELEASED
        claim.save(update_fields=["status", "updated_at"])
        _history(
            claim,
            ClaimEventKind.RELEASED,
            actor=actor,
            from_status=ClaimStatus.APPROVED,
            reason=reason,
        )
    author.owner = None
    author.claimed_at = None
    author.verification_level = VerificationLevel.L1
    author.save(update_fields=["owner", "claimed_at", "verification_level", "updated_at"])
    ProfileEvent.objects.create(
        author=author, kind=ProfileEventKind.RELEASED, actor=actor, reason=reason
    )
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.LEVEL,
        actor=actor,
        old_value=f"L{old_level}",
        new_value="L1",
        reason=reason,
    )
    queue_neighbour_trust(author=author, owner_id=old_owner_id)
    return refresh_author_stats(author=author, actor=actor, reason=reason)
