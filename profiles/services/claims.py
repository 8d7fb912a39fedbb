"""Claims: the one place with the rules for claiming an author record (docs/claims.md).

Every write is a function with keyword-only arguments inside `transaction.atomic`, writing its
history row (ClaimEvent, ProfileEvent) in the same transaction. Views, API views, the admin
and commands call these functions and turn `ClaimError` into responses; the error's `code`
is stable and tested.

Evidence scoring and identity proofs come from profiles.matching and profiles.identity (the
scoring branch); this module decides what to do with their answers.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.choices import (
    ClaimEventKind,
    ClaimStatus,
    ProfileEventKind,
    VerificationLevel,
)
from profiles.evidence.names import fold
from profiles.identifiers import normalize_orcid
from profiles.models import (
    AuthorRecord,
    Authorship,
    Claim,
    ClaimEvent,
    ClaimObjection,
    ProfileEvent,
)
from profiles.services.records import refresh_author_stats

logger = logging.getLogger(__name__)

STRONG = "strong"
MAX_STATEMENT_CHARS = 5000
MAX_OBJECTION_CHARS = 2000


class ClaimError(ValidationError):
    """A claim rule refused the request. `code` says which rule (see the constants below)."""


# Error codes: API status mapping lives in profiles/api/claims.py.
EMAIL_UNVERIFIED = "email_unverified"
ALREADY_CLAIMED = "already_claimed"
OWN_RECORD = "own_record"
OWNS_ANOTHER = "owns_another_record"
DUPLICATE_PENDING = "duplicate_pending"
NO_NEW_EVIDENCE = "no_new_evidence"
NO_EVIDENCE = "no_evidence"
NOT_PENDING = "not_pending"
RECORD_TAKEN = "record_taken"
NOT_YOURS = "not_yours"
REASON_REQUIRED = "reason_required"
OBJECTION_CLOSED = "objection_closed"
NOT_A_COAUTHOR = "not_a_coauthor"
DUPLICATE_OBJECTION = "duplicate_objection"


# ---------------------------------------------------------------------------------------------
# Reads that carry rules (what a person may do next)


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def owned_record(user) -> AuthorRecord | None:
    return AuthorRecord.objects.filter(owner=user).first()


@dataclass(frozen=True)
class PanelState:
    """What the profile page's identity panel offers this person for this record."""

    kind: str  # visitor | unverified | can_claim | pending | claimed | owner | owns_other
    claim: Claim | None = None
    other_record: AuthorRecord | None = None


def panel_state(*, user, author: AuthorRecord) -> PanelState:
    """The action the identity panel shows (at most three queries)."""
    if author.owner_id:
        if getattr(user, "pk", None) == author.owner_id:
            return PanelState("owner")
        return PanelState("claimed")
    if not getattr(user, "is_authenticated", False):
        return PanelState("visitor")
    pending = Claim.objects.filter(claimant=user, author=author, status=ClaimStatus.PENDING).first()
    if pending:
        return PanelState("pending", claim=pending)
    other = owned_record(user)
    if other:
        return PanelState("owns_other", other_record=other)
    if not has_verified_email(user):
        return PanelState("unverified")
    return PanelState("can_claim")


def queue_position(claim: Claim) -> int | None:
    """1 for the oldest pending claim; None when the claim is not waiting."""
    if claim.status != ClaimStatus.PENDING:
        return None
    if getattr(claim, "queue_ahead", None) is not None:
        return claim.queue_ahead + 1
    ahead = Claim.objects.filter(status=ClaimStatus.PENDING).filter(
        Q(created_at__lt=claim.created_at) | Q(created_at=claim.created_at, pk__lt=claim.pk)
    )
    return ahead.count() + 1


def with_queue_position(qs):
    """Annotate each claim with `queue_ahead`: pending claims older than it (one query for
    a whole page, whatever the queue's length). Meaningful for pending claims only."""
    ahead = (
        Claim.objects.filter(status=ClaimStatus.PENDING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return qs.annotate(queue_ahead=Subquery(ahead))


def missing_evidence(claim: Claim) -> list[str]:
    """What the claimant can still add, and how, without starting over."""
    hints: list[str] = []
    if claim.status != ClaimStatus.PENDING:
        return hints
    for hint in claim.report.get("suggestions", []) if claim.report else []:
        if hint not in hints:
            hints.append(hint)
    if not claim.identity_proof:
        try:
            from profiles.evidence.proofs import missing_proof_suggestions

            for hint in missing_proof_suggestions(claim.claimant, claim.author):
                if hint not in hints:
                    hints.append(hint)
        except Exception:  # a remote lookup failing must not break the dashboard
            logger.exception("missing_proof_suggestions failed for claim %s", claim.pk)
    if not claim.evidence_text:
        hints.append(_("Upload your CV or paste your publication list."))
    return hints


# ---------------------------------------------------------------------------------------------
# Verification levels: the one rule


def level_for(*, identity_proof: list[dict], decision: str, by_moderator: bool) -> int:
    """The verification level an approved claim gives its record (docs/claims.md).

    L2: approved by a moderator without identity proof (or with proof but not a strong match).
    L3: identity proof and a strong match.
    L4: L3 confirmed by a moderator, or two independent proofs (distinct kinds: an
        authenticated ORCID iD and a verified institutional email) with a strong match.
    """
    kinds = {proof.get("kind") for proof in identity_proof or []}
    if not kinds or decision != STRONG:
        return VerificationLevel.L2
    if by_moderator or len(kinds) >= 2:
        return VerificationLevel.L4
    return VerificationLevel.L3


def may_auto_approve(claim: Claim) -> bool:
    return bool(
        settings.CLAIMS_AUTO_APPROVE
        and claim.status == ClaimStatus.PENDING
        and claim.decision == STRONG
        and claim.identity_proof
    )


# ---------------------------------------------------------------------------------------------
# Evidence


@dataclass(frozen=True)
class Evidence:
    """Evidence as scored: text, proofs, the report and the fingerprint of what is new."""

    text: str
    identity_proof: list[dict]
    report: dict
    fingerprint: str


def read_upload(cv_file) -> str:
    """Text of an uploaded CV; raises EvidenceFileError (a ValidationError with a code)."""
    from profiles.evidence.text import extract_evidence_text

    cv_file.seek(0)
    text = extract_evidence_text(cv_file)
    cv_file.seek(0)
    return text


def check_pasted_text(cv_text: str) -> str:
    """Pasted CV text within the length limit (EvidenceFileError `cv_text_too_long`)."""
    from profiles.evidence.text import check_cv_text

    return check_cv_text(cv_text or "").strip()


def fingerprint(text: str, identity_proof: list[dict], orcid: str = "") -> str:
    """What identifies a set of evidence: its folded text, the proofs and a typed ORCID iD.
    Two claims with the same fingerprint brought nothing new."""
    proofs = sorted(f"{p.get('kind')}:{p.get('detail')}" for p in identity_proof)
    words = " ".join(fold(text).split())
    payload = "\n".join([words, *proofs, orcid])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def assess(*, claimant, author: AuthorRecord, text: str, orcid: str = "") -> Evidence:
    """Score evidence against a record without storing anything (preview and submit)."""
    from profiles.evidence.matching import score_evidence
    from profiles.evidence.proofs import identity_proofs

    proofs = list(identity_proofs(claimant, author)) if claimant else []
    report = score_evidence(
        author,
        claimant_name=(claimant.name if claimant else "") or "",
        cv_text=text,
        identity_proof=proofs,
    )
    return Evidence(
        text=text,
        identity_proof=proofs,
        report=report.as_dict(),
        fingerprint=fingerprint(text, proofs, orcid),
    )


def _history(claim: Claim, kind: str, *, actor, from_status: str, reason: str = "") -> None:
    ClaimEvent.objects.create(
        claim=claim,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=claim.status,
        reason=reason,
    )


# ---------------------------------------------------------------------------------------------
# Submitting


def check_may_claim(*, claimant, author: AuthorRecord) -> None:
    """Raise ClaimError when this person may not start a claim on this record."""
    if not has_verified_email(claimant):
        raise ClaimError(
            _("Verify your email address before claiming a record."), code=EMAIL_UNVERIFIED
        )
    if author.owner_id == claimant.pk:
        raise ClaimError(_("You already own this record."), code=OWN_RECORD)
    if author.owner_id:
        raise ClaimError(
            _(
                "This record has already been claimed. If it is yours, write to the moderators; "
                "they can review the ownership."
            ),
            code=ALREADY_CLAIMED,
        )
    other = owned_record(claimant)
    if other:
        raise ClaimError(
            _(
                "You already own the record “%(name)s”. One person owns one record: if this "
                "record is also you, ask the moderators to merge the two records instead of "
                "claiming it."
            )
            % {"name": other.display_name},
            code=OWNS_ANOTHER,
        )
    if Claim.objects.filter(claimant=claimant, author=author, status=ClaimStatus.PENDING).exists():
        raise ClaimError(
            _(
                "You already have a pending claim on this record; add evidence to it from your "
                "dashboard instead."
            ),
            code=DUPLICATE_PENDING,
        )


def claim_submit(
    *,
    claimant,
    author: AuthorRecord,
    statement: str = "",
    cv_text: str = "",
    cv_file=None,
    orcid: str = "",
) -> Claim:
    """Start a claim: check the rules, read and score the evidence, store it, write history,
    then approve automatically when allowed, or ask co-authors when there is no identity
    proof. Nothing is stored when a rule or the evidence is refused."""
    author = AuthorRecord.objects.get(pk=author.pk)  # the caller's copy may be stale
    check_may_claim(claimant=claimant, author=author)
    statement = (statement or "").strip()[:MAX_STATEMENT_CHARS]
    orcid = normalize_orcid(orcid) if (orcid or "").strip() else ""
    pasted = check_pasted_text(cv_text or "")
    extracted = read_upload(cv_file) if cv_file else ""
    text = "\n\n".join(part for part in [pasted, extracted] if part)

    evidence = assess(claimant=claimant, author=author, text=text, orcid=orcid)
    if not (text or evidence.identity_proof or statement or orcid):
        raise ClaimError(
            _("Give some evidence: upload your CV, paste your publications or connect ORCID."),
            code=NO_EVIDENCE,
        )
    rejected = Claim.objects.filter(
        claimant=claimant, author=author, status=ClaimStatus.REJECTED
    ).values_list("evidence_fingerprint", flat=True)
    if evidence.fingerprint in set(rejected):
        raise ClaimError(
            _(
                "A claim with this same evidence was rejected. Add new evidence (another "
                "document, ORCID sign-in or an institutional email) to claim again."
            ),
            code=NO_NEW_EVIDENCE,
        )

    try:
        with transaction.atomic():
            claim = Claim(
                claimant=claimant,
                author=author,
                statement=statement,
                orcid=orcid,
                cv_text=pasted,
                evidence_text=text,
                evidence_fingerprint=evidence.fingerprint,
                score=evidence.report.get("score"),
                decision=evidence.report.get("decision", ""),
                report=evidence.report,
                identity_proof=evidence.identity_proof,
            )
            if cv_file:
                claim.cv_file_name = (getattr(cv_file, "name", "") or "")[:255]
                claim.cv_file.save(cv_file.name or "cv", cv_file, save=False)
            if not claim.identity_proof:
                claim.objections_until = timezone.now() + timedelta(
                    days=settings.CLAIMS_OBJECTION_DAYS
                )
            claim.save()
            _history(claim, ClaimEventKind.SUBMITTED, actor=claimant, from_status="")
    except IntegrityError as exc:
        if claim.cv_file:
            claim.cv_file.delete(save=False)
        raise ClaimError(
            _("You already have a pending claim on this record."), code=DUPLICATE_PENDING
        ) from exc

    if may_auto_approve(claim):
        try:
            return claim_approve(claim=claim, moderator=None)
        except ClaimError:
            claim.refresh_from_db()
            return claim
    if not claim.identity_proof:
        transaction.on_commit(lambda: notify_coauthors(claim))
    transaction.on_commit(lambda: notify_claimant(claim, "submitted"))
    return claim


@transaction.atomic
def claim_add_evidence(
    *, claim: Claim, user, statement: str = "", cv_text: str = "", cv_file=None
) -> Claim:
    """Add evidence to one's own pending claim and score it again, keeping its place in the
    queue. A strong match that now has identity proof is approved automatically."""
    # Same lock order as the decisions (record, then claim), so a moderator approving this
    # claim at the same moment waits instead of deadlocking.
    AuthorRecord.objects.select_for_update().get(pk=claim.author_id)
    claim = Claim.objects.select_for_update().select_related("author").get(pk=claim.pk)
    if claim.claimant_id != user.pk:
        raise ClaimError(_("This is not your claim."), code=NOT_YOURS)
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(_("Only a pending claim takes new evidence."), code=NOT_PENDING)
    pasted = check_pasted_text(cv_text or "")
    extracted = read_upload(cv_file) if cv_file else ""
    added = "\n\n".join(part for part in [pasted, extracted] if part)
    text = "\n\n".join(part for part in [claim.evidence_text, added] if part)
    evidence = assess(claimant=user, author=claim.author, text=text, orcid=claim.orcid)
    statement = (statement or "").strip()
    if not added and not statement and evidence.identity_proof == claim.identity_proof:
        raise ClaimError(
            _("Nothing new: upload a document, paste text, or connect a proof first."),
            code=NO_EVIDENCE,
        )
    if statement:
        claim.statement = "\n\n".join(p for p in [claim.statement, statement] if p)[
            :MAX_STATEMENT_CHARS
        ]
    if pasted:
        claim.cv_text = "\n\n".join(p for p in [claim.cv_text, pasted] if p)
    if cv_file:
        if claim.cv_file:
            claim.cv_file.delete(save=False)
        claim.cv_file_name = (getattr(cv_file, "name", "") or "")[:255]
        claim.cv_file.save(cv_file.name or "cv", cv_file, save=False)
    claim.evidence_text = text
    claim.evidence_fingerprint = evidence.fingerprint
    claim.report = evidence.report
    claim.score = evidence.report.get("score")
    claim.decision = evidence.report.get("decision", "")
    claim.identity_proof = evidence.identity_proof
    if claim.identity_proof:
        claim.objections_until = None
    claim.save()
    _history(
        claim,
        ClaimEventKind.EVIDENCE,
        actor=user,
        from_status=ClaimStatus.PENDING,
        reason=_("Score %(score)s (%(decision)s)")
        % {"score": claim.score, "decision": claim.decision},
    )
    if may_auto_approve(claim):
        try:
            with transaction.atomic():
                return claim_approve(claim=claim, moderator=None)
        except ClaimError:
            claim.refresh_from_db()
    return claim


# ---------------------------------------------------------------------------------------------
# Decisions


def _lock(claim: Claim) -> tuple[AuthorRecord, Claim]:
    """Lock the record, then the claim: always in this order, so two decisions on claims of
    the same record queue behind each other instead of deadlocking."""
    author = AuthorRecord.objects.select_for_update().get(pk=claim.author_id)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    return author, locked


def claim_approve(*, claim: Claim, moderator, reason: str = "") -> Claim:
    """Approve a pending claim: the claimant becomes the record's owner at the level
    `level_for` gives. `moderator=None` is the automatic approval. Refused with a clear
    ClaimError (and the claim left pending) when the record got an owner meanwhile."""
    try:
        with transaction.atomic():
            author, claim = _lock(claim)
            if claim.status != ClaimStatus.PENDING:
                raise ClaimError(
                    _("This claim is %(status)s, not pending.")
                    % {"status": claim.get_status_display()},
                    code=NOT_PENDING,
                )
            if author.owner_id is not None:
                raise ClaimError(
                    _(
                        "This record was claimed by someone else in the meantime; this claim "
                        "stays pending. Reject it, or release the other ownership first."
                    ),
                    code=RECORD_TAKEN,
                )
            if AuthorRecord.objects.filter(owner_id=claim.claimant_id).exists():
                raise ClaimError(
                    _("The claimant already owns another record; merge the records instead."),
                    code=OWNS_ANOTHER,
                )
            now = timezone.now()
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
            ProfileEvent.objects.create(
                author=author,
                kind=ProfileEventKind.LEVEL,
                actor=moderator,
                old_value=f"L{old_level}",
                new_value=f"L{level}",
                reason=_("claim approved"),
            )
            _history(
                claim,
                ClaimEventKind.APPROVED,
                actor=moderator,
                from_status=ClaimStatus.PENDING,
                reason=claim.decision_reason,
            )
            refresh_author_stats(author=author, actor=moderator, reason=_("claim approved"))
    except IntegrityError as exc:  # the database's own guard, should the locks be bypassed
        raise ClaimError(
            _("This record was claimed by someone else in the meantime."), code=RECORD_TAKEN
        ) from exc
    transaction.on_commit(lambda: notify_claimant(claim, "approved"))
    return claim


@transaction.atomic
def owner_recheck_level(*, user) -> AuthorRecord:
    """Raise an owner's verification level when they prove their identity after approval
    (connect ORCID, verify an institutional email): the approved claim's evidence is scored
    again with the proofs the owner has now, and `level_for` decides. A level is never
    lowered here; nothing changes when nothing new was proven."""
    author = owned_record(user)
    if author is None:
        raise ClaimError(_("You do not own a claimed record."), code=NOT_YOURS)
    claim = (
        Claim.objects.filter(author=author, claimant=user, status=ClaimStatus.APPROVED)
        .order_by("-decided_at")
        .first()
    )
    if claim is None:
        raise ClaimError(_("Your record has no approved claim to re-check."), code=NOT_YOURS)
    author, claim = _lock(claim)
    evidence = assess(claimant=user, author=author, text=claim.evidence_text, orcid=claim.orcid)
    known = {(p.get("kind"), p.get("detail")) for p in claim.identity_proof}
    proofs = list(claim.identity_proof) + [
        p for p in evidence.identity_proof if (p.get("kind"), p.get("detail")) not in known
    ]
    decision = STRONG if STRONG in (claim.decision, evidence.report["decision"]) else claim.decision
    # The moderator who approved the claim never saw these proofs: they raise the level as
    # proofs alone do (L3, or L4 with two kinds), not as a moderator's confirmation would.
    level = level_for(identity_proof=proofs, decision=decision, by_moderator=False)
    if level <= author.verification_level:
        return author
    old_level = author.verification_level
    reason = _("identity proven after approval")
    claim.identity_proof = proofs
    claim.level_granted = level
    claim.save(update_fields=["identity_proof", "level_granted", "updated_at"])
    _history(claim, ClaimEventKind.EVIDENCE, actor=user, from_status=claim.status, reason=reason)
    author.verification_level = level
    author.save(update_fields=["verification_level", "updated_at"])
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.LEVEL,
        actor=user,
        old_value=f"L{old_level}",
        new_value=f"L{level}",
        reason=reason,
    )
    return refresh_author_stats(author=author, actor=user, reason=reason)


def claim_refusal_note(*, claim: Claim, moderator, error: ClaimError) -> None:
    """Record that an approval was refused, so the claim's history explains it."""
    with transaction.atomic():
        ClaimEvent.objects.create(
            claim=claim,
            kind=ClaimEventKind.REFUSED,
            actor=moderator,
            from_status=claim.status,
            to_status=claim.status,
            reason=" ".join(error.messages),
        )


@transaction.atomic
def claim_reject(*, claim: Claim, moderator, reason: str) -> Claim:
    """Reject a pending claim with a reason the claimant sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ClaimError(_("Give the claimant a reason."), code=REASON_REQUIRED)
    _author, claim = _lock(claim)
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(
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
    transaction.on_commit(lambda: notify_claimant(claim, "rejected"))
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, user) -> Claim:
    """The claimant takes back their pending claim."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.claimant_id != user.pk:
        raise ClaimError(_("This is not your claim."), code=NOT_YOURS)
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(_("Only a pending claim can be withdrawn."), code=NOT_PENDING)
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
    old_level = author.verification_level
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
    return refresh_author_stats(author=author, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------------------
# Co-authors


def coauthor_owner_records(author: AuthorRecord):
    """Claimed records that share at least one work with `author` (their owners are asked)."""
    work_ids = Authorship.objects.filter(author=author).values("work_id")
    return (
        AuthorRecord.objects.filter(authorships__work_id__in=work_ids, owner__isnull=False)
        .exclude(pk=author.pk)
        .select_related("owner")
        .distinct()
    )


def may_object(*, claim: Claim, user) -> AuthorRecord | None:
    """The user's own record when they may object to this claim, else None."""
    if not getattr(user, "is_authenticated", False) or claim.claimant_id == user.pk:
        return None
    return coauthor_owner_records(claim.author).filter(owner=user).first()


@transaction.atomic
def claim_object(*, claim: Claim, user, reason: str) -> ClaimObjection:
    """A co-author objects to a pending claim, within the objection window, with a reason."""
    reason = (reason or "").strip()[:MAX_OBJECTION_CHARS]
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    record = may_object(claim=claim, user=user)
    if record is None:
        raise ClaimError(
            _("Only owners of records sharing works with this record can object."),
            code=NOT_A_COAUTHOR,
        )
    if (
        claim.status != ClaimStatus.PENDING
        or not claim.objections_until
        or timezone.now() > claim.objections_until
    ):
        raise ClaimError(_("Objections to this claim are closed."), code=OBJECTION_CLOSED)
    if not reason:
        raise ClaimError(_("Say why you object."), code=REASON_REQUIRED)
    if ClaimObjection.objects.filter(claim=claim, objector=user).exists():
        raise ClaimError(_("You already objected to this claim."), code=DUPLICATE_OBJECTION)
    objection = ClaimObjection.objects.create(
        claim=claim, objector=user, objector_record=record, reason=reason
    )
    ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEventKind.OBJECTION,
        actor=user,
        from_status=claim.status,
        to_status=claim.status,
        reason=reason,
    )
    return objection


# ---------------------------------------------------------------------------------------------
# Notifications (sent after commit; a failing mail server never undoes a decision)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify_claimant(claim: Claim, event: str) -> None:
    """Email the claimant that their claim was received, approved or rejected."""
    claim = Claim.objects.select_related("author", "claimant").get(pk=claim.pk)
    context = {
        "claim": claim,
        "event": event,
        "url": _absolute(reverse("profiles:claim-detail", kwargs={"pk": claim.pk})),
        "SITE_NAME": settings.SITE_NAME,
    }
    subjects = {
        "submitted": _("Your claim on %(name)s was received"),
        "approved": _("Your claim on %(name)s was approved"),
        "rejected": _("Your claim on %(name)s was not approved"),
    }
    try:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + subjects[event] % {"name": claim.author.display_name},
            render_to_string("profiles/claims/email_claimant.txt", context),
            None,
            [claim.claimant.email],
        )
    except Exception:
        logger.exception("could not email claimant of claim %s", claim.pk)


def notify_coauthors(claim: Claim) -> None:
    """Ask owners of co-author records whether they object to a claim without proof."""
    claim = Claim.objects.select_related("author").get(pk=claim.pk)
    url = _absolute(reverse("profiles:claim-object", kwargs={"pk": claim.pk}))
    for record in coauthor_owner_records(claim.author):
        try:
            send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                + _("Someone claims to be your co-author %(name)s")
                % {"name": claim.author.display_name},
                render_to_string(
                    "profiles/claims/email_coauthor.txt",
                    {"claim": claim, "record": record, "url": url, "SITE_NAME": settings.SITE_NAME},
                ),
                None,
                [record.owner.email],
            )
        except Exception:
            logger.exception("could not email co-author %s about claim %s", record.pk, claim.pk)
