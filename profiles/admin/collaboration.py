"""Moderators' views of invitations, conversations and abuse reports. Upholding or
dismissing a report goes through profiles.services.collaboration.decide_report, which lowers
the reported record's trust score when a report is upheld."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from profiles.admin.audit import AuditTrailLinkMixin
from profiles.choices import ReportStatus
from profiles.models import Block, Conversation, Invitation, Message, Report
from profiles.services.collaboration import decide_report


class ReadOnlyAdmin(admin.ModelAdmin):
    """Moderators read these rows; every change goes through the services (a status set here
    would skip the rules: no conversation for an accepted invitation, a block that leaves
    pending invitations open)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "sender_record", "recipient_record", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["subject", "sender_record__display_name", "recipient_record__display_name"]
    list_select_related = ["sender_record", "recipient_record"]
    raw_id_fields = ["sender", "recipient", "sender_record", "recipient_record", "works", "topics"]
    readonly_fields = ["created_at", "answered_at", "expires_at"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    readonly_fields = ["sender", "body", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["id", "invitation", "created_at", "last_message_at", "closed_at"]
    raw_id_fields = ["invitation"]
    inlines = [MessageInline]


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ["blocker", "blocked", "blocked_record", "created_at"]
    raw_id_fields = ["blocker", "blocked", "blocked_record"]


@admin.register(Report)
class ReportAdmin(AuditTrailLinkMixin, admin.ModelAdmin):
    list_display = ["id", "reason", "status", "reported_record", "reporter", "created_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["reported_record", "reporter"]
    raw_id_fields = ["reporter", "invitation", "message", "reported_user", "reported_record"]
    readonly_fields = [
        "reporter",
        "invitation",
        "message",
        "reported_user",
        "reported_record",
        "reason",
        "details",
        "reported_text",
        "status",
        "handled_by",
        "handled_at",
        "created_at",
        "audit_trail",
    ]
    actions = ["uphold", "dismiss"]

    @admin.display(description="Reported text")
    def reported_text(self, obj: Report) -> str:
        if obj.invitation is not None:
            return f"{obj.invitation.subject}\n\n{obj.invitation.message}"
        return obj.message.body if obj.message is not None else ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        """Reports are part of the moderation history: nobody deletes them here."""
        return False

    def _decide(self, request, queryset, *, uphold: bool) -> None:
        done = 0
        for report in queryset.filter(status=ReportStatus.OPEN):
            try:
                decide_report(report=report, moderator=request.user, uphold=uphold)
            except ValidationError as exc:
                self.message_user(request, exc.messages[0], messages.WARNING)
            else:
                done += 1
        verb = "Upheld" if uphold else "Dismissed"
        self.message_user(request, f"{verb} {done} report(s).")

    @admin.action(description="Uphold: the report is right (lowers the sender's trust)")
    def uphold(self, request, queryset) -> None:
        self._decide(request, queryset, uphold=True)

    @admin.action(description="Dismiss: no abuse")
    def dismiss(self, request, queryset) -> None:
        self._decide(request, queryset, uphold=False)
