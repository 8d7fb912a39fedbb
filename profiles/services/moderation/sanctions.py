"""Sanctions: suspending an account (for a time or indefinitely) and lifting it, and revoking
an approved claim. Each writes its audit entry and tells the person by email."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from profiles.choices import AuditAction, ClaimStatus, InvitationStatus
from profiles.errors import Conflict, Invalid, NotAllowed
from profiles.models import AuthorRecord, Claim, Invitation, Suspension
from profiles.selectors.moderation import active_suspension
from profiles.services import audit, notifications
from profiles.services.claims import release_ownership
from profiles.services.collaboration import expire_overdue, withdraw_invitation

REASON_REQUIRED = "reason_required"
ALREADY_SUSPENDED = "already_suspended"
NOT_SUSPENDED = "not_suspended"
CANNOT_SUSPEND = "cannot_suspend"
NOT_APPROVED = "not_approved"


def required_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason; the person is told."), code=REASON_REQUIRED, field=field)
    return reason


def check_may_suspend(*, user: User, moderator: User, until: datetime | None, now=None) -> None:
    """Refuse suspending oneself, a superuser (unless one), an end in the past, or an account
    already suspended. Read-only: forms ask it before suspend_user does under a lock."""
    now = now or timezone.now()
    if user.pk == moderator.pk or (user.is_superuser and not moderator.is_superuser):
        raise NotAllowed(_("You cannot suspend this account."), code=CANNOT_SUSPEND)
    if until is not None and until <= now:
        raise Invalid(_("The end must be in the future."), code="invalid_until", field="until")
    if active_suspension(user) is not None:
        raise Conflict(
            _("This account is already suspended; lift that suspension first."),
            code=ALREADY_SUSPENDED,
        )


def _withdraw_pending_invitations(user: User) -> list[int]:
    """Withdraw what the person sent and is still pending, as they would themselves."""
    expire_overdue(queryset=Invitation.objects.filter(sender=user))
    withdrawn = []
    for invitation in Invitation.objects.filter(sender=user, status=InvitationStatus.PENDING):
        withdraw_invitation(invitation=invitation, user=user)
        withdrawn.append(invitation.pk)
    return withdrawn


@transaction.atomic
def suspend_user(
    *, user: User, moderator: User, reason: str, until: datetime | None = None
) -> Suspension:
    """Suspend an account from now until `until` (indefinitely when None): the person cannot
    sign in and their sessions and app tokens stop working on their next request
    (accounts.backends), their pending invitations are withdrawn, their record offers no
    invitations, and they are told why by email."""
    reason = required_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)  # one suspension at a time
    now = timezone.now()
    check_may_suspend(user=user, moderator=moderator, until=until, now=now)
    suspension = Suspension.objects.create(
        user=user, starts_at=now, ends_at=until, reason=reason, actor=moderator
    )
    withdrawn = _withdraw_pending_invitations(user)
    audit.record(
        actor=moderator,
        action=AuditAction.USER_SUSPENDED,
        target=user,
        before={"suspended": False},
        after={
            "suspended": True,
            "until": until.isoformat() if until else None,
            "suspension": suspension.pk,
            "invitations_withdrawn": withdrawn,
        },
        reason=reason,
    )
    notifications.suspension_news(suspension, "suspended")
    return suspension


@transaction.atomic
def lift_suspension(*, suspension: Suspension, moderator: User, reason: str = "") -> Suspension:
    """End a suspension in force before its time; the person may sign in again at once."""
    suspension = Suspension.objects.select_for_update().select_related("user").get(pk=suspension.pk)
    now = timezone.now()
    if not suspension.in_force(now):
        raise Conflict(_("This suspension is not in force."), code=NOT_SUSPENDED)
    suspension.lifted_at = now
    suspension.lifted_by = moderator
    suspension.lift_reason = (reason or "").strip()
    suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit.record(
        actor=moderator,
        action=AuditAction.SUSPENSION_LIFTED,
        target=suspension.user,
        before={
            "suspended": True,
            "until": suspension.ends_at.isoformat() if suspension.ends_at else None,
            "suspension": suspension.pk,
        },
        after={"suspended": False},
        reason=suspension.lift_reason,
    )
    notifications.suspension_news(suspension, "lifted")
    return suspension


@transaction.atomic
def revoke_claim(*, claim: Claim, moderator: User, reason: str) -> Claim:
    """Take back an approved claim: the record returns to unclaimed (L1) with its history
    kept (profiles.services.claims.release_ownership), overrides and upheld reports that
    belonged to the owner stop counting, and the owner is told the reason."""
    reason = required_reason(reason)
    # The record, then the claim: the claims services' lock order (no deadlock with them).
    author = AuthorRecord.objects.select_for_update().get(pk=claim.author_id)
    claim = Claim.objects.select_for_update().select_related("claimant").get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED or author.owner_id != claim.claimant_id:
        raise Conflict(
            _("Only the approved claim of a record's owner can be revoked."), code=NOT_APPROVED
        )
    before = {"status": claim.status, "owner": author.owner_id, "level": author.verification_level}
    author = release_ownership(author=author, actor=moderator, reason=reason)
    claim.refresh_from_db()
    audit.record(
        actor=moderator,
        action=AuditAction.CLAIM_REVOKED,
        target=claim,
        before=before,
        after={"status": claim.status, "owner": None, "level": author.verification_level},
        reason=reason,
    )
    notifications.claim_revoked(claim, reason=reason)
    return claim
