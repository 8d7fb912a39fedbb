"""Co-authors of a claimed record and their objections to a claim."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.choices import (
    ClaimEventKind,
    ClaimStatus,
)
from profiles.errors import Invalid
from profiles.models import (
    AuthorRecord,
    Authorship,
    Claim,
    ClaimObjection,
)
from profiles.services.claims.assess import _history
from profiles.services.claims.common import (
    DUPLICATE_OBJECTION,
    MAX_OBJECTION_CHARS,
    NOT_A_COAUTHOR,
    OBJECTION_CLOSED,
    REASON_REQUIRED,
)

# ---------------------------------------------------------------------------------------------
# Co-authors


def coauthor_owner_records(author: AuthorRecord):
    """Claimed records that share at least one work with `author` (their owners are asked)."""
    work_ids = Authorship.objects.filter(author=author).values("work_id")
    return (
        AuthorRecord.objects.filter(authorships__work_id__in=work_ids, owner__isnull=False)
        .exclude(pk=author.pk)
        .select_related("owner")
        .distinct()
    )


def objections_open(claim: Claim) -> bool:
    """Whether co-authors may still object: a pending claim inside its objection window."""
    return bool(
        claim.status == ClaimStatus.PENDING
        and claim.objections_until
        and timezone.now() <= claim.objections_until
    )


def claimant_label(claim: Claim) -> str:
    """How a notice names the claimant to co-authors: the account's name, never its email."""
    return (getattr(claim.claimant, "name", "") or "").strip() or _("an account without a name")


def may_object(*, claim: Claim, user) -> AuthorRecord | None:
    """The user's own record when they may object to this claim, else None."""
    if not getattr(user, "is_authenticated", False) or claim.claimant_id == user.pk:
        return None
    return coauthor_owner_records(claim.author).filter(owner=user).first()


@transaction.atomic
def claim_object(*, claim: Claim, user, reason: str) -> ClaimObjection:
    """A co-author objects to a pending claim, within the objection window, with a reason."""
    reason = (reason or "").strip()[:MAX_OBJECTION_CHARS]
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    record = may_object(claim=claim, user=user)
    if record is None:
        raise Invalid(
            _("Only owners of records sharing works with this record can object."),
            code=NOT_A_COAUTHOR,
        )
    if not objections_open(claim):
        raise Invalid(_("Objections to this claim are closed."), code=OBJECTION_CLOSED)
    if not reason:
        raise Invalid(_("Say why you object."), code=REASON_REQUIRED)
    if ClaimObjection.objects.filter(claim=claim, objector=user).exists():
        raise Invalid(_("You already objected to this claim."), code=DUPLICATE_OBJECTION)
    objection = ClaimObjection.objects.create(
        claim=claim, objector=user, objector_record=record, reason=reason
    )
    _history(claim, ClaimEventKind.OBJECTION, actor=user, from_status=claim.status, reason=reason)
    return objection
