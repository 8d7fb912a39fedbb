"""Collaboration invitations, the conversations they open, blocks and abuse reports: every
rule of docs/collaboration.md lives here. Each write is atomic and locks what two requests
could race on; a refused action raises ValidationError with a stable `code` and changes
nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from profiles.choices import InvitationStatus, ReportReason, ReportStatus
from profiles.models import (
    AuthorRecord,
    Block,
    Conversation,
    Invitation,
    Message,
    Participant,
    Report,
    Topic,
    Work,
)
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from profiles.services import notifications
from profiles.services.records import recompute_trust

# Messages users see; tests assert on them.
NOT_OPEN = _("This researcher is not open to invitations.")
NOT_CLAIMED = _("This author record is not claimed yet, so there is nobody to invite.")
INVITE_SELF = _("You cannot invite yourself.")
ALREADY_PENDING = _("You already have a pending invitation to this researcher.")
DAILY_LIMIT = _("You have sent the most invitations allowed in a day (%(limit)s). Try tomorrow.")
PENDING_LIMIT = _(
    "You have %(limit)s invitations waiting for an answer; wait for answers or withdraw some."
)
NEEDS_VERIFIED_EMAIL = _("Verify your email address before inviting researchers.")
NEEDS_CLAIMED_RECORD = _("Claim your own author record before inviting researchers.")
LOW_TRUST = _("Your profile's trust score is too low to send invitations.")
NOT_PENDING = _("This invitation is %(status)s; it can no longer be changed.")
ONLY_RECIPIENT = _("Only the invited researcher can answer this invitation.")
ONLY_SENDER = _("Only the sender can withdraw this invitation.")
CONVERSATION_CLOSED = _("This conversation has ended; no more messages can be sent.")
EMPTY_MESSAGE = _("Write a message.")
BAD_MOTIVATION = _("Choose works and topics from your profile or the researcher's.")
CANNOT_BLOCK = _("There is nobody to block here.")
CANNOT_REPORT = _("You can only report invitations and messages sent to you.")
ALREADY_REPORTED = _("You have already reported this.")


@dataclass(frozen=True)
class Eligibility:
    """Whether a person may send invitations at all, and if not, what to tell them."""

    ok: bool
    code: str = ""
    message: str = ""


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def sender_eligibility(user) -> Eligibility:
    """A sender needs a verified email AND a claimed record of their own (L2 or above) whose
    trust score is at least INVITATIONS_MIN_SENDER_TRUST."""
    if not getattr(user, "is_authenticated", False):
        return Eligibility(False, "not_signed_in", str(_("Log in to invite.")))
    if not has_verified_email(user):
        return Eligibility(False, "email_not_verified", str(NEEDS_VERIFIED_EMAIL))
    record = AuthorRecord.objects.filter(owner=user, verification_level__gte=2).first()
    if record is None:
        return Eligibility(False, "no_claimed_record", str(NEEDS_CLAIMED_RECORD))
    if record.trust_score < settings.INVITATIONS_MIN_SENDER_TRUST:
        return Eligibility(False, "low_trust", str(LOW_TRUST))
    return Eligibility(True)


def is_blocked(*, blocker, blocked) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def _refuse(message, code: str, **params):
    raise ValidationError(message, code=code, params=params or None)


def _clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: ValidationError(_("This field is required."), "required")})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Keep it to %(limit)s characters (it has %(n)s)."),
                    code="max_length",
                    params={"limit": max_length, "n": len(text)},
                )
            }
        )
    return text


# --- Expiry -----------------------------------------------------------------------------


def expire_overdue(*, queryset=None, now=None) -> int:
    """Mark pending invitations past their `expires_at` as expired; returns how many. Called
    lazily by every read of invitations and by the `expire_invitations` command."""
    now = now or timezone.now()
    qs = Invitation.objects.all() if queryset is None else queryset
    return qs.filter(status=InvitationStatus.PENDING, expires_at__lte=now).update(
        status=InvitationStatus.EXPIRED, answered_at=now, sender_seen_at=None
    )


def expire_for_user(user) -> None:
    """Lazy expiry of the invitations a person is about to see (one UPDATE)."""
    expire_overdue(queryset=Invitation.objects.filter(Q(sender=user) | Q(recipient=user)))


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def send_invitation(
    *,
    sender: User,
    recipient_record: AuthorRecord,
    subject: str,
    message: str,
    works: Iterable[Work] = (),
    topics: Iterable[Topic] = (),
) -> Invitation:
    """Invite the owner of a claimed, open record. Refused (ValidationError with a code) when
    the sender is not eligible, the record is unclaimed, theirs, closed, the sender is
    blocked (told the same as "closed"), a pending invitation already exists, or a limit is
    reached."""
    # Lock the sender's row: two invitations sent at once cannot both slip under a limit.
    sender = User.objects.select_for_update().get(pk=sender.pk)
    eligibility = sender_eligibility(sender)
    if not eligibility.ok:
        _refuse(eligibility.message, eligibility.code)
    recipient_record = AuthorRecord.objects.get(pk=recipient_record.pk)
    if recipient_record.owner_id is None or recipient_record.verification_level < 2:
        _refuse(NOT_CLAIMED, "not_claimed")
    if recipient_record.owner_id == sender.pk:
        _refuse(INVITE_SELF, "invite_self")
    if not recipient_record.open_to_collaborate or is_blocked(
        blocker=recipient_record.owner_id, blocked=sender
    ):
        _refuse(NOT_OPEN, "not_open")
    subject = _clean_text(subject, field="subject", max_length=SUBJECT_MAX_LENGTH)
    message = _clean_text(message, field="message", max_length=MESSAGE_MAX_LENGTH)

    expire_overdue(queryset=Invitation.objects.filter(sender=sender))
    mine = Invitation.objects.filter(sender=sender)
    if mine.filter(
        recipient_id=recipient_record.owner_id, status=InvitationStatus.PENDING
    ).exists():
        _refuse(ALREADY_PENDING, "already_pending")
    now = timezone.now()
    per_day = settings.INVITATIONS_PER_DAY
    if mine.filter(created_at__gt=now - timedelta(days=1)).count() >= per_day:
        _refuse(DAILY_LIMIT, "daily_limit", limit=per_day)
    max_pending = settings.INVITATIONS_MAX_PENDING
    if mine.filter(status=InvitationStatus.PENDING).count() >= max_pending:
        _refuse(PENDING_LIMIT, "pending_limit", limit=max_pending)

    sender_record = AuthorRecord.objects.get(owner=sender)
    records = [sender_record.pk, recipient_record.pk]
    works, topics = list(works), list(topics)
    allowed_works = set(
        Work.objects.filter(
            authorships__author_id__in=records, authorships__is_hidden=False
        ).values_list("pk", flat=True)
    )
    allowed_topics = set(
        Topic.objects.filter(author_topics__author_id__in=records).values_list("pk", flat=True)
    )
    if any(w.pk not in allowed_works for w in works) or any(
        t.pk not in allowed_topics for t in topics
    ):
        _refuse(BAD_MOTIVATION, "bad_motivation")

    invitation = Invitation(
        sender=sender,
        sender_record=sender_record,
        recipient_id=recipient_record.owner_id,
        recipient_record=recipient_record,
        subject=subject,
        message=message,
        expires_at=now + timedelta(days=settings.INVITATION_EXPIRY_DAYS),
        sender_seen_at=now,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the partial unique constraint caught a race
        _refuse(ALREADY_PENDING, "already_pending")
    invitation.works.set(works)
    invitation.topics.set(topics)
    notifications.invitation_received(invitation)
    return invitation


def _check_pending(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        _refuse(NOT_PENDING, "not_pending", status=invitation.get_status_display())


def _answer(invitation: Invitation, *, user: User, reply: str, status: str) -> Invitation:
    if invitation.recipient_id != user.pk:
        _refuse(ONLY_RECIPIENT, "not_recipient")
    reply = _clean_text(reply, field="reply", max_length=REPLY_MAX_LENGTH, required=False)
    _check_pending(invitation)
    now = timezone.now()
    invitation.status = status
    invitation.reply = reply
    invitation.answered_at = now
    invitation.recipient_seen_at = now
    invitation.sender_seen_at = None
    invitation.save(
        update_fields=["status", "reply", "answered_at", "recipient_seen_at", "sender_seen_at"]
    )
    return invitation


def accept_invitation(*, invitation: Invitation, user: User, reply: str = "") -> Conversation:
    """The recipient accepts: a conversation opens between the two, starting with the
    invitation's message and the optional reply."""
    invitation = _expire_if_overdue(invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation = _answer(invitation, user=user, reply=reply, status=InvitationStatus.ACCEPTED)
        conversation = Conversation.objects.create(invitation=invitation)
        Participant.objects.bulk_create(
            [
                Participant(
                    conversation=conversation,
                    user_id=invitation.sender_id,
                    record_id=invitation.sender_record_id,
                ),
                Participant(
                    conversation=conversation,
                    user_id=invitation.recipient_id,
                    record_id=invitation.recipient_record_id,
                    last_read_at=timezone.now(),
                ),
            ]
        )
        Message.objects.create(
            conversation=conversation, sender_id=invitation.sender_id, body=invitation.message
        )
        if invitation.reply:
            Message.objects.create(
                conversation=conversation, sender_id=invitation.recipient_id, body=invitation.reply
            )
        conversation.last_message_at = timezone.now()
        conversation.save(update_fields=["last_message_at"])
        notifications.invitation_answered(invitation)
    return conversation


def decline_invitation(*, invitation: Invitation, user: User, reply: str = "") -> Invitation:
    """The recipient declines, optionally saying why."""
    invitation = _expire_if_overdue(invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation = _answer(invitation, user=user, reply=reply, status=InvitationStatus.DECLINED)
        notifications.invitation_answered(invitation)
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, user: User) -> Invitation:
    """The sender takes back a pending invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.sender_id != user.pk:
        _refuse(ONLY_SENDER, "not_sender")
    if invitation.status == InvitationStatus.PENDING and invitation.expires_at <= timezone.now():
        _refuse(NOT_PENDING, "not_pending", status=InvitationStatus.EXPIRED.label)
    _check_pending(invitation)
    now = timezone.now()
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = now
    invitation.sender_seen_at = now
    invitation.save(update_fields=["status", "answered_at", "sender_seen_at"])
    return invitation


def _expire_if_overdue(invitation: Invitation) -> Invitation:
    """Lazy expiry before an answer, committed on its own so a refused answer still leaves
    the invitation correctly marked expired."""
    expire_overdue(queryset=Invitation.objects.filter(pk=invitation.pk))
    return invitation


def mark_invitation_seen(*, invitation: Invitation, user: User) -> None:
    """The party looking at an invitation has now seen its current state."""
    now = timezone.now()
    if invitation.recipient_id == user.pk and invitation.recipient_seen_at is None:
        Invitation.objects.filter(pk=invitation.pk).update(recipient_seen_at=now)
        invitation.recipient_seen_at = now
    elif invitation.sender_id == user.pk and invitation.sender_seen_at is None:
        Invitation.objects.filter(pk=invitation.pk).update(sender_seen_at=now)
        invitation.sender_seen_at = now


# --- Conversations ----------------------------------------------------------------------


@transaction.atomic
def post_message(*, conversation: Conversation, user: User, body: str) -> Message:
    """Add a message. Refused once either party has left (or blocked the other)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        _refuse(CONVERSATION_CLOSED, "not_participant")
    if conversation.is_closed:
        _refuse(CONVERSATION_CLOSED, "conversation_closed")
    other = Participant.objects.exclude(user=user).get(conversation=conversation)
    if is_blocked(blocker=other.user_id, blocked=user):
        _refuse(CONVERSATION_CLOSED, "conversation_closed")
    body = _clean_text(body, field="body", max_length=MESSAGE_MAX_LENGTH)
    message = Message.objects.create(conversation=conversation, sender=user, body=body)
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    Participant.objects.filter(pk=seat.pk).update(last_read_at=message.created_at)
    notifications.message_received(message, recipient_id=other.user_id)
    return message


@transaction.atomic
def leave_conversation(*, conversation: Conversation, user: User) -> Conversation:
    """Leave: the conversation closes for both; the history stays readable to both."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        _refuse(CONVERSATION_CLOSED, "not_participant")
    if seat.left_at is not None:
        _refuse(_("You have already left this conversation."), "already_left")
    now = timezone.now()
    Participant.objects.filter(pk=seat.pk).update(left_at=now)
    if conversation.closed_at is None:
        conversation.closed_at = now
        conversation.save(update_fields=["closed_at"])
    return conversation


def mark_conversation_read(*, conversation: Conversation, user: User) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_at=timezone.now()
    )


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
    if record.owner_id is None:
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
        _refuse(CANNOT_BLOCK, "not_blocker")
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
        raise ValidationError({"reason": ValidationError(_("Choose a reason."), "invalid_choice")})
    details = _clean_text(
        details, field="details", max_length=REPORT_DETAILS_MAX_LENGTH, required=False
    )
    if invitation is not None:
        if invitation.recipient_id != reporter.pk:
            _refuse(CANNOT_REPORT, "cannot_report")
        reported_user_id, reported_record_id = invitation.sender_id, invitation.sender_record_id
        duplicate = Report.objects.filter(reporter=reporter, invitation=invitation)
    else:
        seats = Participant.objects.filter(conversation_id=message.conversation_id)
        if message.sender_id == reporter.pk or not seats.filter(user=reporter).exists():
            _refuse(CANNOT_REPORT, "cannot_report")
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
    if uphold and report.reported_record_id:
        record = AuthorRecord.objects.select_for_update().get(pk=report.reported_record_id)
        recompute_trust(author=record, actor=moderator, reason=f"abuse report {report.pk} upheld")
    return report


@transaction.atomic
def set_open_to_collaborate(*, user: User, author: AuthorRecord, is_open: bool) -> AuthorRecord:
    """The owner opens or closes their record to invitations (pending ones stay answerable),
    with a history line in the same transaction."""
    from profiles.choices import ProfileEventKind
    from profiles.models import ProfileEvent

    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    if author.owner_id != user.pk:
        _refuse(_("Only the profile's owner can change this."), "not_owner")
    if author.open_to_collaborate != is_open:
        author.open_to_collaborate = is_open
        author.save(update_fields=["open_to_collaborate", "updated_at"])
        ProfileEvent.objects.create(
            author=author,
            kind=ProfileEventKind.EDITED,
            actor=user,
            old_value="",
            new_value="open to collaborate" if is_open else "not open to collaborate",
        )
    return author
