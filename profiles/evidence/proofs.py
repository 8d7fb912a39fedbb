"""Identity proof: is the claimant provably the record's person?

A CV is public, so anyone can upload someone else's. Only two things prove who is claiming:
- a **verified** email address whose domain is (a subdomain of) an email domain of the
  record's affiliation or of an institution on the record's works (`harvard.edu`,
  `seas.harvard.edu`);
- an **ORCID iD proven by signing in with ORCID**: it proves the record when it equals the
  record's ORCID iD, or, when the record has no ORCID iD, when the iD's public works (read
  from the ORCID public API by profiles/evidence/orcid.py) overlap the record's works by DOI,
  arXiv id or title.

The functions here work on plain values; profiles/selectors/evidence.py reads the account and
the record and calls them (`identity_proofs(user, author)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from profiles.evidence.facts import ClaimantFacts, WorkFacts
from profiles.evidence.names import fold
from profiles.importers.orcid import OrcidWorkData

ORCID_TITLE_SIMILARITY = 95
ORCID_TITLE_MIN_CHARS = 30


class ProofKind(TextChoices):
    ORCID = "orcid", "ORCID sign-in"
    INSTITUTIONAL_EMAIL = "institutional_email", "verified institutional email"


ORCID = ProofKind.ORCID
INSTITUTIONAL_EMAIL = ProofKind.INSTITUTIONAL_EMAIL


@dataclass(frozen=True)
class Proof:
    """One proof of who is claiming, with a sentence saying what it is."""

    kind: ProofKind
    detail: str

    def as_dict(self) -> dict[str, str]:
        """The stored and API form: `{"kind", "detail"}`."""
        return {"kind": str(self.kind), "detail": self.detail}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Proof:
        return cls(kind=ProofKind(str(data.get("kind"))), detail=str(data.get("detail", "")))


def domain_matches(email: str, domains: Iterable[str]) -> str:
    """The institution domain an address belongs to ('' if none): exact or a subdomain."""
    host = (email or "").rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if not host or "@" not in (email or ""):
        return ""
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return ""


def orcid_works_overlap(
    orcid_works: Sequence[OrcidWorkData], works: Iterable[WorkFacts]
) -> list[str]:
    """Titles of the record's works that an ORCID iD's public works also list: by DOI,
    arXiv id, or a long title at ORCID_TITLE_SIMILARITY or more."""
    dois = {w.doi for w in orcid_works if w.doi}
    arxiv = {w.arxiv_id for w in orcid_works if w.arxiv_id}
    titles = [fold(w.title) for w in orcid_works if w.title]
    overlap = []
    for work in works:
        if (work.doi and work.doi in dois) or (work.arxiv_id and work.arxiv_id in arxiv):
            overlap.append(work.title)
            continue
        own = [fold(t) for t in work.titles if t]
        if any(
            len(a) >= ORCID_TITLE_MIN_CHARS and fuzz.ratio(a, b) >= ORCID_TITLE_SIMILARITY
            for a in own
            for b in titles
        ):
            overlap.append(work.title)
    return overlap


def orcid_proof(orcid: str, *, record_orcid: str, overlap: Sequence[str] = ()) -> Proof | None:
    """The proof an ORCID iD signed in with gives: the record's own iD, or (for a record
    without one) an iD whose public works include some of the record's (`overlap`)."""
    if record_orcid:
        if orcid != record_orcid:
            return None
        return Proof(
            ORCID,
            _("Signed in with ORCID iD %(orcid)s, the record's own iD.") % {"orcid": orcid},
        )
    if not overlap:
        return None
    works = "; ".join(f"\u201c{t}\u201d" for t in overlap)
    return Proof(
        ORCID,
        _("Signed in with ORCID iD %(orcid)s, whose public works include %(works)s.")
        % {"orcid": orcid, "works": works},
    )


def email_proofs(emails: Iterable[str], domains: Sequence[str]) -> list[Proof]:
    """One proof per verified address at one of the record's institution domains."""
    proofs = []
    for email in emails:
        domain = domain_matches(email, domains)
        if domain:
            proofs.append(
                Proof(
                    INSTITUTIONAL_EMAIL,
                    _("Verified email %(email)s at %(domain)s.")
                    % {"email": email, "domain": domain},
                )
            )
    return proofs


def missing_proof_suggestions(
    proofs: Sequence[Proof],
    claimant: ClaimantFacts,
    *,
    record_orcid: str,
    domains: Sequence[str],
    orcid_sign_in: bool = True,
) -> list[str]:
    """What the person could add to prove who they are, without starting over (ORCID
    sign-in only where the site offers it)."""
    kinds = {p.kind for p in proofs}
    suggestions: list[str] = []
    if orcid_sign_in and ORCID not in kinds:
        if record_orcid:
            suggestions.append(
                _("Sign in with ORCID using the record's iD %(orcid)s.") % {"orcid": record_orcid}
            )
        else:
            suggestions.append(
                _("Sign in with ORCID; we compare your public ORCID works with this record.")
            )
    if INSTITUTIONAL_EMAIL not in kinds:
        pending = [e for e in claimant.unverified_emails if domain_matches(e, domains)]
        for email in pending:
            suggestions.append(
                _("Verify %(email)s: open the link we emailed to it.") % {"email": email}
            )
        if not pending:
            for domain in domains:
                suggestions.append(_("Add and verify an email at %(domain)s.") % {"domain": domain})
    return suggestions
