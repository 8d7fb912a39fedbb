"""Found by the load test (`manage.py loadtest`): a researcher sending an invitation while
someone follows or unfollows their record deadlocked on PostgreSQL, and one of the two got a
503. The invitation locked the sender's account row FOR UPDATE; the follow locked the record
FOR UPDATE and updated it twice, so its commit re-checked the record's owner (a foreign-key
check: FOR KEY SHARE on the account row) while the invitation's commit checked its sender
record (FOR KEY SHARE on the record row). The rows are now locked FOR NO KEY UPDATE, which
still queues writers of the same row but lets foreign-key checks through."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from profiles.services import collaboration as svc
from profiles.services.collaboration import follows, invitations
from tests.factories import researcher


def _in_thread(fn, outcome: dict, key: str) -> threading.Thread:
    def run() -> None:
        try:
            fn()
            outcome[key] = "ok"
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcome[key] = repr(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["follow", "unfollow"])
def test_following_a_record_while_its_owner_sends_an_invitation_both_succeed(monkeypatch, change):
    owner, record = researcher()
    follower, _ = researcher()
    _, recipient = researcher()
    if change == "unfollow":
        follows.follow_author(user=follower, author=record)
    locked, go = threading.Event(), threading.Event()
    check_may_invite = invitations._check_may_invite

    def paused(sender, recipient_record):  # the sender's row is locked by now
        locked.set()
        go.wait(timeout=30)
        return check_may_invite(sender, recipient_record)

    monkeypatch.setattr(invitations, "_check_may_invite", paused)
    outcome: dict[str, str] = {}
    invite = _in_thread(
        lambda: svc.send_invitation(
            sender=owner, recipient_record=recipient, subject="Hello", message="Shall we?"
        ),
        outcome,
        "invitation",
    )
    assert locked.wait(timeout=30)
    action = follows.follow_author if change == "follow" else follows.unfollow_author
    follow = _in_thread(lambda: action(user=follower, author=record), outcome, change)
    follow.join(timeout=10)  # it used to wait here for the invitation, then deadlock with it
    go.set()
    invite.join(timeout=30)
    follow.join(timeout=30)
    assert outcome == {"invitation": "ok", change: "ok"}
    record.refresh_from_db()
    assert record.followers_count == (1 if change == "follow" else 0)
