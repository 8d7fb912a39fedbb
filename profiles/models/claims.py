"""Claims: a signed-in person asking to be recognised as the researcher behind a record."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profiles.choices import ClaimEventKind, ClaimStatus
from profiles.models.records import AuthorRecord
from profiles.storage import private_storage


def claim_upload_path(instance: Claim, filename: str) -> str:
    """A random name under the claimant's folder; the original name is kept in a field."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"claims/{instance.claimant_id}/{uuid.uuid4().hex}{suffix}"


class ProofsMixin:
    """Rows that hold scored evidence (a claim, a dispute) store their proofs this way."""

    identity_proof: list[dict]
    proof_strength: str

    def set_identity_proof(self, proofs: list[dict]) -> None:
        """Store proofs with their strongest strength (the queue's lane)."""
        from profiles.evidence.proofs import best_strength

        self.identity_proof = proofs
        self.proof_strength = str(best_strength(proofs)) if proofs else ""


class Claim(ProofsMixin, models.Model):
    """A claim on an author record, with its evidence, the evidence report it was scored with,
    and the decision. Rules live in profiles/services/claims/; the database keeps the
    invariants that must hold even under concurrent requests: at most one approved claim per
    record, at most one pending claim per (claimant, record)."""

    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    author = models.ForeignKey(AuthorRecord, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING, db_index=True
    )
    statement = models.TextField(_("statement for the moderator"), blank=True)
    orcid = models.CharField(_("ORCID iD given (not proven)"), max_length=19, blank=True)
    cv_text = models.TextField(_("pasted CV or publication list"), blank=True)
    cv_file = models.FileField(
        _("uploaded CV"), storage=private_storage, upload_to=claim_upload_path, blank=True
    )
    cv_file_name = models.CharField(max_length=255, blank=True)
    # Everything the scoring read: the pasted text and the text extracted from uploads.
    evidence_text = models.TextField(blank=True, editable=False)
    evidence_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=16, blank=True)
    report = models.JSONField(default=dict, blank=True)
    identity_proof = models.JSONField(default=list, blank=True)
    # The strongest of `identity_proof` (profiles/evidence/proofs.py): strong, supporting,
    # none, or "" without any. Pending claims with strong or supporting proof are the fast
    # lane of the queue (profiles/services/claims/queue.py).
    proof_strength = models.CharField(max_length=16, blank=True, default="", editable=False)
    auto_approved = models.BooleanField(default=False)
    level_granted = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason the claimant sees"), blank=True)
    # Co-authors may object until then (claims without identity proof only).
    objections_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author"],
                condition=Q(status="approved"),
                name="claim_one_approved_per_record",
            ),
            models.UniqueConstraint(
                fields=["claimant", "author"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_claimant_record",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ClaimStatus]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="claim_score_0_100",
            ),
            models.CheckConstraint(
                # approved, rejected, released and closed claims carry their decision's date
                condition=Q(status__in=["pending", "withdrawn"]) | Q(decided_at__isnull=False),
                name="claim_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Claim {self.pk} on {self.author} by {self.claimant}"

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING

    @property
    def has_identity_proof(self) -> bool:
        """A proof that counts (strong or supporting); see `proof_strength`."""
        return self.proof_strength in {"strong", "supporting"}


class HistoryLine(models.Model):
    """One line of a history (a claim's, a dispute's): who did what, when, from which status
    to which, why. Written in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class ClaimEvent(HistoryLine):
    """One line of a claim's history."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=ClaimEventKind.choices)

    class Meta(HistoryLine.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.kind} {self.from_status} → {self.to_status}"


class ClaimObjection(models.Model):
    """A co-author (the owner of a claimed record sharing works with the claimed record)
    saying the claimant is not who they say, with a reason the moderator reads."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="objections")
    objector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_objections"
    )
    objector_record = models.ForeignKey(
        AuthorRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "objector"], name="claim_objection_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="claim_objection_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Objection by {self.objector_id} to claim {self.claim_id}"
