"""Invitations: sending, answering, withdrawing, expiry and read marks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from profiles import conf
from profiles.choices import InvitationStatus
from profiles.models import (
    AuthorRecord,
    Conversation,
    Invitation,
    Message,
    Participant,
    Topic,
    Work,
)
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from profiles.selectors.moderation import is_suspended
from profiles.services import notifications
from profiles.services.collaboration.common import (
    ALREADY_PENDING,
    BAD_MOTIVATION,
    DAILY_LIMIT,
    INVITE_SELF,
    NOT_CLAIMED,
    NOT_OPEN,
    NOT_PENDING,
    ONLY_RECIPIENT,
    ONLY_SENDER,
    PENDING_LIMIT,
    _clean_text,
    _refuse,
    _refuse_not_allowed,
    is_blocked,
    sender_eligibility,
)
from profiles.services.collaboration.follows import check_may_contact

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


def _check_may_invite(sender: User, recipient_record: AuthorRecord) -> AuthorRecord:
    """Refuse an ineligible sender, or a recipient record that is unclaimed, the sender's
    own, closed, blocking them or whose owner is suspended (told the same as "closed"); the
    record, fresh."""
    eligibility = sender_eligibility(sender)
    if not eligibility.ok:
        _refuse_not_allowed(eligibility.message, eligibility.code)
    recipient_record = AuthorRecord.objects.get(pk=recipient_record.pk)
    check_may_contact(recipient_record)
    if recipient_record.owner_id is None or recipient_record.verification_level < 2:
        _refuse(NOT_CLAIMED, "not_claimed")
    if recipient_record.owner_id == sender.pk:
        _refuse(INVITE_SELF, "invite_self")
    if (
        not recipient_record.open_to_collaborate
        or is_blocked(blocker=recipient_record.owner_id, blocked=sender)
        or is_suspended(recipient_record.owner_id)
    ):
        _refuse(NOT_OPEN, "not_open")
    return recipient_record


def _check_none_pending(sender: User, recipient_record: AuthorRecord) -> None:
    """Expire the sender's overdue invitations, then refuse a second pending one to the
    same person."""
    expire_overdue(queryset=Invitation.objects.filter(sender=sender))
    if Invitation.objects.filter(
        sender=sender, recipient_id=recipient_record.owner_id, status=InvitationStatus.PENDING
    ).exists():
        _refuse(ALREADY_PENDING, "already_pending")


def _check_limits(sender: User, *, now) -> None:
    """Refuse when the sender reached the daily or the pending limit."""
    mine = Invitation.objects.filter(sender=sender)
    per_day = conf.INVITATIONS_PER_DAY
    if mine.filter(created_at__gt=now - timedelta(days=1)).count() >= per_day:
        _refuse(DAILY_LIMIT, "daily_limit", limit=per_day)
    max_pending = conf.INVITATIONS_MAX_PENDING
    if mine.filter(status=InvitationStatus.PENDING).count() >= max_pending:
        _refuse(PENDING_LIMIT, "pending_limit", limit=max_pending)


def _check_motivation(
    sender: User, recipient_record: AuthorRecord, *, works: list[Work], topics: list[Topic]
) -> AuthorRecord:
    """Refuse works or topics that belong to neither record; the sender's record."""
    sender_record = AuthorRecord.objects.get(owner=sender)
    records = [sender_record.pk, recipient_record.pk]
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
    return sender_record


def _create_invitation(
    *,
    sender: User,
    sender_record: AuthorRecord,
    recipient_record: AuthorRecord,
    subject: str,
    message: str,
    works: list[Work],
    topics: list[Topic],
    now,
) -> Invitation:
    """Store the invitation and its motivation; a race the partial unique constraint caught
    is refused like any second pending invitation."""
    recipient_id = recipient_record.owner_id
    assert recipient_id is not None  # _check_may_invite refused a record nobody owns
    invitation = Invitation(
        sender=sender,
        sender_record=sender_record,
        recipient_id=recipient_id,
        recipient_record=recipient_record,
        subject=subject,
        message=message,
        expires_at=now + timedelta(days=conf.INVITATION_EXPIRY_DAYS),
        sender_seen_at=now,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the partial unique constraint caught a race
        _refuse(ALREADY_PENDING, "already_pending")
    invitation.works.set(works)
    invitation.topics.set(topics)
    return invitation


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
    """Invite the owner of a claimed, open record. Refused (a ServiceError with a code) when
    the sender is not eligible, the record is unclaimed, theirs, closed, the sender is
    blocked (told the same as "closed"), a pending invitation already exists, or a limit is
    reached."""
    # Lock the sender's row: two invitations sent at once cannot both slip under a limit.
    # FOR NO KEY UPDATE: foreign-key checks on the row (FOR KEY SHARE) are not blocked, so
    # a follow of the sender's record committing meanwhile cannot deadlock with us.
    sender = User.objects.select_for_update(no_key=True).get(pk=sender.pk)
    recipient_record = _check_may_invite(sender, recipient_record)
    subject = _clean_text(subject, field="subject", max_length=SUBJECT_MAX_LENGTH)
    message = _clean_text(message, field="message", max_length=MESSAGE_MAX_LENGTH)
    _check_none_pending(sender, recipient_record)
    now = timezone.now()
    _check_limits(sender, now=now)
    works, topics = list(works), list(topics)
    sender_record = _check_motivation(sender, recipient_record, works=works, topics=topics)
    invitation = _create_invitation(
        sender=sender,
        sender_record=sender_record,
        recipient_record=recipient_record,
        subject=subject,
        message=message,
        works=works,
        topics=topics,
        now=now,
    )
    notifications.invitation_received(invitation)
    return invitation


def _check_pending(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        _refuse(NOT_PENDING, "not_pending", status=invitation.get_status_display())


def _answer(invitation: Invitation, *, user: User, reply: str, status: str) -> Invitation:
    if invitation.recipient_id != user.pk:
        _refuse_not_allowed(ONLY_RECIPIENT, "not_recipient")
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
        _refuse_not_allowed(ONLY_SENDER, "not_sender")
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
