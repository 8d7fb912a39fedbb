"""Reads about sanctions and overrides that the sign-in, the record page and the trust score
ask for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.choices import OverrideKind
from profiles.models import AuthorRecord, Suspension, TrustOverride


def suspensions_in_force(now=None) -> QuerySet[Suspension]:
    now = now or timezone.now()
    return Suspension.objects.filter(lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def active_suspension(user) -> Suspension | None:
    """The suspension keeping this account out now (an indefinite one, else the one ending
    last), or None."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return (
        suspensions_in_force()
        .filter(user_id=user.pk)
        .order_by(F("ends_at").desc(nulls_first=True), "-id")
        .first()
    )


def is_suspended(user_or_id) -> bool:
    user_id = getattr(user_or_id, "pk", user_or_id)
    if user_id is None:
        return False
    return suspensions_in_force().filter(user_id=user_id).exists()


def _overrides_for_owner(author: AuthorRecord) -> QuerySet[TrustOverride]:
    """The record's overrides made while it had its current owner (none for another)."""
    found = TrustOverride.objects.filter(author_id=author.pk)
    if author.owner_id is None:
        return found.filter(owner__isnull=True)
    return found.filter(owner_id=author.owner_id)


def moderator_adjustment(author: AuthorRecord) -> int:
    """Points of the latest trust adjustment a moderator made (it replaces earlier ones)."""
    latest = (
        _overrides_for_owner(author)
        .filter(kind=OverrideKind.SCORE)
        .order_by("-created_at", "-id")
        .first()
    )
    return (latest.points or 0) if latest is not None else 0


def level_set_by_moderator(author: AuthorRecord) -> bool:
    """Whether the record's current level is the one a moderator last set for this owner."""
    latest = (
        _overrides_for_owner(author)
        .filter(kind=OverrideKind.LEVEL)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None or latest.level != author.verification_level:
        return False
    return author.claimed_at is None or latest.created_at >= author.claimed_at


# --- The moderators' queues (the admin index) ---------------------------------------------


@dataclass(frozen=True)
class Queue:
    """One queue on the moderators' dashboard: how many wait, since when, where to work it."""

    name: str
    size: int
    oldest: datetime | None
    admin_url_name: str
    query: str


def moderation_queues() -> list[Queue]:
    """The pending claims, the open abuse reports, the open requests to the moderators and
    the suspensions in force, each with its size and its oldest item (one aggregate query
    each)."""
    from profiles.choices import ClaimStatus, ReportStatus, RequestState
    from profiles.models import Claim, ModerationRequest, Report

    claims = Claim.objects.filter(status=ClaimStatus.PENDING).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    reports = Report.objects.filter(status=ReportStatus.OPEN).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    suspended = suspensions_in_force().aggregate(n=Count("id"), oldest=Min("starts_at"))
    requests = ModerationRequest.objects.filter(state=RequestState.OPEN).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    return [
        Queue(
            str(_("Pending claims")),
            claims["n"],
            claims["oldest"],
            "admin:profiles_claim_changelist",
            "status__exact=pending",
        ),
        Queue(
            str(_("Open abuse reports")),
            reports["n"],
            reports["oldest"],
            "admin:profiles_report_changelist",
            "status__exact=open",
        ),
        Queue(
            str(_("Open requests to the moderators")),
            requests["n"],
            requests["oldest"],
            "admin:profiles_moderationrequest_changelist",
            "state__exact=open",
        ),
        Queue(
            str(_("Suspensions in force")),
            suspended["n"],
            suspended["oldest"],
            "admin:profiles_suspension_changelist",
            "state=in_force",
        ),
    ]
