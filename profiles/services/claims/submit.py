"""Submitting a claim and adding evidence to a pending one."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.orcid import orcid_configured
from profiles import conf
from profiles.choices import (
    ClaimEventKind,
    ClaimStatus,
)
from profiles.errors import Conflict, Invalid, NotAllowed, NotFound, ServiceError
from profiles.identifiers import normalize_orcid
from profiles.models import (
    AuthorRecord,
    Claim,
)
from profiles.services import notifications
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
    ALREADY_CLAIMED,
    DUPLICATE_PENDING,
    EMAIL_UNVERIFIED,
    MAX_STATEMENT_CHARS,
    NO_EVIDENCE,
    NO_NEW_EVIDENCE,
    NOT_PENDING,
    NOT_YOURS,
    OWN_RECORD,
    OWNS_ANOTHER,
)
from profiles.services.claims.decisions import claim_approve
from profiles.services.claims.levels import has_strong_proof, may_auto_approve
from profiles.services.claims.notice import notify_same_name_accounts
from profiles.services.claims.objections import coauthor_owner_records
from profiles.services.claims.queue import has_verified_email, owned_record

# ---------------------------------------------------------------------------------------------
# Submitting


def check_may_claim(*, claimant, author: AuthorRecord) -> None:
    """Raise ClaimError when this person may not start a claim on this record."""
    if not has_verified_email(claimant):
        raise NotAllowed(
            _("Verify your email address before claiming a record."), code=EMAIL_UNVERIFIED
        )
    if author.owner_id == claimant.pk:
        raise Conflict(_("You already own this record."), code=OWN_RECORD)
    if author.owner_id:
        raise Conflict(
            _(
                "This record has already been claimed. If it is yours, dispute the claim from "
                "the record's page: moderators weigh your evidence beside the owner's."
            ),
            code=ALREADY_CLAIMED,
        )
    other = owned_record(claimant)
    if other:
        raise Conflict(
            _(
                "You already own the record “%(name)s”. One person owns one record: if this "
                "record is also you, ask the moderators to merge the two records instead of "
                "claiming it."
            )
            % {"name": other.display_name},
            code=OWNS_ANOTHER,
        )
    if Claim.objects.filter(claimant=claimant, author=author, status=ClaimStatus.PENDING).exists():
        raise Conflict(
            _(
                "You already have a pending claim on this record; add evidence to it from your "
                "dashboard instead."
            ),
            code=DUPLICATE_PENDING,
        )


def _read_evidence(*, cv_text: str, cv_file, orcid: str) -> tuple[str, str, str]:
    """The normalised ORCID, the checked pasted text and all the evidence text (pasted and
    read from the upload); refused (Invalid) when any of them is unusable."""
    try:
        orcid = normalize_orcid(orcid) if (orcid or "").strip() else ""
    except ValidationError as error:
        raise Invalid(error.message, code=error.code, params=error.params, field="orcid") from error
    pasted = check_pasted_text(cv_text or "")
    extracted = read_upload(cv_file) if cv_file else ""
    text = "\n\n".join(part for part in [pasted, extracted] if part)
    return orcid, pasted, text


def _check_new_evidence(
    *, claimant, author: AuthorRecord, evidence, text: str, statement: str, orcid: str
) -> None:
    """Refuse a claim without any evidence, or with the evidence of a rejected claim."""
    if not (text or evidence.identity_proof or statement or orcid):
        raise Invalid(
            _("Give some evidence: upload your CV, paste your publications or connect ORCID.")
            if orcid_configured()
            else _("Give some evidence: upload your CV or paste your publications."),
            code=NO_EVIDENCE,
        )
    rejected = Claim.objects.filter(
        claimant=claimant, author=author, status=ClaimStatus.REJECTED
    ).values_list("evidence_fingerprint", flat=True)
    if evidence.fingerprint in set(rejected):
        raise Invalid(
            _(
                "A claim with this same evidence was rejected. Add new evidence (another "
                "document, ORCID sign-in or an institutional email) to claim again."
            )
            if orcid_configured()
            else _(
                "A claim with this same evidence was rejected. Add new evidence (another "
                "document or an institutional email) to claim again."
            ),
            code=NO_NEW_EVIDENCE,
        )


def _store_new_claim(
    *,
    claimant,
    author: AuthorRecord,
    statement: str,
    orcid: str,
    pasted: str,
    text: str,
    evidence,
    cv_file,
) -> Claim:
    """Store the claim, its file and its first history line in one transaction; a second
    pending claim on the same record (the database's guard) is a Conflict. The file is
    stored only now that its text is accepted, and deleted again if the claim is not."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            claim = Claim(
                claimant=claimant,
                author=author,
                statement=statement,
                orcid=orcid,
                **evidence_fields(evidence, pasted=pasted),
            )
            claim.set_identity_proof(evidence.identity_proof)
            if cv_file:
                save_upload(claim, cv_file, saved)
            if not has_strong_proof(claim.identity_proof):
                claim.objections_until = timezone.now() + timedelta(days=conf.CLAIMS_OBJECTION_DAYS)
            claim.save()
            _history(claim, ClaimEventKind.SUBMITTED, actor=claimant, from_status="")
    except IntegrityError as exc:
        delete_uploads(Claim, saved)
        raise Conflict(
            _("You already have a pending claim on this record."), code=DUPLICATE_PENDING
        ) from exc
    except BaseException:
        delete_uploads(Claim, saved)
        raise
    return claim


def _after_submit(claim: Claim) -> Claim:
    """Approve the new claim automatically when allowed; otherwise tell the co-authors (no
    strong identity proof: a supporting address does not spare them) and the claimant,
    once the transaction commits."""
    if may_auto_approve(claim):
        try:
            return claim_approve(claim=claim, moderator=None)
        except ServiceError:
            claim.refresh_from_db()
            return claim
    if not has_strong_proof(claim.identity_proof):
        transaction.on_commit(
            lambda: notifications.coauthor_claim(claim, coauthor_owner_records(claim.author))
        )
        notify_same_name_accounts(claim)
    transaction.on_commit(lambda: notifications.claim_news(claim, "submitted"))
    return claim


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
    orcid, pasted, text = _read_evidence(cv_text=cv_text, cv_file=cv_file, orcid=orcid)
    evidence = assess(claimant=claimant, author=author, text=text, orcid=orcid)
    _check_new_evidence(
        claimant=claimant,
        author=author,
        evidence=evidence,
        text=text,
        statement=statement,
        orcid=orcid,
    )
    claim = _store_new_claim(
        claimant=claimant,
        author=author,
        statement=statement,
        orcid=orcid,
        pasted=pasted,
        text=text,
        evidence=evidence,
        cv_file=cv_file,
    )
    return _after_submit(claim)


def claim_add_evidence(
    *, claim: Claim, user, statement: str = "", cv_text: str = "", cv_file=None
) -> Claim:
    """Add evidence to one's own pending claim and score it again, keeping its place in the
    queue. A strong match that now has identity proof is approved automatically. Files are
    read and proofs gathered (ORCID) before any row is locked."""
    claim = Claim.objects.select_related("author").get(pk=claim.pk)
    _check_may_add_evidence(claim, user)
    pasted = check_pasted_text(cv_text or "")
    extracted = read_upload(cv_file) if cv_file else ""
    added = "\n\n".join(part for part in [pasted, extracted] if part)
    proofs = gather_proofs(claimant=user, author=claim.author)
    saved: list[str] = []
    try:
        with transaction.atomic():
            return _store_added_evidence(
                claim=claim, user=user, statement=statement, pasted=pasted, added=added,
                cv_file=cv_file, proofs=proofs, saved=saved,
            )  # fmt: skip
    except BaseException:
        delete_uploads(Claim, saved)  # the previous file is still there: it goes only on commit
        raise


def _check_may_add_evidence(claim: Claim, user) -> None:
    if claim.claimant_id != user.pk:
        raise NotFound(_("This is not your claim."), code=NOT_YOURS)
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(_("Only a pending claim takes new evidence."), code=NOT_PENDING)


def _store_added_evidence(
    *,
    claim: Claim,
    user,
    statement: str,
    pasted: str,
    added: str,
    cv_file,
    proofs: list,
    saved: list[str],
) -> Claim:
    # Same lock order as the decisions (record, then claim), so a moderator approving this
    # claim at the same moment waits instead of deadlocking.
    AuthorRecord.objects.select_for_update().get(pk=claim.author_id)
    claim = Claim.objects.select_for_update().select_related("author").get(pk=claim.pk)
    _check_may_add_evidence(claim, user)
    text = "\n\n".join(part for part in [claim.evidence_text, added] if part)
    evidence = assess(
        claimant=user, author=claim.author, text=text, orcid=claim.orcid, proofs=proofs
    )
    statement = (statement or "").strip()
    if not added and not statement and evidence.identity_proof == claim.identity_proof:
        raise Invalid(
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
        save_upload(claim, cv_file, saved)
    claim.evidence_text = text
    claim.evidence_fingerprint = evidence.fingerprint
    claim.report = evidence.report
    claim.score = evidence.report.get("score")
    claim.decision = evidence.report.get("decision", "")
    claim.set_identity_proof(evidence.identity_proof)
    if has_strong_proof(claim.identity_proof):
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
        except ServiceError:
            claim.refresh_from_db()
    return claim
