"""Moderation: the one audit trail, sanctions on accounts, and moderators' trust overrides.
Rules live in profiles/services/moderation/ and profiles/services/audit.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.choices import AuditAction, OverrideKind
from profiles.models.records import AuthorRecord


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    """Audit entries are written once: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One moderation decision: who (and their address then), when, what, on which object
    (its type, id and name then, so the line survives the object), the state before and
    after, and why. Written by the services in the decision's own transaction; never
    changed or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(_("target"), max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=[a.value for a in AuditAction]),
                name="audit_action_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["action", "created_at"], name="audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.target_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries cannot be deleted.")


class Suspension(models.Model):
    """An account suspended from `starts_at` until `ends_at` (indefinitely when empty), with
    the reason the person is told. A suspension in force keeps the person from signing in
    and ends their sessions; lifting it early sets `lifted_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason the person is told"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="suspension_has_reason"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="suspension_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_at__gte=F("starts_at")),
                name="suspension_lifted_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "lifted_at"], name="suspension_user_open")]

    def __str__(self) -> str:
        until = f"{self.ends_at:%Y-%m-%d}" if self.ends_at else "indefinitely"
        return f"{self.user} suspended until {until}"

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.lifted_at is None
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )


class TrustOverride(models.Model):
    """A moderator setting a record's verification level or adjusting its trust score, with
    the reason. It counts while the record has the owner it had when set (`owner`, empty for
    an unclaimed record): it belongs to the person, and leaves with them."""

    author = models.ForeignKey(
        AuthorRecord, on_delete=models.CASCADE, related_name="trust_overrides"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=OverrideKind.choices)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    points = models.SmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
            models.CheckConstraint(
                condition=(
                    Q(kind="level", level__gte=1, level__lte=4, points__isnull=True)
                    | Q(kind="score", points__gte=-100, points__lte=100, level__isnull=True)
                ),
                name="override_kind_matches_value",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == OverrideKind.LEVEL:
            return f"{self.author}: level L{self.level}"
        return f"{self.author}: trust {self.points:+d}"
