"""Conversations opened by an accepted invitation: messages, leaving, read marks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from profiles.models import (
    Conversation,
    Message,
    Participant,
)
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
)
from profiles.services import notifications
from profiles.services.collaboration.common import (
    CONVERSATION_CLOSED,
    _clean_text,
    _refuse,
    _refuse_not_allowed,
    is_blocked,
)

# --- Conversations ----------------------------------------------------------------------


@transaction.atomic
def post_message(*, conversation: Conversation, user: User, body: str) -> Message:
    """Add a message. Refused once either party has left (or blocked the other)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        _refuse_not_allowed(CONVERSATION_CLOSED, "not_participant")
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
        _refuse_not_allowed(CONVERSATION_CLOSED, "not_participant")
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
