"""The evidence preview: how strong would a claim's evidence be? One path for the claim page,
`POST /api/v1/authors/{id}/claim-preview/` and `manage.py claim_preview`; it stores nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from profiles.errors import Invalid
from profiles.evidence.report import EvidenceReport
from profiles.models import AuthorRecord
from profiles.selectors.evidence import identity_proofs, score_evidence
from profiles.services.claims.assess import check_pasted_text, read_upload

EVIDENCE_REQUIRED = "evidence_required"
MSG_EVIDENCE_REQUIRED = _("Paste your publications (cv_text) or upload your CV (cv_file).")


def evidence_preview(
    *,
    author: AuthorRecord,
    claimant_name: str,
    viewer=None,
    cv_text: str = "",
    cv_file: UploadedFile | None = None,
) -> EvidenceReport:
    """Score pasted text and/or an uploaded file against a record, for `claimant_name`. A
    signed-in `viewer` also gets their identity proofs (this may ask ORCID: no lock is held).
    The record's private former names are left out: the answer is the same whether a guess
    of one is right or wrong (they count only in a submitted claim).
    Raises Invalid (`evidence_required`, a file or text error on its field)."""
    pasted = check_pasted_text(cv_text)
    extracted = read_upload(cv_file) if cv_file is not None else ""
    text = "\n\n".join(part for part in (pasted, extracted) if part)
    if not text:
        raise Invalid(MSG_EVIDENCE_REQUIRED, code=EVIDENCE_REQUIRED, field="cv_text")
    return score_evidence(
        author,
        claimant_name=claimant_name,
        cv_text=text,
        identity_proof=identity_proofs(viewer, author),
        private_names=False,  # never an oracle for private former names
    )
