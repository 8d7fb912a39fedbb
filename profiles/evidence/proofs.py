"""Identity proof: is the claimant provably the record's person?

A CV is public, so anyone can upload someone else's. Each proof has a **strength**
(docs/claims.md, "Identity proofs", one table):
- **strong** (may approve a strong match with no moderator): an **ORCID iD proven by signing
  in with ORCID** that equals the record's ORCID iD, or, when the record has no ORCID iD,
  whose public works (read from the ORCID public API by profiles/evidence/orcid.py) overlap
  the record's works by DOI, arXiv id or title;
- **supporting** (a moderator decides; the claim goes first in the queue): a **verified**
  email address whose domain is (a subdomain of) an email domain of an institution on the
  record's works or of its imported affiliation (`harvard.edu`, `seas.harvard.edu`): it shows
  that one belongs to the institution, not that one is this person;
- **none**: a verified address at a domain only an affiliation the owner chose names.

The functions here work on plain values; profiles/selectors/evidence.py reads the account and
the record and calls them (`identity_proofs(user, author)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz

from profiles.evidence.facts import ClaimantFacts, WorkFacts
from profiles.evidence.names import fold
from profiles.importers.orcid import OrcidWorkData

ORCID_TITLE_SIMILARITY = 95
# Share of a record's works an ORCID iD's public works must list to prove the record strongly.
ORCID_COVER_SHARE = 0.8
ORCID_TITLE_MIN_CHARS = 30


class ProofKind(TextChoices):
    ORCID = "orcid", "ORCID sign-in"
    INSTITUTIONAL_EMAIL = "institutional_email", "verified institutional email"


class ProofStrength(TextChoices):
    """What a proof may do (docs/claims.md, "Identity proofs"); the labels are the table's
    words, shown to the claimant and the moderator alike."""

    STRONG = "strong", gettext_lazy("Strong: approves without a moderator if the CV fits")
    SUPPORTING = "supporting", gettext_lazy("Supporting: a moderator decides, first in the queue")
    NONE = "none", gettext_lazy("None: counts for nothing")


ORCID = ProofKind.ORCID
INSTITUTIONAL_EMAIL = ProofKind.INSTITUTIONAL_EMAIL
STRONG = ProofStrength.STRONG
SUPPORTING = ProofStrength.SUPPORTING
NO_PROOF = ProofStrength.NONE
# Stored proofs written before strengths existed: an ORCID sign-in was always strong, an
# address at an institution is only supporting.
DEFAULT_STRENGTH = {ORCID: STRONG, INSTITUTIONAL_EMAIL: SUPPORTING}
RANK = {STRONG: 2, SUPPORTING: 1, NO_PROOF: 0}

# The one table of proof strengths (docs/claims.md), shown in the evidence report.
STRENGTH_TABLE: tuple[tuple[ProofStrength, str | Promise], ...] = (
    (
        STRONG,
        gettext_lazy(
            "ORCID sign-in with the record's own iD, or with an iD whose public works include "
            "at least 80 % of the record's works."
        ),
    ),
    (
        SUPPORTING,
        gettext_lazy(
            "A verified email at a domain of an institution on the record's works or of its "
            "imported affiliation: it shows you belong there, not that you are this person. "
            "An ORCID iD whose public works include only some of the record's works."
        ),
    ),
    (
        NO_PROOF,
        gettext_lazy(
            "A verified email at a domain that only an affiliation chosen by the owner names; "
            "a CV or a typed ORCID iD."
        ),
    ),
)


@dataclass(frozen=True)
class Proof:
    """One proof of who is claiming, with a sentence saying what it is and its strength."""

    kind: ProofKind
    detail: str
    strength: ProofStrength = STRONG

    def as_dict(self) -> dict[str, str]:
        """The stored and API form: `{"kind", "detail", "strength"}`."""
        return {"kind": str(self.kind), "detail": self.detail, "strength": str(self.strength)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Proof:
        kind = ProofKind(str(data.get("kind")))
        return cls(
            kind=kind,
            detail=str(data.get("detail", "")),
            strength=ProofStrength(str(data.get("strength") or DEFAULT_STRENGTH[kind])),
        )


def strength_of(data: Mapping[str, object]) -> ProofStrength:
    """The strength of a stored proof (old rows without one get their kind's default)."""
    try:
        return Proof.from_dict(data).strength
    except ValueError:
        return NO_PROOF


def best_strength(proofs: Iterable[Mapping[str, object]]) -> ProofStrength:
    """The strongest of stored proofs (NO_PROOF when there are none)."""
    return max((strength_of(p) for p in proofs), key=RANK.__getitem__, default=NO_PROOF)


def counting_kinds(proofs: Iterable[Mapping[str, object]]) -> dict[str, ProofStrength]:
    """Each kind of proof that counts (strong or supporting) with its best strength."""
    kinds: dict[str, ProofStrength] = {}
    for proof in proofs:
        strength = strength_of(proof)
        kind = str(proof.get("kind"))
        if strength != NO_PROOF and RANK[strength] > RANK[kinds.get(kind, NO_PROOF)]:
            kinds[kind] = strength
    return kinds


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


def orcid_proof(
    orcid: str, *, record_orcid: str, overlap: Sequence[str] = (), record_works: int = 0
) -> Proof | None:
    """The proof an ORCID iD signed in with gives: the record's own iD (strong), or, for a
    record without one, an iD whose public works cover the record's works (`overlap` of
    `record_works`, at least ORCID_COVER_SHARE: strong). An iD that lists only some of them
    is a co-author's as likely as the researcher's: it supports the claim, a moderator
    decides."""
    if record_orcid:
        if orcid != record_orcid:
            return None
        return Proof(
            ORCID,
            _("Signed in with ORCID iD %(orcid)s, the record's own iD.") % {"orcid": orcid},
            STRONG,
        )
    if not overlap:
        return None
    works = "; ".join(f"\u201c{t}\u201d" for t in overlap)
    covers = len(overlap) >= ORCID_COVER_SHARE * max(record_works, len(overlap))
    return Proof(
        ORCID,
        _("Signed in with ORCID iD %(orcid)s, whose public works include %(works)s.")
        % {"orcid": orcid, "works": works},
        STRONG if covers else SUPPORTING,
    )


def email_proofs(
    emails: Iterable[str], domains: Sequence[str], owner_chosen: Sequence[str] = ()
) -> list[Proof]:
    """One proof per verified address at one of the record's institution domains
    (supporting), or at a domain only the owner's chosen affiliation names (no proof)."""
    proofs = []
    for email in emails:
        domain = domain_matches(email, domains)
        if domain:
            proofs.append(
                Proof(
                    INSTITUTIONAL_EMAIL,
                    _("Verified email %(email)s at %(domain)s.")
                    % {"email": email, "domain": domain},
                    SUPPORTING,
                )
            )
            continue
        domain = domain_matches(email, owner_chosen)
        if domain:
            proofs.append(
                Proof(
                    INSTITUTIONAL_EMAIL,
                    _(
                        "Verified email %(email)s at %(domain)s: only the affiliation the "
                        "owner chose names this domain, so it proves nothing."
                    )
                    % {"email": email, "domain": domain},
                    NO_PROOF,
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
    kinds = {p.kind for p in proofs if p.strength != NO_PROOF}
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
