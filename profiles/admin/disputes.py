"""Disputes in the admin: each open dispute beside the approved claim it disputes (both
reports, both sets of proofs, both statements, both histories), filtered by status; upholding
and dismissing (a reason is required) call profiles.services.claims.disputes."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.orcid import orcid_configured
from profiles.admin.audit import AuditTrailLinkMixin
from profiles.admin.claims import ReadOnlyInline
from profiles.choices import DisputeStatus
from profiles.forms.claims import RejectForm
from profiles.models import Claim, Dispute, DisputeEvent
from profiles.services import claims as svc

# Open disputes first, oldest first; decided ones after.
OPEN_FIRST = Case(
    When(status=DisputeStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
)


class DisputeEventInline(ReadOnlyInline):
    model = DisputeEvent
    readonly_fields = ("created_at", "kind", "actor", "from_status", "to_status", "reason")
    fields = readonly_fields
    verbose_name_plural = gettext_lazy("history of this dispute")


def _proofs(proofs: list[dict]) -> str:
    if not proofs:
        return _("no identity proof")
    return format_html_join(
        "; ",
        "<strong>{}</strong>: {}",
        ((svc.strength_of(p).label, p.get("detail")) for p in proofs),
    )


def _side(*, title: str, person, report: dict, proofs: list[dict], statement: str) -> str:
    """One side of the dispute: who, their proofs, their statement and their evidence report."""
    body = (
        render_to_string(
            "profiles/claims/_evidence_report.html",
            {"report": report, "ORCID_SIGN_IN": orcid_configured()},
        )
        if report
        else "—"
    )
    return format_html(
        "<div><h3>{}</h3><p>{} &lt;{}&gt; · {}</p><p>{}</p><p>{}</p>{}</div>",
        title,
        person.name or "—",
        person.email,
        _("account since %(date)s") % {"date": person.date_joined.date()},
        _proofs(proofs),
        statement or "—",
        body,
    )


@admin.register(Dispute)
class DisputeAdmin(AuditTrailLinkMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "author",
        "disputant",
        "owner",
        "status",
        "score",
        "decision",
        "created_at",
    ]
    list_display_links = ["id", "author"]
    list_filter = ["status", "decision"]
    search_fields = ["author__display_name", "disputant__email", "disputant__name"]
    list_select_related = ["author", "disputant", "claim__claimant"]
    ordering = [OPEN_FIRST.asc(), "created_at"]  # type: ignore[list-item]  # expressions work
    inlines = [DisputeEventInline]
    change_form_template = "admin/profiles/dispute/change_form.html"
    readonly_fields = (
        "author",
        "status",
        "created_at",
        "claim_side",
        "claim_history",
        "dispute_side",
        "file_link",
        "decided_by",
        "decided_at",
        "decision_reason",
        "resulting_claim",
        "audit_trail",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("current owner"))
    def owner(self, obj: Dispute):
        return obj.claim.claimant

    @admin.display(description=gettext_lazy("approved claim"))
    def claim_side(self, obj: Dispute) -> str:
        claim: Claim = obj.claim
        return _side(
            title=_("Approved claim %(id)s") % {"id": claim.pk},
            person=claim.claimant,
            report=claim.report,
            proofs=claim.identity_proof,
            statement=claim.statement,
        )

    @admin.display(description=gettext_lazy("history of the approved claim"))
    def claim_history(self, obj: Dispute) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} · {}</li>",
                ((e.created_at, e.get_kind_display(), e.reason) for e in obj.claim.events.all()),
            ),
        )

    @admin.display(description=gettext_lazy("this dispute"))
    def dispute_side(self, obj: Dispute) -> str:
        return _side(
            title=_("This dispute"),
            person=obj.disputant,
            report=obj.report,
            proofs=obj.identity_proof,
            statement=obj.statement,
        )

    @admin.display(description=gettext_lazy("uploaded file"))
    def file_link(self, obj: Dispute) -> str:
        if not obj.cv_file:
            return "—"
        url = reverse("admin:profiles_dispute_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.cv_file_name or _("download"))

    def get_urls(self):
        own = [
            path(
                "<int:pk>/<str:decision>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="profiles_dispute_decide",
            ),
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="profiles_dispute_file",
            ),
        ]
        return own + super().get_urls()

    def file_view(self, request: HttpRequest, pk: int) -> FileResponse:
        dispute = get_object_or_404(Dispute, pk=pk)
        if not self.has_view_permission(request, dispute):
            raise PermissionDenied
        if not dispute.cv_file:
            raise Http404(_("This dispute has no uploaded file."))
        response = FileResponse(
            dispute.cv_file.open("rb"),
            as_attachment=True,
            filename=dispute.cv_file_name or dispute.cv_file.name.rsplit("/", 1)[-1],
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    DECISIONS = {"uphold": svc.dispute_uphold, "dismiss": svc.dispute_dismiss}

    def decide_view(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        """Uphold or dismiss one dispute, with the reason both parties will read."""
        dispute = get_object_or_404(Dispute.objects.select_related("author"), pk=pk)
        if decision not in self.DECISIONS:
            raise Http404
        if not self.has_change_permission(request, dispute):
            raise PermissionDenied
        form = RejectForm(request.POST or None)
        form.fields["reason"].label = _("Reason both parties will see")
        if request.method == "POST" and form.is_valid():
            try:
                self.DECISIONS[decision](
                    dispute=dispute, moderator=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done = _("Dispute %(id)s: %(status)s.")
                dispute.refresh_from_db()
                label = dispute.get_status_display()
                self.message_user(request, done % {"id": pk, "status": label}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:profiles_dispute_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "dispute": dispute,
            "decision": decision,
            "form": form,
            "opts": self.model._meta,
            "title": _("Uphold dispute %(id)s") % {"id": pk}
            if decision == "uphold"
            else _("Dismiss dispute %(id)s") % {"id": pk},
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/profiles/dispute/decide.html", context, status=status
        )
