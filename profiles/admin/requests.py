"""The queue of requests to the moderators: a list (kind, target, requester, age, state;
oldest first, filtered by kind and state, paginated) and a read-only page per request whose
Grant and Decline buttons ask the reason the requester is told and call the services
(profiles/services/moderation/requests.py). Nobody adds, edits or deletes a request here."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.admin.audit import AuditTrailLinkMixin
from profiles.choices import RequestKind, RequestState
from profiles.models import AuthorRecord, ModerationRequest
from profiles.services.moderation import marks
from profiles.services.moderation import requests as svc

MERGE_PREVIEW_URL_NAME = "admin:profiles_authorrecord_merge"


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason the requester is told"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def merge_preview_url(source: AuthorRecord | None, target: AuthorRecord | None) -> str:
    """The merge tool's preview of `source` into `target`, or "" while the tool is absent."""
    if source is None or target is None:
        return ""
    try:
        base = reverse(MERGE_PREVIEW_URL_NAME)
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode({'source': source.pk, 'target': target.pk})}"


def _record_link(record: AuthorRecord | None) -> str:
    if record is None:
        return "—"
    url = reverse("admin:profiles_authorrecord_change", args=[record.pk])
    return format_html('<a href="{}">{}</a>', url, record.display_name)


@admin.register(ModerationRequest)
class ModerationRequestAdmin(AuditTrailLinkMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "target", "requester_line", "age", "state"]
    list_display_links = ["id", "kind"]
    list_filter = ["state", "kind"]
    list_select_related = ["record", "other_record", "requester"]
    list_per_page = 25
    search_fields = ["email", "record__display_name", "message"]
    ordering = ["created_at", "id"]
    change_form_template = "admin/profiles/moderationrequest/change_form.html"
    fields = (
        "kind",
        "state",
        "target",
        "record_state",
        "merge_preview",
        "claim",
        "report",
        "requester_line",
        "message",
        "created_at",
        "decided_by_repr",
        "decided_at",
        "decision_reason",
        "audit_trail",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept like the audit trail

    def save_model(self, request, obj, form, change) -> None:
        """Nothing is saved from the form: decisions go through Grant and Decline."""

    @admin.display(description=gettext_lazy("target"))
    def target(self, obj: ModerationRequest) -> str:
        if obj.kind == RequestKind.MERGE:
            return format_html("{} → {}", _record_link(obj.record), _record_link(obj.other_record))
        return _record_link(obj.record)

    @admin.display(description=gettext_lazy("requester"))
    def requester_line(self, obj: ModerationRequest) -> str:
        if obj.requester_id is None:
            return _("%(email)s (not signed in)") % {"email": obj.email}
        return obj.email

    @admin.display(description=gettext_lazy("age"), ordering="created_at")
    def age(self, obj: ModerationRequest) -> str:
        return timesince(obj.created_at, timezone.now())

    @admin.display(description=gettext_lazy("record now"))
    def record_state(self, obj: ModerationRequest) -> str:
        record = obj.record
        if record is None:
            return "—"
        facts = [_("claimed") if record.owner_id else _("unclaimed")]
        if record.hidden:
            facts.append(_("hidden"))
        if record.do_not_contact:
            facts.append(_("do not contact"))
        return ", ".join(str(f) for f in facts)

    @admin.display(description=gettext_lazy("merge preview"))
    def merge_preview(self, obj: ModerationRequest) -> str:
        if obj.kind != RequestKind.MERGE:
            return "—"
        url = merge_preview_url(obj.record, obj.other_record)
        if not url:
            return _("The merge tool is not available here; merge by hand.")
        return format_html('<a href="{}">{}</a>', url, _("Preview the merge"))

    # --- decisions

    def get_urls(self):
        own = [
            path(
                f"<int:pk>/{decision}/",
                self.admin_site.admin_view(self._view_for(decision)),
                name=f"profiles_moderationrequest_{decision}",
            )
            for decision in self.DECISIONS
        ]
        return own + super().get_urls()

    # decision -> (service, page title, button, done message)
    DECISIONS: ClassVar[dict] = {
        "grant": (
            svc.grant_request,
            gettext_lazy("Grant request %(id)s"),
            gettext_lazy("Grant"),
            gettext_lazy("Request %(id)s granted."),
        ),
        "decline": (
            svc.decline_request,
            gettext_lazy("Decline request %(id)s"),
            gettext_lazy("Decline"),
            gettext_lazy("Request %(id)s declined."),
        ),
        "unhide": (
            None,
            gettext_lazy("Show the record of request %(id)s again"),
            gettext_lazy("Show the record again"),
            gettext_lazy("The record of request %(id)s is shown again."),
        ),
    }

    def _view_for(self, decision: str):
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            return self._decision_view(request, pk, decision=decision)

        return view

    def _run(self, decision: str, obj: ModerationRequest, request: HttpRequest, reason: str):
        if decision == "unhide":
            if obj.record is None:
                raise ValidationError(_("The record no longer exists."))
            return marks.unhide_record(record=obj.record, moderator=request.user, reason=reason)
        service = self.DECISIONS[decision][0]
        return service(request=obj, moderator=request.user, reason=reason)

    def _decision_view(self, request: HttpRequest, pk: int, *, decision: str) -> HttpResponse:
        """Ask the reason, run the decision through the service, go back to the request."""
        obj = get_object_or_404(
            ModerationRequest.objects.select_related("record", "other_record"), pk=pk
        )
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        _service, title, button, done = self.DECISIONS[decision]
        form = DecisionForm(request.POST or None)
        back = reverse("admin:profiles_moderationrequest_change", args=[obj.pk])
        if request.method == "POST" and form.is_valid():
            try:
                self._run(decision, obj, request, form.cleaned_data["reason"])
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, done % {"id": obj.pk}, messages.SUCCESS)
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "request_obj": obj,
            "form": form,
            "opts": self.model._meta,
            "title": title % {"id": obj.pk},
            "button": button,
            "back": back,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/profiles/moderationrequest/decide.html", context, status=status
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"open_state": RequestState.OPEN, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)
