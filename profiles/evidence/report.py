"""What evidence scoring answers: the `EvidenceReport` with its `Decision`, the matched
works (profiles/evidence/matching.py `WorkMatch`), the co-author slots and the identity proofs
(profiles/evidence/proofs.py `Proof`); `as_dict()` is the stored and API form. The scoring
steps add up `Term`s (profiles/evidence/scoring.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from profiles.evidence.matching import CoauthorSlot, WorkMatch
from profiles.evidence.proofs import Proof


class Decision(TextChoices):
    STRONG = "strong", gettext_lazy("The evidence clearly describes this record's researcher.")
    REVIEW = "review", gettext_lazy("The evidence partly fits; a moderator needs to look.")
    WEAK = "weak", gettext_lazy("The evidence does not show that this record is yours.")


DECISIONS = tuple(Decision.values)
DECISION_MEANINGS = {d.value: d.label for d in Decision}


@dataclass(frozen=True)
class EvidenceReport:
    """The answer to "does this evidence describe this record's person?" (see module doc)."""

    score: int
    decision: Decision
    reasons: list[str]
    matched_works: list[WorkMatch]
    coauthor_of: list[CoauthorSlot]
    identity_proof: list[Proof]
    suggestions: list[str] = field(default_factory=list)

    @property
    def decision_meaning(self) -> str:
        return str(Decision(self.decision).label)

    def as_dict(self) -> dict[str, object]:
        """The stored and API form: score, decision, reasons, matched_works, coauthor_of,
        identity_proof and suggestions, as plain JSON values."""
        return {
            "score": self.score,
            "decision": str(self.decision),
            "reasons": list(self.reasons),
            "matched_works": [m.as_dict() for m in self.matched_works],
            "coauthor_of": [c.as_dict() for c in self.coauthor_of],
            "identity_proof": [p.as_dict() for p in self.identity_proof],
            "suggestions": list(self.suggestions),
        }


@dataclass
class Term:
    """What one scoring step adds: points, reasons (importance, text; higher is shown first)
    and suggestions."""

    points: int = 0
    reasons: list[tuple[int, str]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def reason(self, importance: int, text: str) -> None:
        self.reasons.append((importance, text))
