"""The failure record of background work (profiles.models.FailedTask): written when a task
fails for good, re-queued or closed by a superuser from the admin."""

from __future__ import annotations

import traceback as tb
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.errors import Conflict, NotAllowed
from profiles.models import FailedTask

MESSAGE_LIMIT = 2_000
TRACEBACK_LIMIT = 20_000  # the end of a traceback says most: its head is cut


def _bounded_traceback(exc: BaseException, einfo: Any) -> str:
    text = str(getattr(einfo, "traceback", "") or "")
    if not text:
        text = "".join(tb.format_exception(type(exc), exc, exc.__traceback__))
    if len(text) > TRACEBACK_LIMIT:
        text = "…\n" + text[-TRACEBACK_LIMIT:]
    return text


@transaction.atomic
def record_failure(
    *,
    task_name: str,
    task_id: str,
    args: list,
    kwargs: dict,
    exc: BaseException,
    einfo: Any = None,
    attempts: int = 1,
    retryable: bool = True,
) -> FailedTask:
    """Store (or bring up to date: a redelivered run has the same id) a task that failed for
    good. `attempts` counts every run, the first one included."""
    now = timezone.now()
    row = FailedTask.objects.select_for_update().filter(task_id=task_id).first()
    if row is None:
        row = FailedTask(task_id=task_id, first_failed_at=now, attempts=0)
    row.task_name = task_name
    row.args, row.kwargs, row.retryable = list(args), dict(kwargs), retryable
    row.exception_type = f"{type(exc).__module__}.{type(exc).__qualname__}"
    row.exception_message = str(exc)[:MESSAGE_LIMIT]
    row.traceback = _bounded_traceback(exc, einfo)
    row.attempts = max(row.attempts, attempts)
    row.last_failed_at = now
    row.resolved, row.resolved_at, row.resolved_by = False, None, None
    row.save()
    return row


def _check_superuser(user) -> None:
    if not (user and user.is_active and user.is_superuser):
        raise NotAllowed(_("Only an administrator handles failed tasks."), code="not_superuser")


def _lock_open(failed: FailedTask) -> FailedTask:
    row = FailedTask.objects.select_for_update().get(pk=failed.pk)
    if row.resolved:
        raise Conflict(_("This failed task is already resolved."), code="already_resolved")
    return row


def _close(row: FailedTask, *, user) -> FailedTask:
    row.resolved, row.resolved_by, row.resolved_at = True, user, timezone.now()
    row.save(update_fields=["resolved", "resolved_by", "resolved_at", "retried_task_id"])
    return row


@transaction.atomic
def retry_failed_task(*, failed: FailedTask, user) -> FailedTask:
    """Queue the task again with its stored arguments (once the row is closed: after commit)
    and mark the failure resolved by `user`. Refused for an email, whose body was not kept."""
    from celery import current_app
    from celery.utils import uuid

    _check_superuser(user)
    row = _lock_open(failed)
    if not row.retryable:
        raise Conflict(
            _("This task's arguments were not kept (an email's body): it cannot be re-run."),
            code="not_retryable",
        )
    task = current_app.tasks.get(row.task_name)
    if task is None:
        raise Conflict(_("No task of this name is registered any more."), code="unknown_task")
    row.retried_task_id = uuid()
    args, kwargs, new_id = list(row.args), dict(row.kwargs), row.retried_task_id
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, task_id=new_id))
    return _close(row, user=user)


@transaction.atomic
def resolve_failed_task(*, failed: FailedTask, user) -> FailedTask:
    """Close a failure without running it again (handled by hand, or no longer needed)."""
    _check_superuser(user)
    return _close(_lock_open(failed), user=user)


def open_failure_count() -> int:
    return FailedTask.objects.filter(resolved=False).count()
