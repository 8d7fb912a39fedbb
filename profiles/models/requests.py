"""Requests to the moderators: hide an unclaimed record or stop contact through it, merge or
correct a record, or a message with its context (a record, a claim, a report). They wait in
one queue; moderators grant or decline them (profiles/services/moderation/requests.py).
Like the audit trail, requests are never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.choices import RequestKind, RequestState
from profiles.models.claims import Claim
from profiles.models.collaboration import Report
from profiles.models.records import AuthorRecord

MESSAGE_MAX_LENGTH = 2000


class RequestQuerySet(models.QuerySet):
    """Requests are kept: no bulk delete through the ORM."""

    def delete(self):
        raise models.ProtectedError("Requests to the moderators are never deleted.", set())


class ModerationRequest(models.Model):
    """One request to the moderators: what is asked (`kind`), about what (`record`, and the
    optional context: the other record of a merge, a claim, a report), by whom (an account,
    or an address to answer for someone not signed in), in their words; then who decided,
    when and why. The requester is emailed the decision."""

    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    record = models.ForeignKey(
        AuthorRecord,
        verbose_name=_("record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_requests",
    )
    other_record = models.ForeignKey(
        AuthorRecord,
        verbose_name=_("other record (merge)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_requests",
    )
    email = models.EmailField(_("email to answer"), blank=True)
    message = models.CharField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    # A hash of what the request asks: an identical open request is not made twice.
    fingerprint = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who decided, kept when their account goes (as the audit trail keeps its actor).
    decided_by_repr = models.CharField(_("decided by"), max_length=254, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request to the moderators")
        verbose_name_plural = _("requests to the moderators")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in RequestKind]), name="request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(email=""),
                name="request_anonymous_has_email",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=RequestState.OPEN, decided_at__isnull=True, decided_by_repr="")
                    | (
                        Q(state__in=[RequestState.GRANTED, RequestState.DECLINED])
                        & Q(decided_at__isnull=False)
                        & ~Q(decided_by_repr="")
                        & ~Q(decision_reason="")
                    )
                ),
                name="request_decided_has_decider",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(state=RequestState.OPEN),
                name="request_open_unique",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="request_queue")]

    def __str__(self) -> str:
        about = f" on {self.record}" if self.record_id else ""
        return f"{self.get_kind_display()}{about} (#{self.pk})"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Requests to the moderators are never deleted.", set())

    @property
    def requester_label(self) -> str:
        return self.email or (self.requester.email if self.requester else "")
