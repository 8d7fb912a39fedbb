"""The audit trail in the admin: one list of every moderation decision, filtered by action,
actor and date, with links to each decision's object and from objects to their entries, and a
streamed CSV export of what the list shows. Nobody adds, changes or deletes an entry here,
superusers included."""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from profiles.models import AuditEntry
from profiles.services import audit


def audit_trail_url(obj) -> str:
    """The audit list filtered to one object."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    query = urlencode({"target_type__id__exact": content_type.pk, "target_id": obj.pk})
    return f"{reverse('admin:profiles_auditentry_changelist')}?{query}"


class AuditTrailLinkMixin:
    """Adds the read-only field `audit_trail`: a link to the object's audit entries."""

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        count = audit.for_object(obj).count()
        return format_html(
            '<a href="{}">{}</a>', audit_trail_url(obj), _("%(n)s decision(s)") % {"n": count}
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor_repr", "target_link", "short_reason"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
        ("target_type", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "created_at"
    search_fields = ["target_repr", "reason", "actor_repr"]
    list_select_related = ["target_type"]
    list_per_page = 50
    show_full_result_count = False  # a year of decisions: no second COUNT(*)
    change_list_template = "admin/profiles/auditentry/change_list.html"
    fields = (
        "created_at",
        "action",
        "actor",
        "actor_repr",
        "target_link",
        "target_repr",
        "before_json",
        "after_json",
        "reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("target"), ordering="target_repr")
    def target_link(self, obj: AuditEntry) -> str:
        content_type = obj.target_type
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[obj.target_id],
            )
        except NoReverseMatch:
            return f"{content_type.model} {obj.target_id}: {obj.target_repr}"
        return format_html(
            '<a href="{}">{} {}</a>: {}', url, content_type.model, obj.target_id, obj.target_repr
        )

    @admin.display(description=_("reason"))
    def short_reason(self, obj: AuditEntry) -> str:
        return Truncator(obj.reason).chars(80)

    @admin.display(description=_("before"))
    def before_json(self, obj: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.before, indent=2, sort_keys=True))

    @admin.display(description=_("after"))
    def after_json(self, obj: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.after, indent=2, sort_keys=True))

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="profiles_auditentry_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The entries the list shows with the same filters, as CSV, streamed: rows are read
        in chunks and written as they go, so memory stays flat whatever the count."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request)
        response = StreamingHttpResponse(
            audit.csv_rows(entries), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
