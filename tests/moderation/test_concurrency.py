"""Two moderators acting on the same account or claim at the same moment, on PostgreSQL,
with real threads and separate connections: one decision, one audit entry, one email."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from profiles.choices import AuditAction
from profiles.errors import Conflict
from profiles.models import AuditEntry, Suspension
from profiles.services.moderation import revoke_claim, suspend_user
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except Exception as exc:  # asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_moderators_suspending_one_account_at_once_make_one_suspension():
    user = UserFactory(verified=True)
    m1, m2 = UserFactory(is_staff=True), UserFactory(is_staff=True)
    results = _race(
        lambda: suspend_user(user=user, moderator=m1, reason="Spam."),
        lambda: suspend_user(user=user, moderator=m2, reason="Spam too."),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Suspension"], results
    assert Suspension.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.USER_SUSPENDED).count() == 1


def test_two_moderators_revoking_one_claim_at_once_revoke_it_once(approved_claim):
    m2 = UserFactory(is_staff=True)
    moderator = approved_claim.decided_by
    results = _race(
        lambda: revoke_claim(claim=approved_claim, moderator=moderator, reason="Not them."),
        lambda: revoke_claim(claim=approved_claim, moderator=m2, reason="Not them either."),
    )
    assert len([r for r in results if isinstance(r, Conflict)]) == 1, results
    assert AuditEntry.objects.filter(action=AuditAction.CLAIM_REVOKED).count() == 1
