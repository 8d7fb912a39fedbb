"""Disputes of an approved claim: "this record is mine" (docs/claims.md, Disputes).

A signed-in person with a verified email, who is not the record's owner and owns no other
record, disputes the record's approved claim with evidence scored like a claim's (`assess`,
with proofs gathered before any row is locked). One open dispute per person per record (the
database's guard). The owner is told. A moderator decides, with a reason both parties read:

- **uphold**: the record is released from its owner (`release_ownership`) and the
  disputant's evidence becomes a *pending* claim of theirs, decided in the claims queue like
  any other (approving it runs the usual checks). Nobody is made owner by a dispute alone.
- **dismiss**: nothing changes on the record.

Either way the outcome is written in both histories (a ClaimEvent on the disputed claim, a
DisputeEvent on the dispute, a ProfileEvent on the record) and in the audit trail, and both
parties are told once the decision commits.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.choices import (
    AuditAction,
    ClaimEventKind,
    ClaimStatus,
    DisputeEventKind,
    DisputeStatus,
    ProfileEventKind,
)
from profiles.errors import Conflict, Invalid, NotAllowed
from profiles.models import AuthorRecord, Claim, Dispute, DisputeEvent, ProfileEvent
from profiles.services import audit, notifications
from profiles.services.claims.assess import (
    _history,
    assess,
    check_pasted_text,
    delete_uploads,
    evidence_fields,
    gather_proofs,
    read_upload,
    save_upload,
)
from profiles.services.claims.common import (
    EMAIL_UNVERIFIED,
    MAX_STATEMENT_CHARS,
    NO_EVIDENCE,
    OWN_RECORD,
    OWNS_ANOTHER,
    REASON_REQUIRED,
)
from profiles.services.claims.decisions import release_ownership
from profiles.services.claims.queue import has_verified_email, owned_record

NOT_CLAIMED = "not_claimed"
DUPLICATE_DISPUTE = "duplicate_dispute"
NOT_OPEN = "dispute_not_open"


def approved_claim(author: AuthorRecord) -> Claim | None:
    """The claim that made the record's current owner, if any."""
    if author.owner_id is None:
        return None
    return Claim.objects.filter(
        author=author, claimant_id=author.owner_id, status=ClaimStatus.APPROVED
    ).first()


def open_dispute(*, user, author: AuthorRecord) -> Dispute | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Dispute.objects.filter(disputant=user, author=author, status=DisputeStatus.OPEN).first()


def check_may_dispute(*, disputant, author: AuthorRecord) -> Claim:
    """The approved claim this person may dispute; a typed error when they may not."""
    if not has_verified_email(disputant):
        raise NotAllowed(
            _("Verify your email address before disputing a claim."), code=EMAIL_UNVERIFIED
        )
    if author.owner_id == disputant.pk:
        raise Conflict(_("You own this record."), code=OWN_RECORD)
    claim = approved_claim(author)
    if claim is None:
        raise Conflict(
            _("This record has no approved claim to dispute; claim it instead."),
            code=NOT_CLAIMED,
        )
    other = owned_record(disputant)
    if other:
        raise Conflict(
            _("You already own the record “%(name)s”; ask the moderators to merge records.")
            % {"name": other.display_name},
            code=OWNS_ANOTHER,
        )
    if open_dispute(user=disputant, author=author):
        raise Conflict(
            _("You already have an open dispute on this record."), code=DUPLICATE_DISPUTE
        )
    return claim


def _dispute_history(dispute: Dispute, kind: str, *, actor, from_status: str, reason: str):
    DisputeEvent.objects.create(
        dispute=dispute,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=dispute.status,
        reason=reason,
    )


def dispute_submit(
    *, disputant, author: AuthorRecord, statement: str = "", cv_text: str = "", cv_file=None
) -> Dispute:
    """Open a dispute of the record's approved claim with evidence. The owner is told."""
    author = AuthorRecord.objects.get(pk=author.pk)
    check_may_dispute(disputant=disputant, author=author)
    statement = (statement or "").strip()[:MAX_STATEMENT_CHARS]
    pasted = check_pasted_text(cv_text or "")
    extracted = read_upload(cv_file) if cv_file else ""
    text = "\n\n".join(part for part in [pasted, extracted] if part)
    proofs = gather_proofs(claimant=disputant, author=author)  # network: before any lock
    evidence = assess(claimant=disputant, author=author, text=text, proofs=proofs)
    if not (text or evidence.identity_proof):
        raise Invalid(
            _("Give some evidence: upload your CV or paste your publications."), code=NO_EVIDENCE
        )
    saved: list[str] = []
    try:
        with transaction.atomic():
            return _store(disputant, author, statement, pasted, evidence, cv_file, saved)
    except IntegrityError as exc:
        delete_uploads(Dispute, saved)
        raise Conflict(
            _("You already have an open dispute on this record."), code=DUPLICATE_DISPUTE
        ) from exc
    except BaseException:
        delete_uploads(Dispute, saved)
        raise


def _store(disputant, author, statement, pasted, evidence, cv_file, saved) -> Dispute:
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    claim = check_may_dispute(disputant=disputant, author=author)  # again, under the lock
    dispute = Dispute(
        disputant=disputant,
        author=author,
        claim=claim,
        statement=statement,
        **evidence_fields(evidence, pasted=pasted),
    )
    dispute.set_identity_proof(evidence.identity_proof)
    if cv_file:
        save_upload(dispute, cv_file, saved)
    dispute.save()
    reason = _("Dispute %(id)s opened.") % {"id": dispute.pk}
    _dispute_history(
        dispute, DisputeEventKind.OPENED, actor=disputant, from_status="", reason=reason
    )
    _history(claim, ClaimEventKind.DISPUTED, actor=disputant, from_status=claim.status,
             reason=reason)  # fmt: skip
    transaction.on_commit(lambda: notifications.dispute_opened(dispute))
    return dispute


def _lock_open(dispute: Dispute) -> tuple[AuthorRecord, Claim, Dispute]:
    """Lock the record, the disputed claim, then the dispute (the decisions' order)."""
    author = AuthorRecord.objects.select_for_update().get(pk=dispute.author_id)
    claim = Claim.objects.select_for_update().get(pk=dispute.claim_id)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != DisputeStatus.OPEN:
        raise Conflict(
            _("This dispute is %(status)s, not open.") % {"status": dispute.get_status_display()},
            code=NOT_OPEN,
        )
    return author, claim, dispute


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give both parties a reason."), code=REASON_REQUIRED, field="reason")
    return reason


def _close(dispute: Dispute, status: str, *, moderator, reason: str) -> None:
    dispute.status = status
    dispute.decided_by = moderator
    dispute.decided_at = timezone.now()
    dispute.decision_reason = reason
    dispute.save()


def _record_outcome(
    *, author: AuthorRecord, claim: Claim, dispute: Dispute, moderator, reason: str, upheld: bool
) -> None:
    """The outcome in both histories, on the record and in the audit trail."""
    claim_kind = ClaimEventKind.UPHELD if upheld else ClaimEventKind.DISMISSED
    _history(claim, claim_kind, actor=moderator, from_status=claim.status, reason=reason)
    _dispute_history(
        dispute,
        DisputeEventKind.UPHELD if upheld else DisputeEventKind.DISMISSED,
        actor=moderator,
        from_status=DisputeStatus.OPEN,
        reason=reason,
    )
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.DISPUTE,
        actor=moderator,
        old_value=f"claim {claim.pk}",
        new_value=f"dispute {dispute.pk} {dispute.status}",
        # The record's history is public: the moderator's words stay in the private ones.
        reason=_("ownership dispute upheld") if upheld else _("ownership dispute dismissed"),
    )
    audit.record(
        actor=moderator,
        action=AuditAction.DISPUTE_UPHELD if upheld else AuditAction.DISPUTE_DISMISSED,
        target=dispute,
        before={"status": DisputeStatus.OPEN, "record": author.pk, "owner": claim.claimant_id},
        after={
            "status": dispute.status,
            "claim": claim.pk,
            "resulting_claim": dispute.resulting_claim_id,
        },
        reason=reason,
    )


def _pending_claim_from(dispute: Dispute, *, moderator, reason: str) -> Claim:
    """The disputant's evidence as a pending claim (or their pending claim already there)."""
    existing = Claim.objects.filter(
        claimant_id=dispute.disputant_id, author_id=dispute.author_id, status=ClaimStatus.PENDING
    ).first()
    if existing is not None:
        return existing
    claim = Claim(
        claimant_id=dispute.disputant_id,
        author_id=dispute.author_id,
        statement=dispute.statement,
        cv_text=dispute.cv_text,
        cv_file=dispute.cv_file.name or "",
        cv_file_name=dispute.cv_file_name,
        evidence_text=dispute.evidence_text,
        evidence_fingerprint=dispute.evidence_fingerprint,
        score=dispute.score,
        decision=dispute.decision,
        report=dispute.report,
    )
    claim.set_identity_proof(dispute.identity_proof)
    claim.save()
    _history(
        claim,
        ClaimEventKind.SUBMITTED,
        actor=moderator,
        from_status="",
        reason=_("From upheld dispute %(id)s: %(reason)s") % {"id": dispute.pk, "reason": reason},
    )
    return claim


@transaction.atomic
def dispute_uphold(*, dispute: Dispute, moderator, reason: str) -> Dispute:
    """The disputant is right: release the record and queue their evidence as a claim."""
    reason = _require_reason(reason)
    author, claim, dispute = _lock_open(dispute)
    if author.owner_id is not None and author.owner_id == claim.claimant_id:
        release_ownership(author=author, actor=moderator, reason=reason)
        author.refresh_from_db()
    claim.refresh_from_db()
    dispute.resulting_claim = _pending_claim_from(dispute, moderator=moderator, reason=reason)
    _close(dispute, DisputeStatus.UPHELD, moderator=moderator, reason=reason)
    _record_outcome(
        author=author, claim=claim, dispute=dispute, moderator=moderator, reason=reason,
        upheld=True,
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.dispute_decided(dispute))
    return dispute


@transaction.atomic
def dispute_dismiss(*, dispute: Dispute, moderator, reason: str) -> Dispute:
    """The disputant is not shown to be right: the record stays with its owner."""
    reason = _require_reason(reason)
    author, claim, dispute = _lock_open(dispute)
    _close(dispute, DisputeStatus.DISMISSED, moderator=moderator, reason=reason)
    _record_outcome(
        author=author, claim=claim, dispute=dispute, moderator=moderator, reason=reason,
        upheld=False,
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.dispute_decided(dispute))
    return dispute
