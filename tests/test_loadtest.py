"""The load test's own logic in the process (the whole run is tests/hostile/
test_load_faults.py): the seed gives signed-in researchers who may invite, the write check
finds an acknowledged write the database does not hold, the report judges each window."""

from __future__ import annotations

import pytest
from django.test import Client

from profiles.management import loadtest_data, loadtest_report
from profiles.management.loadtest import Phase, Result, Run, Window
from profiles.models import AuthorRecord
from profiles.services.collaboration import follows, invitations


@pytest.mark.django_db
def test_seeded_researchers_are_signed_in_and_may_invite_each_other():
    data = loadtest_data.seed(users=3, records=2)
    first, second = data["users"][:2]
    me = Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=first["token"])
    assert me.status_code == 200 and me.json()["email"] == first["email"]
    page = Client().get("/researchers/load-record-0/", HTTP_COOKIE=f"sessionid={first['token']}")
    assert page.status_code == 200
    from accounts.models import User

    sent = invitations.send_invitation(
        sender=User.objects.get(pk=first["id"]),
        recipient_record=AuthorRecord.objects.get(pk=second["record"]),
        subject="Hello",
        message="Shall we?",
    )
    assert sent.pk
    assert {r["slug"] for r in data["records"]} >= {"load-record-0", "chonlam-lao"}


@pytest.mark.django_db
def test_the_write_check_finds_acknowledged_writes_the_database_does_not_hold():
    data = loadtest_data.seed(users=3, records=2)
    from accounts.models import User

    user = User.objects.get(pk=data["users"][0]["id"])
    followed, other = AuthorRecord.objects.filter(slug__startswith="load-record-")[:2]
    follows.follow_author(user=user, author=followed)
    writes = {
        "follows": [
            {"user": user.pk, "author": followed.pk, "state": "followed"},  # stored
            {"user": user.pk, "author": other.pk, "state": "followed"},  # lost
            {"user": user.pk, "author": other.pk, "state": "unfollowed"},  # true
        ],
        "invitations": [{"id": 10**9, "sender": user.pk, "recipient_record": 1, "state": None}],
    }
    check = loadtest_data.verify(writes)
    assert check["checked"] == 4
    assert check["missing_count"] == 2
    assert {(w.get("author"), w.get("id")) for w in check["missing"]} == {
        (other.pk, None),
        (None, 10**9),
    }
    assert check["follower_counts_wrong"] == []
    AuthorRecord.objects.filter(pk=followed.pk).update(followers_count=5)
    assert loadtest_data.verify(writes)["follower_counts_wrong"] == [followed.pk]


def _run() -> Run:
    run = Run(port=0, seed={})
    run.phases = [Phase("steady", 0, 10), Phase("database unreachable", 10, 20)]
    run.phases += [Phase("recovery", 20, 30)]
    run.windows = [Window("database unreachable", 10, 20)]
    run.results = [Result("page", t, t + 0.1, 200) for t in range(10)]
    run.results += [Result("page", 10.5, 10.6, 503), Result("login", 11, 12, 503)]
    run.results += [Result("page", 9.9, 10.2, 503)]  # in flight when the fault came
    run.results += [Result("page", 21, 21.5, 200), Result("login", 21, 22, 200)]
    return run


def test_the_report_judges_the_fault_window_and_what_came_outside_it():
    run = _run()
    summary = loadtest_report.summarize(run, {"writes": {"checked": 3, "missing_count": 0}})
    assert summary["5xx_outside_fault_windows"] == 0
    window = summary["windows"]["database unreachable"]
    assert window["5xx_other_or_no_answer"] == 0 and window["recovered_after_s"] == 1.5
    assert summary["phases"]["steady"]["requests"] == 11 and summary["phases"]["steady"]["503"] == 1
    assert loadtest_report.failures(summary) == []
    report = loadtest_report.markdown(summary)
    assert "- 5xx outside fault windows: 0" in report
    assert "- accepted writes missing from the database: 0" in report

    run.results += [Result("author_api", 25, 25.2, 500), Result("follow", 15, 15.1, 502)]
    run.results += [Result("page", 26, 30, 0)]  # no answer at all
    summary = loadtest_report.summarize(run, {"writes": {"missing_count": 1}})
    assert summary["5xx_outside_fault_windows"] == 2
    assert loadtest_report.failures(summary) == [
        "5xx or no answer outside the fault windows",
        "5xx other than 503 (or no answer) while database unreachable",
        "accepted writes missing or follower counts wrong",
    ]


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert loadtest_report.percentile(values, 0.5) == 50.0
    assert loadtest_report.percentile(values, 0.99) == 99.0
    assert loadtest_report.percentile([], 0.5) == 0.0
