"""Background work (Celery). Emails are sent here, after the request's transaction has
committed, with retries and exponential backoff; a message that still fails is logged as an
error with its recipients and subject, never dropped silently."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from typing import Any
from uuid import uuid4

from celery import Task, shared_task
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import OperationalError, transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

RETRY_ON = (smtplib.SMTPException, OSError)


class LoggedTask(Task):
    """A task whose final failure (retries exhausted, or a failure with no retry) is logged
    and stored as a FailedTask row (profiles/services/tasks.py), which superusers see and
    re-queue in the admin."""

    def failure_arguments(self, args: Any, kwargs: Any) -> tuple[list, dict, bool]:
        """What the failure record keeps of the arguments, and whether that is enough to
        run the task again."""
        return list(args or []), dict(kwargs or {}), True

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any):
        if getattr(exc, "_failure_recorded", False):
            return  # run in the request, each retry's caller sees the same failure again
        stored_args, stored_kwargs, retryable = self.failure_arguments(args, kwargs)
        logger.error(
            "task %s (%s) failed for good: %r; %s",
            self.name,
            task_id,
            exc,
            self.failure_summary(stored_args, stored_kwargs),
        )
        from profiles.services.tasks import record_failure

        try:
            record_failure(
                task_name=self.name,
                task_id=task_id or "",
                args=stored_args,
                kwargs=stored_kwargs,
                exc=exc,
                einfo=einfo,
                attempts=self.request.retries + 1,
                retryable=retryable,
            )
        except Exception:  # the database may be what failed: the log line above stays
            logger.exception("could not store the failure of task %s (%s)", self.name, task_id)
        with contextlib.suppress(AttributeError):
            exc._failure_recorded = True  # type: ignore[attr-defined]

    def failure_summary(self, args: list, kwargs: dict) -> str:
        return f"args={args!r} kwargs={kwargs!r}"


class EmailTask(LoggedTask):
    """An email's failure record keeps who it was for and its subject, not its body."""

    def failure_arguments(self, args: Any, kwargs: Any) -> tuple[list, dict, bool]:
        message = (args[0] if args else (kwargs or {}).get("message")) or {}
        if not isinstance(message, dict):
            message = {"to": message}
        kept = {key: message.get(key) for key in ("to", "cc", "bcc", "from_email", "subject")}
        return [kept], {}, False

    def failure_summary(self, args: list, kwargs: dict) -> str:
        message = args[0] if args else {}
        return f"to={message.get('to')} subject={message.get('subject')!r}"


def email_payload(email: EmailMessage) -> dict[str, Any]:
    """What a task needs to send `email` again (JSON: the broker stores it)."""
    return {
        "subject": str(email.subject),
        "body": str(email.body),
        "from_email": email.from_email,
        "to": list(email.to),
        "cc": list(email.cc),
        "bcc": list(email.bcc),
        "reply_to": list(email.reply_to),
        "headers": dict(email.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(email, "alternatives", [])
        ],
    }


@shared_task(
    base=EmailTask,
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def send_email(message: dict[str, Any]) -> None:
    fields = dict(message)  # a retry gets the same arguments again
    alternatives = fields.pop("alternatives", [])
    email = EmailMultiAlternatives(**fields)
    for content, mimetype in alternatives:
        email.attach_alternative(content, mimetype)
    email.send()


def enqueue(task: Task, *args: Any, run_here: bool = True) -> None:
    """Queue `task` for a worker. When the broker (Redis) cannot be reached, the action that
    queued it has already committed, so it must not become a 500: the task runs here, in the
    request, instead (`run_here`, with its own retries and failure logging), or, for work too
    long for a request, is stored as a failed task that a superuser re-queues from the admin
    once the broker is back; either way the broker's failure is logged, nothing is lost."""
    try:
        task.delay(*args)
    except KombuOperationalError as error:
        logger.error(
            "broker unreachable (%s): task %s %s", error, task.name,
            "runs in the request instead" if run_here else "stored as a failed task",
        )  # fmt: skip
        if run_here:
            task.apply(args=args)
        else:
            from profiles.services.tasks import record_failure

            record_failure(
                task_name=task.name, task_id=uuid4().hex, args=list(args), kwargs={}, exc=error
            )


def queue_email(email: EmailMessage, *, after_commit: bool = True) -> None:
    """Send `email` from a worker once the current transaction commits (at once outside one,
    or with `after_commit=False`: the message is complete and needs no row); in the request
    while the broker is unreachable."""
    payload = email_payload(email)
    if after_commit:
        transaction.on_commit(lambda: enqueue(send_email, payload))
    else:
        enqueue(send_email, payload)


@shared_task(bind=True, base=LoggedTask, max_retries=4)
def prefetch_orcid_works(self, orcid: str) -> int:
    """Read an iD's public works from ORCID into the cache (fetch_public_works keeps answers
    an hour), so that the claim page's evidence need not wait on ORCID. Queued when a person
    connects ORCID. A worker retries with backoff; run in the request (eager), it tries once."""
    from profiles.evidence.orcid import OrcidUnavailable, fetch_public_works

    try:
        return len(fetch_public_works(orcid))
    except OrcidUnavailable as exc:
        if self.request.is_eager:
            logger.warning("ORCID works of %s not prefetched: %s", orcid, exc)
            return 0
        raise self.retry(exc=exc, countdown=min(600, 30 * 2**self.request.retries)) from exc


# --- Trust --------------------------------------------------------------------------------


@shared_task(base=LoggedTask, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_trust(record_id: int) -> int:
    """Recompute one record's trust score (profiles.services.records.recompute_trust) under
    its row lock. Queued, after commit, for the records whose signals another record's
    change moved: the records its owner follows and its co-authors'. Returns the score."""
    from profiles.services.records import recompute_trust_of

    return recompute_trust_of(record_id=record_id, reason="a co-author or follower changed")


@shared_task(base=LoggedTask, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recompute_neighbour_trust(record_id: int, owner_id: int | None) -> int:
    """Recompute the trust of the records whose signals a record's level change moved (its
    co-authors' records and the records its owner follows), one short transaction each.
    A retry starts again from the first; recomputing is idempotent. Returns how many."""
    from profiles.services.records import recompute_neighbour_trust as recompute

    return recompute(record_id=record_id, owner_id=owner_id)


# --- Periodic jobs (CELERY_BEAT_SCHEDULE) -------------------------------------------------


@shared_task(base=LoggedTask, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def expire_invitations() -> int:
    """Mark pending invitations past their expiry date as expired (hourly). Pages and the
    API also expire the ones they read; this closes the rest. Returns how many."""
    from profiles.services.collaboration import expire_overdue

    return expire_overdue()


@shared_task(base=LoggedTask, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def sweep_stale_claims() -> int:
    """The stale-claim sweep (hourly): approve the claims whose notice period ended with no
    objection (profiles.services.claims.approve_after_notice; nothing unless
    CLAIMS_NOTICE_APPROVE is on). Returns how many were approved."""
    from profiles.services.claims import approve_after_notice

    return len(approve_after_notice())


# --- Imports ------------------------------------------------------------------------------

IMPORT_COMMANDS = ("import_openalex", "import_orcid", "import_bibtex")


@shared_task(base=LoggedTask)
def import_file(command: str, path: str, author: str | None = None) -> str:
    """Run one import command on one file on a worker (`manage.py import_openalex --queue`).
    It resumes from the file's checkpoint, so a run again (a redelivery after a worker died,
    or "retry" in the admin) carries on where the last one stopped. The worker must see the
    same path. Returns the command's output, which is logged too."""
    from io import StringIO

    from django.core.management import call_command

    if command not in IMPORT_COMMANDS:
        raise ValueError(f"not an import command: {command!r}")
    out, err = StringIO(), StringIO()
    options: dict[str, Any] = {"resume": True, "stdout": out, "stderr": err}
    if author:
        options["author"] = author
    try:
        call_command(command, path, **options)
    finally:
        logger.info("%s %s:\n%s%s", command, path, out.getvalue(), err.getvalue())
    return out.getvalue()
