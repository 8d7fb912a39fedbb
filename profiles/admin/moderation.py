"""Sanctions and trust overrides in the admin, and revoking approved claims. Every change
goes through profiles.services.moderation (which writes the audit trail and tells people);
nothing here is deleted, and a sanction or override is never edited after the fact."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.choices import ClaimStatus, OverrideKind
from profiles.forms.moderation import ReasonForm, SuspensionForm, TrustOverrideForm
from profiles.models import Suspension, TrustOverride
from profiles.services import moderation as svc


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class InForceFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("in_force", _("in force")), ("over", _("ended or lifted"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        in_force = Q(lifted_at__isnull=True, starts_at__lte=now) & (
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )
        if self.value() == "in_force":
            return queryset.filter(in_force)
        if self.value() == "over":
            return queryset.exclude(in_force)
        return queryset


@admin.register(Suspension)
class SuspensionAdmin(NoDeleteAdmin):
    """Adding one suspends the account (profiles.services.moderation.suspend_user); the
    "lift" action ends it early."""

    form = SuspensionForm
    list_display = ["user", "starts_at", "ends_at", "in_force", "actor", "reason"]
    list_filter = [InForceFilter]
    list_select_related = ["user", "actor"]
    search_fields = ["user__email", "user__name", "reason"]
    raw_id_fields = ["user"]
    actions = ["lift_selected"]
    detail_fields = [
        "user",
        "starts_at",
        "ends_at",
        "reason",
        "actor",
        "lifted_at",
        "lifted_by",
        "lift_reason",
        "created_at",
    ]

    @admin.display(description=gettext_lazy("in force"), boolean=True)
    def in_force(self, obj: Suspension) -> bool:
        return obj.in_force()

    def get_fields(self, request, obj=None):
        return self.detail_fields if obj is not None else ["user", "ends_at", "reason"]

    def get_readonly_fields(self, request, obj=None):
        return self.detail_fields if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.moderator = request.user  # type: ignore[attr-defined]  # a class per request
        return form

    def save_model(self, request, obj: Suspension, form, change: bool) -> None:
        if change:
            return  # every field is read-only once made
        made = svc.suspend_user(
            user=obj.user, moderator=request.user, reason=obj.reason, until=obj.ends_at
        )
        obj.pk, obj.starts_at, obj.actor = made.pk, made.starts_at, made.actor
        obj._state.adding = False

    @admin.action(
        description=gettext_lazy("Lift the selected suspensions now"), permissions=["change"]
    )
    def lift_selected(self, request, queryset) -> None:
        done = 0
        for suspension in queryset.select_related("user"):
            try:
                svc.lift_suspension(suspension=suspension, moderator=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{suspension.user}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(request, _("Lifted %(n)s suspension(s).") % {"n": done})


@admin.register(TrustOverride)
class TrustOverrideAdmin(NoDeleteAdmin):
    """Adding one sets the record's level or adjusts its trust score through the services;
    open it from a record's page ("set level or adjust trust")."""

    form = TrustOverrideForm
    list_display = ["author", "kind", "level", "points", "actor", "created_at", "reason"]
    list_filter = ["kind"]
    list_select_related = ["author", "actor"]
    search_fields = ["author__display_name", "reason"]
    raw_id_fields = ["author"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj: TrustOverride, form, change: bool) -> None:
        if obj.kind == OverrideKind.LEVEL and obj.level is not None:
            made = svc.set_level(
                author=obj.author, moderator=request.user, level=obj.level, reason=obj.reason
            )
        else:
            made = svc.adjust_trust(
                author=obj.author, moderator=request.user, points=obj.points or 0, reason=obj.reason
            )
        obj.pk, obj.owner_id, obj.actor = made.pk, made.owner_id, made.actor
        obj._state.adding = False


class ClaimRevokeMixin:
    """The claims queue's "revoke" action: asks the reason the owner is told, then revokes
    each selected approved claim (profiles.services.moderation.revoke_claim)."""

    @admin.action(
        description=gettext_lazy("Revoke the selected approved claims (asks for a reason)"),
        permissions=["change"],
    )
    def revoke_selected(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for claim in queryset.filter(status=ClaimStatus.APPROVED):
                try:
                    svc.revoke_claim(
                        claim=claim, moderator=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    self.message_user(  # type: ignore[attr-defined]
                        request, f"{claim}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    done += 1
            self.message_user(  # type: ignore[attr-defined]
                request, _("Revoked %(n)s claim(s).") % {"n": done}
            )
            return None
        return TemplateResponse(
            request,
            "admin/profiles/reason_selected.html",
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "objects": queryset,
                "form": form,
                "opts": queryset.model._meta,
                "action": "revoke_selected",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "title": _("Revoke claims"),
                "prompt": _(
                    "Revoke these approved claims? Each record returns to unclaimed (its "
                    "history is kept) and its owner is told the reason."
                ),
                "button": _("Revoke claims"),
            },
        )
