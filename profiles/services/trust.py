"""The trust score: a deterministic formula over a profile's signals (README, "Trust score").

`compute_trust` is pure: it takes the signals and returns the score with its breakdown, so the
page's "Quick read" and the API show exactly the terms that were added up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from profiles.choices import VerificationLevel

LEVEL_POINTS = {
    VerificationLevel.L1: 0,
    VerificationLevel.L2: 20,
    VerificationLevel.L3: 35,
    VerificationLevel.L4: 45,
}
BANDS = [  # (lowest score of the band, band word)
    (80, "Highly trusted"),
    (60, "Trusted"),
    (40, "Established"),
    (20, "Emerging"),
    (0, "Unverified"),
]


@dataclass(frozen=True)
class TrustSignals:
    """Everything the formula looks at, gathered by profiles.services.trust."""

    verification_level: int = VerificationLevel.L1
    works: int = 0
    works_with_abstracts: int = 0
    has_headline: bool = False
    has_affiliation: bool = False
    has_orcid: bool = False
    verified_followers: int = 0
    verified_coauthors: int = 0
    owner_account_days: int | None = None
    upheld_reports: int = 0
    # Distinct identity proofs (authenticated ORCID, verified institutional email) on the
    # record's approved claim.
    identity_proofs: int = 0
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrustTerm:
    label: str
    points: int

    def as_dict(self) -> dict:
        return {"label": self.label, "points": self.points}


@dataclass(frozen=True)
class TrustResult:
    score: int
    band: str
    terms: list[TrustTerm]


def band_for(score: int) -> str:
    """The band word shown beside a score ("Trust 13 - Unverified")."""
    for lowest, word in BANDS:
        if score >= lowest:
            return word
    return BANDS[-1][1]


def compute_trust(signals: TrustSignals) -> TrustResult:
    """Add up the documented terms and clamp to 0-100. Terms worth 0 are left out."""
    terms: list[TrustTerm] = [TrustTerm(_("Public author record"), 5)]
    if signals.works:
        terms.append(TrustTerm(_("Published works (2 each, up to 20)"), min(signals.works, 10) * 2))
    if signals.works and signals.works_with_abstracts == signals.works:
        terms.append(TrustTerm(_("Every work has an abstract"), 2))
    if signals.has_headline:
        terms.append(TrustTerm(_("Headline"), 2))
    if signals.has_affiliation:
        terms.append(TrustTerm(_("Affiliation"), 2))
    if signals.has_orcid:
        terms.append(TrustTerm(_("ORCID iD on record"), 3))
    level_points = LEVEL_POINTS.get(signals.verification_level, 0)
    if level_points:
        terms.append(
            TrustTerm(
                _("Verification level L%(level)s") % {"level": signals.verification_level},
                level_points,
            )
        )
    if signals.identity_proofs:
        terms.append(
            TrustTerm(_("Identity proofs (3 each, up to 6)"), min(signals.identity_proofs, 2) * 3)
        )
    if signals.verified_followers:
        terms.append(
            TrustTerm(
                _("Verified followers (2 each, up to 10)"), min(signals.verified_followers, 5) * 2
            )
        )
    if signals.verified_coauthors:
        terms.append(
            TrustTerm(
                _("Verified co-authors (3 each, up to 15)"), min(signals.verified_coauthors, 5) * 3
            )
        )
    if signals.owner_account_days:
        months = min(signals.owner_account_days // 60, 5)
        if months:
            terms.append(TrustTerm(_("Account age (1 per 60 days, up to 5)"), months))
    if signals.upheld_reports:
        terms.append(TrustTerm(_("Upheld abuse reports (-20 each)"), -20 * signals.upheld_reports))
    score = max(0, min(100, sum(term.points for term in terms)))
    return TrustResult(score=score, band=band_for(score), terms=terms)
