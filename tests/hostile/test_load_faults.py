"""Faults under load, against the real server: `manage.py loadtest` (a short run) starts its
own PostgreSQL and redis-server on free ports (never the machine's), gunicorn with 2 workers
in front of them, loads it with page views, searches, API reads, follows, invitations and
log-ins, stops Redis and then PostgreSQL during the load and starts each again (about 2.5
minutes on a busy 2-core machine; run once, in the PostgreSQL suite). And, in the process: an
action whose task cannot be queued (the broker is down) is not a 500."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from profiles import tasks
from profiles.management import servers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def load_run(tmp_path_factory):
    """One short run (about 30 s of load) shared by this module's assertions. It brings its
    own PostgreSQL whatever the suite runs on, so it runs once, in the PostgreSQL suite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL suite (make test-postgres); it starts its own")
    missing = servers.missing_programs()
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    out = tmp_path_factory.mktemp("loadtest")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "loadtest", "--seconds", "30", "--clients", "6",
         "--users", "12", "--records", "60", "--json", str(out / "run.json"),
         "--markdown", str(out / "run.md")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if not (out / "run.json").exists():
        pytest.fail(f"the load test did not finish:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    summary = json.loads((out / "run.json").read_text())
    summary["exit_code"] = done.returncode
    summary["output"] = done.stdout + done.stderr
    return summary


def _kinds(summary, window: str) -> dict:
    return summary["windows"][window]["by_kind"]


@pytest.mark.postgres
def test_no_5xx_outside_the_fault_windows_and_the_command_passes(load_run):
    assert load_run["5xx_outside_fault_windows"] == 0, load_run["5xx_outside_examples"]
    assert load_run["exit_code"] == 0, load_run["output"][-3000:]
    steady = load_run["phases"]["steady"]
    assert steady["2xx"] > 0 and steady["503"] == steady["5xx_other"] == 0


@pytest.mark.postgres
def test_with_redis_stopped_reads_log_ins_and_writes_keep_working(load_run):
    window = load_run["windows"]["redis stopped"]
    assert window["5xx_other_or_no_answer"] == 0
    assert window["non_2xx_reads_and_logins"] == 0
    answered = window["2xx_alone"]  # in flight while Redis was away, and no other fault
    for kind in ("page", "author_api", "search_api", "login", "follow"):
        assert answered.get(kind, 0) > 0, kind
    assert window["ready_503"] > 0  # /ready/ tells the operator


@pytest.mark.postgres
def test_with_the_database_unreachable_everything_answers_503(load_run):
    window = load_run["windows"]["database unreachable"]
    assert window["5xx_other_or_no_answer"] == 0
    kinds = _kinds(load_run, "database unreachable")
    for kind in ("page", "author_api", "follow", "login"):
        assert kinds[kind]["503"] > 0, kind
    assert window["ready_503"] > 0


@pytest.mark.postgres
def test_both_faults_recover_without_a_restart(load_run):
    assert load_run["workers_restarted"] == 0
    for name in ("redis stopped", "database unreachable"):
        window = load_run["windows"][name]
        assert window["recovered_after_s"] is not None, name
        after = window["2xx_after"]
        for kind in ("page", "author_api", "follow", "login", "ready"):
            assert after[kind]["2xx"] > 0, (name, kind)
    recovery = load_run["phases"]["recovery"]["by_kind"]
    assert all(s["503"] == s["5xx_other"] == s["no_answer"] == 0 for s in recovery.values())


@pytest.mark.postgres
def test_every_accepted_write_is_in_the_database(load_run):
    writes = load_run["writes"]
    assert writes["checked"] > 0
    assert writes["missing_count"] == 0, writes["missing"]
    assert writes["follower_counts_wrong"] == []


@pytest.fixture
def unreachable_broker():
    """Celery as in production (tasks go to a broker), the broker a closed loopback port."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{servers.free_port()}/0"
    app.conf.broker_connection_timeout = 0.5
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db
def test_an_email_whose_task_cannot_be_queued_is_sent_in_the_request(
    unreachable_broker, django_capture_on_commit_callbacks, caplog
):
    email = EmailMessage(subject="Invited", body="Shall we?", to=["ada@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_email(email)  # raised kombu's OperationalError: a 500 after the commit
    assert [m.subject for m in mail.outbox] == ["Invited"]
    assert "broker unreachable" in caplog.text


@pytest.mark.django_db
def test_work_too_long_for_a_request_is_kept_as_a_failed_task_while_the_broker_is_away(
    unreachable_broker, django_capture_on_commit_callbacks
):
    from profiles.models import FailedTask
    from profiles.services.records import queue_neighbour_trust
    from tests.factories import AuthorRecordFactory

    author = AuthorRecordFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue_neighbour_trust(author=author, owner_id=None)
    row = FailedTask.objects.get()
    assert row.task_name == tasks.recompute_neighbour_trust.name
    assert row.args == [author.pk, None] and row.retryable and not row.resolved
