"""Background tasks: emails go through the queue (run in the request in development and
tests), survive the trip through JSON, retry with backoff, and a message that fails for good
is logged as an error, never dropped silently."""

from __future__ import annotations

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from profiles import tasks


def _email() -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject="Hello", body="Plain", to=["ada@example.org"], headers={"X-Kind": "test"}
    )
    email.attach_alternative("<p>Rich</p>", "text/html")
    return email


def test_an_email_survives_the_queue_with_its_alternatives_and_headers(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    tasks.queue_email(_email(), after_commit=False)
    (sent,) = mail.outbox
    assert sent.subject == "Hello" and sent.to == ["ada@example.org"]
    assert sent.extra_headers["X-Kind"] == "test"
    assert sent.alternatives[0][0] == "<p>Rich</p>"


@pytest.mark.django_db
def test_an_email_queued_in_a_transaction_leaves_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.queue_email(_email())
        assert mail.outbox == []
    assert len(callbacks) == 1 and len(mail.outbox) == 1


def test_a_failing_send_is_retried(monkeypatch):
    attempts = []
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    tasks.send_email.apply(args=[tasks.email_payload(_email())])
    assert len(attempts) == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives


@pytest.mark.django_db
def test_a_message_that_fails_for_good_is_logged(monkeypatch, caplog):
    def down(self, *args, **kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    with caplog.at_level(logging.ERROR, logger="profiles.tasks"):
        result = tasks.send_email.apply(args=[tasks.email_payload(_email())])
    assert result.failed()
    assert "failed for good" in caplog.text and "ada@example.org" in caplog.text
    assert mail.outbox == []
    from profiles.models import FailedTask

    assert FailedTask.objects.get().args[0]["to"] == ["ada@example.org"]


ORCID = "0000-0002-1825-0097"


def test_orcid_works_are_prefetched_into_the_cache():
    """ORCID's public API is a remote server: `requests.get` is mocked here."""
    from unittest import mock

    from django.core.cache import cache

    from profiles.evidence import orcid

    response = mock.Mock(status_code=200)
    response.json.return_value = {"group": [], "path": "/works"}
    response.raise_for_status.return_value = None
    with mock.patch.object(orcid.requests, "get", return_value=response) as get:
        assert tasks.prefetch_orcid_works.apply(args=[ORCID]).get() == 0
        assert cache.get(f"orcid-works:v2:{ORCID}") == []
        orcid.fetch_public_works(ORCID)  # answered from the cache
    assert get.call_count == 1


def test_an_unreachable_orcid_is_tried_once_in_the_request():
    from unittest import mock

    import requests

    from profiles.evidence import orcid

    with mock.patch.object(orcid.requests, "get", side_effect=requests.ConnectionError) as get:
        assert tasks.prefetch_orcid_works.apply(args=[ORCID]).get() == 0
    assert get.call_count == 1


@pytest.mark.django_db
def test_connecting_orcid_queues_the_prefetch(monkeypatch, django_capture_on_commit_callbacks):
    from unittest import mock

    from profiles.signals import prefetch_orcid_works_on_connect

    queued = []
    monkeypatch.setattr(tasks.prefetch_orcid_works, "delay", queued.append)
    login = mock.Mock()
    login.account.provider, login.account.uid = "orcid", ORCID
    with django_capture_on_commit_callbacks(execute=True):
        prefetch_orcid_works_on_connect(sender=None, request=None, sociallogin=login)
    assert queued == [ORCID]
