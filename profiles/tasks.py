"""Background work (Celery). Emails are sent here, after the request's transaction has
committed, with retries and exponential backoff; a message that still fails is logged as an
error with its recipients and subject, never dropped silently."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import Task, shared_task
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

RETRY_ON = (smtplib.SMTPException, OSError)


class LoggedTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any):
        message = (args[0] if args else kwargs.get("message")) or {}
        if not isinstance(message, dict):
            message = {"to": message}
        logger.error(
            "task %s (%s) failed for good: %r; to=%s subject=%r",
            self.name,
            task_id,
            exc,
            message.get("to"),
            message.get("subject"),
        )


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
    base=LoggedTask,
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
    request, instead (`run_here`, with its own retries and failure logging), or, for work that
    is only an optimisation, is skipped; either way the broker's failure is logged."""
    try:
        task.delay(*args)
    except KombuOperationalError as error:
        logger.error(
            "broker unreachable (%s): task %s %s", error, task.name,
            "runs in the request instead" if run_here else "skipped",
        )  # fmt: skip
        if run_here:
            task.apply(args=args)


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
