"""The admin claim page's "Competing claims" section: the record's other pending, approved
and closed claims beside this one, each claimant's verified addresses, account age and other
claims with their decisions (profiles/selectors/competing.py reads them)."""

from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from profiles.models import Claim
from profiles.selectors.competing import competing_claims

SECTION = (gettext_lazy("Competing claims"), {"fields": ["competition"]})


class ClaimCompetitionMixin:
    """Adds the section after the claim's header on its change page."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is not None:
            fieldsets.insert(1, SECTION)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return [*fields, "competition"]

    @admin.display(description=gettext_lazy("claims on this record"))
    def competition(self, obj: Claim) -> str:
        return render_to_string(
            "admin/profiles/claim/_competition.html", {"rows": competing_claims(obj)}
        )
