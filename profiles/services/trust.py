"""The trust score: a deterministic formula over a profile's signals (README, "Trust score").

`compute_trust` is pure: it takes the signals and returns the score with its breakdown, so the
page's "Quick read" and the API show exactly the terms that were added up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from profiles.choices import VerificationLevel

LEVEL_POINTS: dict[int, int] = {
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
    works: int = 0  # confirmed by a known source (imported, seed, a moderator)
    works_with_abstracts: int = 0
    # Works the owner typed in that no known source confirms yet: they earn nothing.
    unconfirmed_works: int = 0
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
    # A moderator's override (profiles.services.moderation.overrides): points added or taken
    # away, and whether the current level is one a moderator set.
    moderator_adjustment: int = 0
    level_by_moderator: bool = False
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


def _record_terms(signals: TrustSignals) -> list[tuple[str, int]]:
    """What the record itself shows: works, abstracts, headline, affiliation, ORCID."""
    complete = signals.works and signals.works_with_abstracts == signals.works
    return [
        (_("Public author record"), 5),
        (_works_label(signals), min(signals.works, 10) * 2),
        (_("Every work has an abstract"), 2 if complete else 0),
        (_("Headline"), 2 if signals.has_headline else 0),
        (_("Affiliation"), 2 if signals.has_affiliation else 0),
        (_("ORCID iD on record"), 3 if signals.has_orcid else 0),
    ]


def _works_label(signals: TrustSignals) -> str:
    if not signals.unconfirmed_works:
        return _("Published works (2 each, up to 20)")
    return _(
        "Published works (2 each, up to 20): %(n)s confirmed by a known source count; "
        "%(typed)s typed in by the owner wait for one"
    ) % {"n": signals.works, "typed": signals.unconfirmed_works}


def _identity_terms(signals: TrustSignals) -> list[tuple[str, int]]:
    """Who stands behind the record: its level, proofs, verified people around it, age."""
    level = signals.verification_level
    level_label = (
        _("Verification level L%(level)s (moderator adjustment)")
        if signals.level_by_moderator
        else _("Verification level L%(level)s")
    )
    return [
        (level_label % {"level": level}, LEVEL_POINTS.get(level, 0)),
        (_("Identity proofs (3 each, up to 6)"), min(signals.identity_proofs, 2) * 3),
        (_("Verified followers (2 each, up to 10)"), min(signals.verified_followers, 5) * 2),
        (_("Verified co-authors (3 each, up to 15)"), min(signals.verified_coauthors, 5) * 3),
        (
            _("Account age (1 per 60 days, up to 5)"),
            min((signals.owner_account_days or 0) // 60, 5),
        ),
        (_("Upheld abuse reports (-20 each)"), -20 * signals.upheld_reports),
        (_("Moderator adjustment"), signals.moderator_adjustment),
    ]


def compute_trust(signals: TrustSignals) -> TrustResult:
    """Add up the documented terms and clamp to 0-100. Terms worth 0 are left out."""
    terms = [
        TrustTerm(label, points)
        for label, points in _record_terms(signals) + _identity_terms(signals)
        # Unconfirmed works are said even when no work counts (0 points).
        if points or (label == _works_label(signals) and signals.unconfirmed_works)
    ]
    score = max(0, min(100, sum(term.points for term in terms)))
    return TrustResult(score=score, band=band_for(score), terms=terms)
