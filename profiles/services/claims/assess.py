"""Evidence a claim rests on: reading it, fingerprinting it, scoring it, history rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from profiles.errors import Invalid, TooLarge
from profiles.evidence.names import fold
from profiles.evidence.proofs import Proof
from profiles.models import (
    AuthorRecord,
    Claim,
    ClaimEvent,
)
from profiles.selectors.evidence import identity_proofs, score_evidence

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
    from profiles.evidence.text import TOO_LARGE, EvidenceFileError, extract_evidence_text

    cv_file.seek(0)
    try:
        text = extract_evidence_text(cv_file)
    except EvidenceFileError as error:
        cls = TooLarge if error.code == TOO_LARGE else Invalid
        raise cls(error.message, code=error.code, params=error.params, field="cv_file") from error
    cv_file.seek(0)
    return text


def check_pasted_text(cv_text: str) -> str:
    """Pasted CV text within the length limit (EvidenceFileError `cv_text_too_long`)."""
    from profiles.evidence.text import EvidenceFileError, check_cv_text

    try:
        return check_cv_text(cv_text or "").strip()
    except EvidenceFileError as error:
        raise Invalid(
            error.message, code=error.code, params=error.params, field="cv_text"
        ) from error


def fingerprint(text: str, identity_proof: list[dict], orcid: str = "") -> str:
    """What identifies a set of evidence: its folded text, the proofs and a typed ORCID iD.
    Two claims with the same fingerprint brought nothing new."""
    proofs = sorted(f"{p.get('kind')}:{p.get('detail')}" for p in identity_proof)
    words = " ".join(fold(text).split())
    payload = "\n".join([words, *proofs, orcid])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def gather_proofs(*, claimant, author: AuthorRecord) -> list[Proof]:
    """The claimant's identity proofs for a record. May ask ORCID over the network: call it
    before any row is locked, and hand the result to `assess`."""
    return identity_proofs(claimant, author) if claimant else []


def assess(
    *,
    claimant,
    author: AuthorRecord,
    text: str,
    orcid: str = "",
    proofs: list[Proof] | None = None,
) -> Evidence:
    """Score evidence against a record without storing anything (preview and submit). With
    `proofs` given (from `gather_proofs`) it makes no network call, so it may run under a
    row lock."""
    if proofs is None:
        proofs = gather_proofs(claimant=claimant, author=author)
    report = score_evidence(
        author,
        claimant_name=(claimant.name if claimant else "") or "",
        cv_text=text,
        identity_proof=proofs,
    )
    stored_proofs = [p.as_dict() for p in proofs]
    return Evidence(
        text=text,
        identity_proof=stored_proofs,
        report=report.as_dict(),
        fingerprint=fingerprint(text, stored_proofs, orcid),
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


def evidence_fields(evidence: Evidence, *, pasted: str) -> dict:
    """The stored form of scored evidence, the same on a claim and a dispute: the pasted
    text, all the text, its fingerprint, the score, the decision and the report."""
    return {
        "cv_text": pasted,
        "evidence_text": evidence.text,
        "evidence_fingerprint": evidence.fingerprint,
        "score": evidence.report.get("score"),
        "decision": evidence.report.get("decision", ""),
        "report": evidence.report,
    }


def save_upload(row, cv_file, saved: list[str]) -> None:
    """Store the upload as the row's file (a claim's or a dispute's; the row is saved by the
    caller). The file it replaces is deleted only once the transaction has committed;
    `saved` collects the new file's name so that a failure can delete it (`delete_uploads`)."""
    old = row.cv_file.name or ""
    row.cv_file_name = (getattr(cv_file, "name", "") or "")[:255]
    row.cv_file.save(cv_file.name or "cv", cv_file, save=False)
    saved.append(row.cv_file.name)
    if old and old != row.cv_file.name:
        storage = row.cv_file.storage
        transaction.on_commit(lambda: storage.delete(old))


def delete_uploads(model, names: list[str]) -> None:
    """Delete files stored for rows of `model` that were not kept."""
    storage = model._meta.get_field("cv_file").storage
    for name in names:
        storage.delete(name)
