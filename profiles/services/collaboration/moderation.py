"""Blocks between people and abuse reports with their moderator decisions."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from profiles.choices import AuditAction, InvitationStatus, ReportReason, ReportStatus
from profiles.errors import Invalid
from profiles.models import (
    AuthorRecord,
    Block,
    Conversation,
    Invitation,
    Message,
    Participant,
    Report,
)
from profiles.models.collaboration import (
    REPORT_DETAILS_MAX_LENGTH,
)
from profiles.services import audit
from profiles.services.collaboration.common import (
    ALREADY_REPORTED,
    CANNOT_BLOCK,
    CANNOT_REPORT,
    _clean_text,
    _refuse,
    _refuse_not_allowed,
)
from profiles.services.collaboration.conversations import leave_conversation
from profiles.services.records import recompute_trust

# --- Blocks -----------------------------------------------------------------------------


@transaction.atomic
def block_user(*, blocker: User, blocked: User, record: AuthorRecord | None = None) -> Block:
    """Block someone: they can no longer invite or message the blocker and are not told.
    Their pending invitations to the blocker are declined (as any answer would be) and any
    conversation between the two ends, as if the blocker had left it. Blocking twice is a
    no-op."""
    if blocked is None or blocked.pk == blocker.pk:
        _refuse(CANNOT_BLOCK, "cannot_block")
    block, _created = Block.objects.get_or_create(
        blocker=blocker, blocked=blocked, defaults={"blocked_record": record}
    )
    now = timezone.now()
    Invitation.objects.filter(
        sender=blocked, recipient=blocker, status=InvitationStatus.PENDING
    ).update(
        status=InvitationStatus.DECLINED,
        answered_at=now,
        recipient_seen_at=now,
        sender_seen_at=None,
    )
    shared = Conversation.objects.filter(participants__user=blocker, closed_at__isnull=True).filter(
        participants__user=blocked
    )
    for conversation in shared:
        leave_conversation(conversation=conversation, user=blocker)
    return block


def block_from_record(*, blocker: User, record: AuthorRecord) -> Block:
    """Block the owner of a record (the name the blocker knows them by)."""
    if record.owner is None:
        _refuse(CANNOT_BLOCK, "cannot_block")
    return block_user(blocker=blocker, blocked=record.owner, record=record)


def block_invitation_sender(*, blocker: User, invitation: Invitation) -> Block:
    """Block the person who sent an invitation one received (the account itself, even if
    their record has changed hands since)."""
    if invitation.recipient_id != blocker.pk:
        _refuse(CANNOT_BLOCK, "cannot_block")
    return block_user(blocker=blocker, blocked=invitation.sender, record=invitation.sender_record)


def block_conversation_partner(*, blocker: User, conversation: Conversation) -> Block:
    """Block the other person in a conversation."""
    other = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=blocker)
        .select_related("user", "record")
        .first()
    )
    if other is None or not conversation.participants.filter(user=blocker).exists():
        _refuse(CANNOT_BLOCK, "cannot_block")
    return block_user(blocker=blocker, blocked=other.user, record=other.record)


@transaction.atomic
def unblock(*, block: Block, user: User) -> None:
    if block.blocker_id != user.pk:
        _refuse_not_allowed(CANNOT_BLOCK, "not_blocker")
    block.delete()


# --- Reports ----------------------------------------------------------------------------


@transaction.atomic
def report_abuse(
    *,
    reporter: User,
    reason: str,
    details: str = "",
    invitation: Invitation | None = None,
    message: Message | None = None,
) -> Report:
    """Report an invitation one received, or a message the other party sent, to moderators."""
    if (invitation is None) == (message is None):
        _refuse(_("Report either an invitation or a message."), "report_target")
    if reason not in ReportReason.values:
        raise Invalid(_("Choose a reason."), code="invalid_choice", field="reason")
    details = _clean_text(
        details, field="details", max_length=REPORT_DETAILS_MAX_LENGTH, required=False
    )
    if invitation is not None:
        if invitation.recipient_id != reporter.pk:
            _refuse_not_allowed(CANNOT_REPORT, "cannot_report")
        reported_user_id, reported_record_id = invitation.sender_id, invitation.sender_record_id
        duplicate = Report.objects.filter(reporter=reporter, invitation=invitation)
    else:
        assert message is not None  # exactly one of the two, checked above
        seats = Participant.objects.filter(conversation_id=message.conversation_id)
        if message.sender_id == reporter.pk or not seats.filter(user=reporter).exists():
            _refuse_not_allowed(CANNOT_REPORT, "cannot_report")
        reported_user_id = message.sender_id
        reported_record_id = seats.get(user_id=message.sender_id).record_id
        duplicate = Report.objects.filter(reporter=reporter, message=message)
    if duplicate.exists():
        _refuse(ALREADY_REPORTED, "already_reported")
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                invitation=invitation,
                message=message,
                reported_user_id=reported_user_id,
                reported_record_id=reported_record_id,
                reason=reason,
                details=details,
            )
    except IntegrityError:
        _refuse(ALREADY_REPORTED, "already_reported")


@transaction.atomic
def decide_report(*, report: Report, moderator: User, uphold: bool, note: str = "") -> Report:
    """A moderator upholds or dismisses an open report. Upholding lowers the trust score of
    the record the reported person wrote from (profiles.services.records.upheld_report_count)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        _refuse(_("This report has already been handled."), "already_handled")
    report.status = ReportStatus.UPHELD if uphold else ReportStatus.DISMISSED
    report.handled_by = moderator
    report.handled_at = timezone.now()
    report.moderator_note = note
    report.save(update_fields=["status", "handled_by", "handled_at", "moderator_note"])
    audit.record(
        actor=moderator,
        action=AuditAction.REPORT_UPHELD if uphold else AuditAction.REPORT_DISMISSED,
        target=report,
        before={"status": ReportStatus.OPEN},
        after={"status": report.status, "record": report.reported_record_id},
        reason=note,
    )
    if uphold and report.reported_record_id:
        record = AuthorRecord.objects.select_for_update().get(pk=report.reported_record_id)
        recompute_trust(author=record, actor=moderator, reason=f"abuse report {report.pk} upheld")
    return report
