"""Competing claims: when a claim on a record is approved, the other pending claims on that
record leave the queue. Each is closed (ClaimStatus.CLOSED) with a standard reason, a line
in its history, and a message to its claimant with a link to the record's page, where they
can dispute the approval (docs/claims.md, "Competing claims")."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from profiles.choices import ClaimEventKind, ClaimStatus
from profiles.models import AuthorRecord, Claim
from profiles.services import notifications
from profiles.services.claims.assess import _history

CLOSED_REASON = gettext_lazy(
    "This record was claimed by someone else: another claim on it was approved. "
    "If the record is yours, you can dispute that claim from the record's page."
)


def close_competing_claims(*, approved: Claim, author: AuthorRecord, actor, now) -> list[Claim]:
    """Close the record's other pending claims, inside the approval's transaction (the
    record is locked by then). Their claimants are told once the approval commits."""
    rivals = list(
        Claim.objects.select_for_update()
        .filter(author=author, status=ClaimStatus.PENDING)
        .exclude(pk=approved.pk)
        .order_by("pk")
    )
    reason = str(CLOSED_REASON)
    for claim in rivals:
        claim.status = ClaimStatus.CLOSED
        claim.decided_at = now
        claim.decision_reason = reason
        claim.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
        _history(
            claim,
            ClaimEventKind.CLOSED,
            actor=actor,
            from_status=ClaimStatus.PENDING,
            reason=reason,
        )
    if rivals:
        transaction.on_commit(lambda: _tell(rivals))
    return rivals


def _tell(claims: list[Claim]) -> None:
    for claim in claims:
        notifications.claim_news(claim, "closed")
