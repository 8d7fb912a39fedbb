"""Background work that failed for good: one row per task run that exhausted its retries (or
failed with none), written by profiles.tasks.LoggedTask and shown to superusers in the admin,
who re-queue or close it through profiles/services/tasks.py. Nothing is lost silently."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    task_name = models.CharField(_("task"), max_length=200, db_index=True)
    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    # What the task was called with, as stored by its `failure_arguments`: an email keeps
    # its recipients and subject, never its body (it may hold a sign-in or reset link).
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    retryable = models.BooleanField(
        default=True, help_text=_("Whether the stored arguments are enough to run it again.")
    )
    exception_type = models.CharField(max_length=200)
    exception_message = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField(default=timezone.now)
    last_failed_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved = models.BooleanField(default=False, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    retried_task_id = models.CharField(
        max_length=64, blank=True, help_text=_("The id of the run queued by “retry”.")
    )

    class Meta:
        ordering = ["-last_failed_at", "-id"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved=False) | Q(resolved_at__isnull=False),
                name="failedtask_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.task_id})"
