"""Two moderators merging the same pair at the same moment, each the other way round, on
PostgreSQL with real threads: the rows are locked in id order, so one merge happens, the
other finds the record gone, and nothing deadlocks."""

from __future__ import annotations

import pytest

from profiles.choices import AuditAction
from profiles.errors import Conflict
from profiles.models import AuditEntry, AuthorRecord, Follow
from profiles.services.moderation import merge_records
from tests.factories import AuthorRecordFactory, UserFactory
from tests.moderation.test_concurrency import _race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_crosswise_merges_of_one_pair_make_one_merge():
    a, b = AuthorRecordFactory(), AuthorRecordFactory()
    follower = UserFactory()
    for record in (a, b):
        Follow.objects.create(user=follower, author=record)
    m1, m2 = UserFactory(is_staff=True), UserFactory(is_staff=True)
    results = _race(
        lambda: merge_records(actor=m1, source=a, target=b, reason="Duplicate."),
        lambda: merge_records(actor=m2, source=b, target=a, reason="Duplicate."),
    )
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1 and conflicts[0].code == "already_merged", results
    survivor = AuthorRecord.objects.get()
    assert survivor.followers_count == 1 == Follow.objects.count()
    assert AuditEntry.objects.filter(action=AuditAction.RECORDS_MERGED).count() == 1
