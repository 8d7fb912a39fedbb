"""Collaboration between researchers: invitations, the conversations they open, blocks,
abuse reports and per-person email preferences. Rules live in profiles/services/collaboration/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.choices import InvitationStatus, ReportReason, ReportStatus
from profiles.models.records import AuthorRecord, Topic
from profiles.models.works import Work

SUBJECT_MAX_LENGTH = 150
MESSAGE_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 1000
REPORT_DETAILS_MAX_LENGTH = 2000


class Invitation(models.Model):
    """One researcher inviting the owner of another claimed record to collaborate. The
    records are kept beside the accounts so pages name people by their public record, never
    by their email. At most one pending invitation per sender and recipient."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_invitations"
    )
    sender_record = models.ForeignKey(
        AuthorRecord, on_delete=models.SET_NULL, null=True, related_name="sent_invitations"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_invitations"
    )
    recipient_record = models.ForeignKey(
        AuthorRecord, on_delete=models.CASCADE, related_name="received_invitations"
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    message = models.TextField(_("message"), help_text=_("Markdown; rendered safely."))
    works = models.ManyToManyField(Work, blank=True, related_name="+")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    status = models.CharField(
        max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    reply = models.TextField(_("reply"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # When each party last saw the invitation's current state: drives the unread counts.
    recipient_seen_at = models.DateTimeField(null=True, blank=True)
    sender_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="invitation_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvitationStatus]),
                name="invitation_status_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"

    @classmethod
    def from_db(cls, db, field_names, values):
        """A pending invitation past `expires_at` reads as expired wherever it is loaded, so
        reads need no write; the `expire_invitations` command and the services that answer
        invitations store the expiry."""
        invitation = super().from_db(db, field_names, values)
        loaded = invitation.__dict__
        if (
            loaded.get("status") == InvitationStatus.PENDING
            and loaded.get("expires_at") is not None
            and invitation.expires_at <= timezone.now()
        ):
            invitation.status = InvitationStatus.EXPIRED
        return invitation


class Conversation(models.Model):
    """The exchange an accepted invitation opens. It closes for both when either leaves."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="conversation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Participant(models.Model):
    """One of the two people in a conversation, with what they have read and whether they
    left."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    record = models.ForeignKey(AuthorRecord, on_delete=models.SET_NULL, null=True, related_name="+")
    last_read_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_once_per_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    """A message in a conversation (Markdown, rendered safely)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_messages"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"


class Block(models.Model):
    """`blocker` no longer receives invitations or messages from `blocked`, who is not told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    # The public record the blocker saw, so their list of blocks can name the person.
    blocked_record = models.ForeignKey(
        AuthorRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Report(models.Model):
    """An invitation or a message reported to the moderators. Upheld reports count against
    the trust score of the record its author sent it from."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    reported_record = models.ForeignKey(
        AuthorRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    moderator_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(invitation__isnull=False) & Q(message__isnull=True))
                | (Q(invitation__isnull=True) & Q(message__isnull=False)),
                name="report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "invitation"],
                condition=Q(invitation__isnull=False),
                name="report_invitation_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "message"],
                condition=Q(message__isnull=False),
                name="report_message_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.get_status_display()})"


class NotificationSettings(models.Model):
    """Which emails a person wants. A missing row means every email is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_on_invitation = models.BooleanField(_("Email me a new invitation"), default=True)
    email_on_answer = models.BooleanField(_("Email me an answer to my invitation"), default=True)
    email_on_message = models.BooleanField(_("Email me a new message"), default=True)
    email_on_claim = models.BooleanField(_("Email me news about my claims"), default=True)
    email_on_coauthor = models.BooleanField(
        _("Email me when someone claims a co-author's record"), default=True
    )

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"
