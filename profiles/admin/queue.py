"""What the claims queue's list shows a moderator deciding: the evidence in one line, how
strong the identity proof is, and how many other claims compete for the same record."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.choices import ClaimStatus
from profiles.models import Claim


def _competing(outer_status: str = ClaimStatus.PENDING) -> Subquery:
    """Other pending claims on the same record."""
    others = (
        Claim.objects.filter(author_id=OuterRef("author_id"), status=outer_status)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("author_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(others, output_field=IntegerField())


class ClaimQueueColumnsMixin:
    """Columns of the claims list: `evidence_summary`, `proof_strength`, `competing`."""

    list_per_page = 25

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset.annotate(competing_count=Coalesce(_competing(), 0))

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_summary(self, obj: Claim) -> str:
        report = obj.report or {}
        if not report:
            return "—"
        matched = len(report.get("matched_works") or [])
        reasons = report.get("reasons") or []
        head = _("%(n)s work(s) matched") % {"n": matched}
        if reasons:
            head = f"{head} · {reasons[0]}"
        return Truncator(head).chars(90)

    @admin.display(description=gettext_lazy("competing claims"), ordering="competing_count")
    def competing(self, obj: Claim) -> int:
        return getattr(obj, "competing_count", 0)
