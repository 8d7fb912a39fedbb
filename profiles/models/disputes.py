"""Disputes: a signed-in person saying an approved claim's record is theirs, with evidence a
moderator weighs beside the approved claim's (profiles/services/claims/disputes.py)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profiles.choices import DisputeEventKind, DisputeStatus
from profiles.models.claims import Claim, HistoryLine, ProofsMixin
from profiles.models.records import AuthorRecord
from profiles.storage import private_storage


def dispute_upload_path(instance: Dispute, filename: str) -> str:
    """A random name under the disputant's folder; the original name is kept in a field."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"disputes/{instance.disputant_id}/{uuid.uuid4().hex}{suffix}"


class Dispute(ProofsMixin, models.Model):
    """A dispute of the approved claim `claim` on `author`, with its evidence scored like a
    claim's. The database keeps one open dispute per (disputant, record)."""

    disputant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disputes"
    )
    author = models.ForeignKey(AuthorRecord, on_delete=models.CASCADE, related_name="disputes")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="disputes")
    status = models.CharField(
        max_length=16, choices=DisputeStatus.choices, default=DisputeStatus.OPEN, db_index=True
    )
    statement = models.TextField(_("statement for the moderator"), blank=True)
    cv_text = models.TextField(_("pasted CV or publication list"), blank=True)
    cv_file = models.FileField(
        _("uploaded CV"), storage=private_storage, upload_to=dispute_upload_path, blank=True
    )
    cv_file_name = models.CharField(max_length=255, blank=True)
    evidence_text = models.TextField(blank=True, editable=False)
    evidence_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=16, blank=True)
    report = models.JSONField(default=dict, blank=True)
    identity_proof = models.JSONField(default=list, blank=True)
    proof_strength = models.CharField(max_length=16, blank=True, default="", editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disputes_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason both parties see"), blank=True)
    # The pending claim an upheld dispute became (the disputant's evidence, for the queue).
    resulting_claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["disputant", "author"],
                condition=Q(status="open"),
                name="dispute_one_open_per_disputant_record",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DisputeStatus]),
                name="dispute_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="dispute_decided_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Dispute {self.pk} of claim {self.claim_id} by {self.disputant}"

    @property
    def is_open(self) -> bool:
        return self.status == DisputeStatus.OPEN


class DisputeEvent(HistoryLine):
    """One line of a dispute's history."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=DisputeEventKind.choices)

    class Meta(HistoryLine.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.dispute_id}: {self.kind} {self.from_status} → {self.to_status}"
