"""The moderation queue: claims in the Django admin. Moderators see the evidence, the score and
its reasons, the identity proof or its absence, the uploaded file (staff-only link), co-author
objections and the history; approving and rejecting call profiles.services.claims."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.orcid import orcid_configured
from profiles.admin.audit import AuditTrailLinkMixin
from profiles.admin.claim_filters import AgeFilter, ObjectionsFilter, ProofFilter
from profiles.admin.competition import ClaimCompetitionMixin
from profiles.admin.moderation import ClaimRevokeMixin
from profiles.admin.queue import ClaimQueueColumnsMixin
from profiles.choices import ClaimStatus
from profiles.errors import ServiceError
from profiles.forms.claims import RejectForm
from profiles.models import Claim, ClaimEvent, ClaimObjection
from profiles.services import claims as svc

# Pending claims in the fast lane (a proof that counts), then other pending ones, then the rest.
LANE = Case(
    When(Q(status=ClaimStatus.PENDING, proof_strength__in=svc.FAST_LANE), then=Value(0)),
    When(status=ClaimStatus.PENDING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)

_DecisionPage = tuple[Callable[..., Claim], type[RejectForm] | None, Any, Any]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ClaimObjectionInline(ReadOnlyInline):
    model = ClaimObjection
    readonly_fields = ("created_at", "objector", "objector_record", "reason")
    fields = readonly_fields


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    readonly_fields = ("created_at", "kind", "actor", "from_status", "to_status", "reason")
    fields = readonly_fields
    verbose_name_plural = gettext_lazy("history")


@admin.register(Claim)
class ClaimAdmin(
    ClaimCompetitionMixin,
    ClaimQueueColumnsMixin,
    ClaimRevokeMixin,
    AuditTrailLinkMixin,
    admin.ModelAdmin,
):
    """The queue: pending claims first; among them the fast lane (a proof that counts: an
    institutional address, shown in the list) first; oldest first in each lane."""

    list_display = [
        "id",
        "author",
        "claimant",
        "status",
        "score",
        "decision",
        "evidence_summary",
        "proof",
        "competing",
        "proof_address",
        "objections",
        "waiting",
    ]
    list_display_links = ["id", "author"]
    list_filter = ["status", "decision", ProofFilter, AgeFilter, ObjectionsFilter]
    search_fields = ["author__display_name", "claimant__email", "claimant__name"]
    list_select_related = ["author", "claimant"]
    ordering = [LANE.asc(), "created_at"]  # type: ignore[list-item]  # expressions are allowed
    inlines = [ClaimObjectionInline, ClaimEventInline]
    actions = ["approve_selected", "reject_selected", "revoke_selected"]
    change_form_template = "admin/profiles/claim/change_form.html"
    fieldsets = [
        (None, {"fields": ["author_link", "claimant_line", "status", "created_at", "waiting"]}),
        (
            gettext_lazy("Evidence"),
            {
                "fields": [
                    "evidence_report",
                    "private_name_note",
                    "proof_detail",
                    "file_link",
                    "orcid",
                    "statement",
                    "evidence_text",
                ]
            },
        ),
        (
            gettext_lazy("Decision"),
            {
                "fields": [
                    "decided_by",
                    "decided_at",
                    "decision_reason",
                    "level_granted",
                    "auto_approved",
                    "objections_until",
                    "audit_trail",
                ]
            },
        ),
    ]
    readonly_fields = [
        "author_link",
        "claimant_line",
        "status",
        "created_at",
        "waiting",
        "evidence_report",
        "private_name_note",
        "proof_detail",
        "file_link",
        "orcid",
        "statement",
        "evidence_text",
        "decided_by",
        "decided_at",
        "decision_reason",
        "level_granted",
        "auto_approved",
        "objections_until",
        "audit_trail",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(objection_count=Count("objections"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    # --- columns and read-only fields

    @admin.display(description=gettext_lazy("proof"), ordering="proof_strength")
    def proof(self, obj: Claim) -> str:
        return {"strong": _("strong"), "supporting": _("supporting · fast lane")}.get(
            obj.proof_strength, "—"
        )

    @admin.display(description=gettext_lazy("verified addresses"))
    def proof_address(self, obj: Claim) -> str:
        return ", ".join(svc.proof_addresses(obj.identity_proof)) or "—"

    @admin.display(description=gettext_lazy("objections"), ordering="objection_count")
    def objections(self, obj: Claim) -> int:
        return obj.objection_count  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(description=gettext_lazy("age"), ordering="created_at")
    def waiting(self, obj: Claim) -> str:
        return timesince(obj.created_at) if obj.created_at else ""

    @admin.display(description=gettext_lazy("record"))
    def author_link(self, obj: Claim) -> str:
        return format_html(
            '<a href="{}">{}</a> (L{}, {})',
            obj.author.get_absolute_url(),
            obj.author.display_name,
            obj.author.verification_level,
            _("claimed") if obj.author.owner_id else _("unclaimed"),
        )

    @admin.display(description=gettext_lazy("claimant"))
    def claimant_line(self, obj: Claim) -> str:
        return format_html(
            "{} &lt;{}&gt; · {}",
            obj.claimant.name or "—",
            obj.claimant.email,
            _("account since %(date)s") % {"date": obj.claimant.date_joined.date()},
        )

    @admin.display(description=gettext_lazy("score and reasons"))
    def evidence_report(self, obj: Claim) -> str:
        if not obj.report:
            return "—"
        return render_to_string(
            "profiles/claims/_evidence_report.html",
            {"report": obj.report, "ORCID_SIGN_IN": orcid_configured()},
        )

    @admin.display(description=gettext_lazy("private former names"))
    def private_name_note(self, obj: Claim) -> str:
        from profiles.selectors.evidence import private_name_matched

        if private_name_matched(obj.author, obj.claimant.name):
            return _(
                "The claimant's name matches one of the record's private former names; the "
                "score counts it (a preview never does). Check that the claimant could know it."
            )
        return "—"

    @admin.display(description=gettext_lazy("identity proof"))
    def proof_detail(self, obj: Claim) -> str:
        if not obj.identity_proof:
            return format_html(
                "<strong>{}</strong>",
                _(
                    "None: no ORCID sign-in, no verified institutional email. "
                    "A CV alone can be anyone's."
                ),
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((svc.strength_of(p).label, p.get("detail")) for p in obj.identity_proof),
            ),
        )

    @admin.display(description=gettext_lazy("uploaded file"))
    def file_link(self, obj: Claim) -> str:
        if not obj.cv_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("profiles:claim-file", kwargs={"pk": obj.pk}),
            obj.cv_file_name or _("download"),
            _("staff only"),
        )

    # --- decisions

    def get_urls(self):
        own = [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="profiles_claim_approve",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="profiles_claim_reject",
            ),
        ]
        return own + super().get_urls()

    def _decide(self, request, claim: Claim, decide) -> bool:
        try:
            decide()
        except ValidationError as error:
            if isinstance(error, ServiceError) and error.code == svc.RECORD_TAKEN:
                svc.claim_refusal_note(claim=claim, moderator=request.user, error=error)
            self.message_user(
                request,
                _("Claim %(id)s: %(msg)s") % {"id": claim.pk, "msg": " ".join(error.messages)},
                messages.ERROR,
            )
            return False
        return True

    def _change_url(self, claim: Claim) -> str:
        return reverse("admin:profiles_claim_change", args=[claim.pk])

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decision_view(request, pk, decision="approve")

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decision_view(request, pk, decision="reject")

    # One page per decision: (service, reason form or None, done message, page title).
    DECISIONS: ClassVar[
        dict[str, tuple[Callable[..., Claim], type[RejectForm] | None, Any, Any]]
    ] = {
        "approve": (
            svc.claim_approve,
            None,
            gettext_lazy("Claim %(id)s approved."),
            gettext_lazy("Approve claim %(id)s"),
        ),
        "reject": (
            svc.claim_reject,
            RejectForm,
            gettext_lazy("Claim %(id)s rejected."),
            gettext_lazy("Reject claim %(id)s"),
        ),
    }

    def _decision_view(self, request: HttpRequest, pk: int, *, decision: str) -> HttpResponse:
        """Confirm a decision on one claim (a reason is optional to approve, required to
        reject), run it through the claims service and go back to the claim."""
        claim = get_object_or_404(Claim.objects.select_related("author", "claimant"), pk=pk)
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        decide, form_class, done, title = self.DECISIONS[decision]
        form = form_class(request.POST or None) if form_class else None
        if request.method == "POST" and (form is None or form.is_valid()):
            reason = form.cleaned_data["reason"] if form else request.POST.get("reason", "")
            if self._decide(
                request,
                claim,
                lambda: decide(claim=claim, moderator=request.user, reason=reason),
            ):
                self.message_user(request, done % {"id": claim.pk}, messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(claim))
        context = {
            **self.admin_site.each_context(request),
            "claim": claim,
            "decision": decision,
            "opts": self.model._meta,
            "title": title % {"id": claim.pk},
        }
        if form is not None:
            context["form"] = form
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/profiles/claim/decide.html", context, status=status)

    @admin.action(description=gettext_lazy("Approve the selected claims"), permissions=["change"])
    def approve_selected(self, request, queryset) -> None:
        done = 0
        for claim in queryset.filter(status=ClaimStatus.PENDING).select_related("author"):
            if self._decide(
                request, claim, lambda c=claim: svc.claim_approve(claim=c, moderator=request.user)
            ):
                done += 1
        self.message_user(request, _("Approved %(n)s claim(s).") % {"n": done})

    @admin.action(
        description=gettext_lazy("Reject the selected claims (asks for a reason)"),
        permissions=["change"],
    )
    def reject_selected(self, request, queryset):
        """Shows a page asking for the reason; applying it rejects each selected claim."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for claim in queryset.filter(status=ClaimStatus.PENDING):
                if self._decide(
                    request,
                    claim,
                    lambda c=claim: svc.claim_reject(
                        claim=c, moderator=request.user, reason=form.cleaned_data["reason"]
                    ),
                ):
                    done += 1
            self.message_user(request, _("Rejected %(n)s claim(s).") % {"n": done})
            return None
        return TemplateResponse(
            request,
            "admin/profiles/reason_selected.html",
            {
                **self.admin_site.each_context(request),
                "objects": queryset,
                "form": form,
                "opts": self.model._meta,
                "action": "reject_selected",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "title": _("Reject claims"),
                "prompt": _("Reject these claims? The claimants will see the reason."),
                "button": _("Reject claims"),
            },
        )
