"""What a moderator compares when several people claim one record: the claims on the record
side by side, and for each claimant their verified addresses, their account's age and their
other claims with their decisions (the admin claim page, profiles/admin/competition.py).

Three queries whatever the number of claims: the record's claims, the claimants' verified
addresses, and their claims on other records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from profiles.choices import ClaimStatus
from profiles.models import Claim

# Claims on the same record worth comparing: still waiting, the one that won, and the ones
# its approval closed.
SHOWN_STATUSES = (ClaimStatus.PENDING, ClaimStatus.APPROVED, ClaimStatus.CLOSED)
OTHER_CLAIMS_SHOWN = 10


@dataclass
class ClaimantFacts:
    """One claim on the record and what is known of its claimant."""

    claim: Claim
    is_current: bool
    verified_addresses: list[str] = field(default_factory=list)
    account_days: int = 0
    joined: datetime | None = None
    other_claims: list[Claim] = field(default_factory=list)
    other_claims_total: int = 0


def competing_claims(claim: Claim) -> list[ClaimantFacts]:
    """The claim at hand first, then the record's other pending, approved and closed claims
    (oldest first), each with its claimant's facts."""
    claims = list(
        Claim.objects.filter(author_id=claim.author_id)
        .filter(status__in=SHOWN_STATUSES)
        .exclude(pk=claim.pk)
        .select_related("claimant")
        .order_by("created_at", "pk")
    )
    current = Claim.objects.select_related("claimant").get(pk=claim.pk)
    rows = [ClaimantFacts(claim=current, is_current=True)] + [
        ClaimantFacts(claim=other, is_current=False) for other in claims
    ]
    claimant_ids = {row.claim.claimant_id for row in rows}
    addresses = _verified_addresses(claimant_ids)
    others = _other_claims(claimant_ids, author_id=claim.author_id)
    now = timezone.now()
    for row in rows:
        user = row.claim.claimant
        row.verified_addresses = addresses.get(user.pk, [])
        row.joined = user.date_joined
        row.account_days = (now - user.date_joined).days
        mine = others.get(user.pk, [])
        row.other_claims = mine[:OTHER_CLAIMS_SHOWN]
        row.other_claims_total = len(mine)
    return rows


def _verified_addresses(user_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for user_id, email in (
        EmailAddress.objects.filter(user_id__in=user_ids, verified=True)
        .order_by("email")
        .values_list("user_id", "email")
    ):
        found[user_id].append(email)
    return found


def _other_claims(user_ids: set[int], *, author_id: int) -> dict[int, list[Claim]]:
    found: dict[int, list[Claim]] = defaultdict(list)
    for other in (
        Claim.objects.filter(claimant_id__in=user_ids)
        .exclude(author_id=author_id)
        .select_related("author")
        .only(
            "pk",
            "claimant_id",
            "status",
            "decision",
            "score",
            "created_at",
            "author__display_name",
            "author__slug",
        )
        .order_by("-created_at", "-pk")
    ):
        found[other.claimant_id].append(other)
    return found
