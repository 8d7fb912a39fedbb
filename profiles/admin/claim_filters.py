"""Filters of the moderation queue (profiles/admin/claims.py): proof strength, age,
co-author objections."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ProofFilter(admin.SimpleListFilter):
    """By the claim's strongest identity proof (docs/claims.md, the table of strengths)."""

    title = gettext_lazy("identity proof")
    parameter_name = "proof"

    def lookups(self, request, model_admin):
        return [
            ("strong", _("strong proof (ORCID)")),
            ("supporting", _("supporting proof (institutional address): fast lane")),
            ("no", _("no proof that counts")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"strong", "supporting"}:
            return queryset.filter(proof_strength=self.value())
        if self.value() == "no":
            return queryset.exclude(proof_strength__in=["strong", "supporting"])
        return queryset


class AgeFilter(admin.SimpleListFilter):
    title = gettext_lazy("waiting for")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("1", _("more than a day")),
            ("7", _("more than a week")),
            ("14", _("more than two weeks")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is not None and value in {"1", "7", "14"}:
            since = timezone.now() - timedelta(days=int(value))
            return queryset.filter(created_at__lt=since)
        return queryset


class ObjectionsFilter(admin.SimpleListFilter):
    title = gettext_lazy("co-author objections")
    parameter_name = "objected"

    def lookups(self, request, model_admin):
        return [("yes", _("with objections"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(objection_count__gt=0)
        return queryset
