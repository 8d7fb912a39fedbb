"""A task that fails for good is stored as one FailedTask row (never lost silently); an
email's row keeps its recipients and subject, not its body. Superusers see the rows in the
admin and re-queue or close them; moderators do not see them."""

from __future__ import annotations

import pytest
from celery import current_app
from django.core import mail
from django.urls import reverse

from profiles import tasks
from profiles.models import FailedTask
from profiles.services import tasks as svc
from tests.factories import UserFactory
from tests.tasks import support

pytestmark = pytest.mark.django_db

DOWN = "tests.tasks.support.DownBackend"


def _payload():
    from django.core.mail import EmailMessage

    email = EmailMessage(
        subject="Confirm your address",
        body="Your secret link: https://example.org/confirm/abc123/",
        to=["ada@example.org"],
    )
    return tasks.email_payload(email)


def test_an_email_to_a_dead_server_ends_as_one_failure_row_with_its_attempts(settings):
    settings.EMAIL_BACKEND = DOWN
    support.CALLS.clear()
    assert current_app.conf.task_eager_propagates is False
    result = tasks.send_email.delay(_payload())  # run in the request: the caller goes on
    assert result.failed()
    attempts = tasks.send_email.max_retries + 1
    assert len(support.CALLS) == attempts
    (row,) = FailedTask.objects.all()
    assert row.task_name == "profiles.tasks.send_email"
    assert row.attempts == attempts
    assert row.exception_type == "smtplib.SMTPConnectError"
    assert "down" in row.exception_message and "SMTPConnectError" in row.traceback
    (kept,) = row.args
    assert kept["to"] == ["ada@example.org"] and kept["subject"] == "Confirm your address"
    assert set(kept) == {"to", "cc", "bcc", "from_email", "subject"}
    assert "abc123" not in str(row.args) + str(row.kwargs)  # the body is not kept
    assert not row.retryable and not row.resolved
    assert mail.outbox == []


def test_with_eager_propagation_on_the_caller_sees_the_failure_at_once(settings):
    """CELERY_TASK_EAGER_PROPAGATES=True (off by default): run in the request, the first
    failure reaches the caller (Celery raises its Retry, which carries the SMTP error), so
    the failure is loud there, not stored."""
    from celery.exceptions import Retry

    settings.EMAIL_BACKEND = DOWN
    support.CALLS.clear()
    current_app.conf.task_eager_propagates = True
    try:
        with pytest.raises(Retry) as raised:
            tasks.send_email.delay(_payload())
    finally:
        current_app.conf.task_eager_propagates = False
    assert "down" in str(raised.value.exc)
    assert len(support.CALLS) == 1 and not FailedTask.objects.exists()


def test_a_task_failing_with_no_retry_is_recorded_once(tmp_path):
    missing = tmp_path / "authors.jsonl"
    result = tasks.import_file.apply(args=["import_openalex", str(missing)])
    assert result.failed()
    (row,) = FailedTask.objects.all()
    assert row.task_name == "profiles.tasks.import_file" and row.attempts == 1
    assert row.args == ["import_openalex", str(missing)] and row.retryable
    assert row.exception_type.endswith("CommandError")


def _failed_import(tmp_path):
    path = tmp_path / "authors.jsonl"
    tasks.import_file.apply(args=["import_openalex", str(path)])
    return FailedTask.objects.get(), path


def _superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def test_retry_runs_the_task_again_and_marks_the_failure_resolved(
    tmp_path, django_capture_on_commit_callbacks
):
    from profiles.models import AuthorRecord

    row, path = _failed_import(tmp_path)
    path.write_text('{"id": "https://openalex.org/A5000000001", "display_name": "Grace Hopper"}\n')
    admin_user = _superuser()
    with django_capture_on_commit_callbacks(execute=True):
        svc.retry_failed_task(failed=row, user=admin_user)
    row.refresh_from_db()
    assert row.resolved and row.resolved_by == admin_user and row.resolved_at
    assert row.retried_task_id
    assert AuthorRecord.objects.filter(display_name="Grace Hopper").exists()
    assert FailedTask.objects.count() == 1  # the new run succeeded


def test_an_email_failure_cannot_be_retried_only_resolved(settings):
    from profiles.errors import Conflict

    settings.EMAIL_BACKEND = DOWN
    tasks.send_email.delay(_payload())
    row = FailedTask.objects.get()
    admin_user = _superuser()
    with pytest.raises(Conflict):
        svc.retry_failed_task(failed=row, user=admin_user)
    svc.resolve_failed_task(failed=row, user=admin_user)
    row.refresh_from_db()
    assert row.resolved and not row.retried_task_id
    with pytest.raises(Conflict):
        svc.resolve_failed_task(failed=row, user=admin_user)


def test_a_moderator_cannot_retry_or_resolve(tmp_path):
    from profiles.errors import NotAllowed

    row, _ = _failed_import(tmp_path)
    moderator = UserFactory(is_staff=True)
    for service in (svc.retry_failed_task, svc.resolve_failed_task):
        with pytest.raises(NotAllowed):
            service(failed=row, user=moderator)
    row.refresh_from_db()
    assert not row.resolved


def test_the_admin_lists_failures_to_superusers_and_counts_them_on_the_index(client, tmp_path):
    row, _ = _failed_import(tmp_path)
    client.force_login(_superuser())
    url = reverse("admin:profiles_failedtask_changelist")
    html = client.get(url).content.decode()
    assert "profiles.tasks.import_file" in html
    detail = client.get(reverse("admin:profiles_failedtask_change", args=[row.pk]))
    assert detail.status_code == 200 and "CommandError" in detail.content.decode()
    assert "1 failed background task to look at" in client.get("/admin/").content.decode()


def test_the_admin_retry_action_requeues(client, tmp_path, django_capture_on_commit_callbacks):
    row, path = _failed_import(tmp_path)
    path.write_text('{"id": "https://openalex.org/A5000000002", "display_name": "Ada Byron"}\n')
    client.force_login(_superuser())
    url = reverse("admin:profiles_failedtask_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.resolved


def test_moderators_do_not_see_failed_tasks(client, tmp_path):
    row, _ = _failed_import(tmp_path)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:profiles_failedtask_changelist")).status_code == 403
    detail = reverse("admin:profiles_failedtask_change", args=[row.pk])
    assert client.get(detail).status_code in (302, 403)
    assert "failed background task" not in client.get("/admin/").content.decode()


def test_the_failed_task_list_reads_a_bounded_number_of_queries(
    client, tmp_path, django_assert_max_num_queries
):
    for number in range(12):
        tasks.import_file.apply(args=["import_openalex", str(tmp_path / f"{number}.jsonl")])
    client.force_login(_superuser())
    url = reverse("admin:profiles_failedtask_changelist")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("import_file") >= 12
