"""Reads that carry claim rules: what a person may do next, the queue, missing evidence."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, When
from django.utils.translation import gettext as _

from profiles.choices import (
    ClaimStatus,
)
from profiles.models import (
    AuthorRecord,
    Claim,
)
from profiles.services.claims.common import logger
from profiles.services.claims.levels import FAST_LANE, has_strong_proof

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


FAST = Q(proof_strength__in=FAST_LANE)


def in_fast_lane(claim: Claim) -> bool:
    """Claims with a proof that counts (strong, or a supporting institutional address) are
    served before the others, oldest first in each lane."""
    return claim.proof_strength in FAST_LANE


def queue_position(claim: Claim) -> int | None:
    """1 for the first pending claim (fast lane first, then the oldest); None when the
    claim is not waiting."""
    if claim.status != ClaimStatus.PENDING:
        return None
    if getattr(claim, "queue_ahead", None) is not None:
        return claim.queue_ahead + 1  # type: ignore[attr-defined]  # annotated by the queue
    older = Q(created_at__lt=claim.created_at) | Q(created_at=claim.created_at, pk__lt=claim.pk)
    ahead = Claim.objects.filter(status=ClaimStatus.PENDING).filter(
        (FAST & older) if in_fast_lane(claim) else (FAST | older)
    )
    return ahead.count() + 1


def _ahead(condition: Q):
    return (
        Claim.objects.filter(status=ClaimStatus.PENDING)
        .filter(condition)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )


def with_queue_position(qs):
    """Annotate each claim with `queue_ahead`: pending claims served before it (one query
    for a whole page, whatever the queue's length). Meaningful for pending claims only."""
    older = Q(created_at__lt=OuterRef("created_at")) | Q(
        created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")
    )
    return qs.annotate(
        queue_ahead=Case(
            When(FAST, then=Subquery(_ahead(FAST & older))),
            default=Subquery(_ahead(FAST | older)),
        )
    )


def missing_evidence(claim: Claim) -> list[str]:
    """What the claimant can still add, and how, without starting over."""
    hints: list[str] = []
    if claim.status != ClaimStatus.PENDING:
        return hints
    for hint in claim.report.get("suggestions", []) if claim.report else []:
        if hint not in hints:
            hints.append(hint)
    if not has_strong_proof(claim.identity_proof):
        try:
            from profiles.selectors.evidence import missing_proof_suggestions

            for hint in missing_proof_suggestions(claim.claimant, claim.author):
                if hint not in hints:
                    hints.append(hint)
        except Exception:  # a remote lookup failing must not break the dashboard
            logger.exception("missing_proof_suggestions failed for claim %s", claim.pk)
    if not claim.evidence_text:
        hints.append(_("Upload your CV or paste your publication list."))
    return hints
