"""Splitting a record: detaching a wrongly attached work (issue 10, "Merging duplicate
records", splitting)."""

from __future__ import annotations

import pytest

from profiles.choices import AuditAction, ProfileEventKind
from profiles.errors import Conflict, Invalid, NotFound
from profiles.models import AuditEntry, AuthorRecord, Authorship, ProfileEvent
from profiles.services.moderation import detach_work
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory, WorkFactory

pytestmark = pytest.mark.django_db


def _record_with_a_wrong_work():
    record = AuthorRecordFactory(display_name="Wei Zhang")
    AuthorshipFactory(author=record)
    AuthorshipFactory(author=record)
    wrong = AuthorshipFactory(author=record, raw_name="W. Zhang", work=WorkFactory(title="Wrong"))
    AuthorshipFactory(work=wrong.work, author=None, position=2, raw_name="Co Author")
    return refresh_author_stats(author=record), wrong


def test_detaching_to_a_new_record_moves_the_authorship_and_counts_are_exact(moderator):
    record, wrong = _record_with_a_wrong_work()
    assert (record.works_count, record.collaborators_count) == (3, 1)
    new = detach_work(actor=moderator, record=record, work=wrong.work, reason="Another Wei Zhang.")
    record = AuthorRecord.objects.get(pk=record.pk)
    assert (record.works_count, record.collaborators_count) == (2, 0)
    assert new.display_name == "W. Zhang" and (new.works_count, new.collaborators_count) == (1, 1)
    assert Authorship.objects.get(pk=wrong.pk).author_id == new.pk
    entry = AuditEntry.objects.get(action=AuditAction.WORK_DETACHED)
    assert entry.actor == moderator and entry.target_id == record.pk
    assert entry.before["works"] == 3 and entry.after["works"] == 2
    assert entry.after["to_record"] == new.pk and entry.after["to_record_created"] is True
    assert entry.reason == "Another Wei Zhang."
    for author in (record, new):
        assert ProfileEvent.objects.filter(author=author, kind=ProfileEventKind.SPLIT).exists()


def test_detaching_to_a_chosen_record(moderator):
    record, wrong = _record_with_a_wrong_work()
    other = AuthorRecordFactory()
    moved_to = detach_work(
        actor=moderator, record=record, work=wrong.work, to_record=other, reason="Theirs."
    )
    assert moved_to.pk == other.pk and moved_to.works_count == 1
    assert AuthorRecord.objects.get(pk=record.pk).works_count == 2


def test_refusals(moderator):
    record, wrong = _record_with_a_wrong_work()
    other = AuthorRecordFactory()
    with pytest.raises(NotFound):
        detach_work(actor=moderator, record=other, work=wrong.work, reason="x")
    with pytest.raises(Invalid) as itself:
        detach_work(actor=moderator, record=record, work=wrong.work, to_record=record, reason="x")
    assert itself.value.code == "same_record"
    AuthorshipFactory(work=wrong.work, author=other, position=3)
    with pytest.raises(Conflict) as taken:
        detach_work(actor=moderator, record=record, work=wrong.work, to_record=other, reason="x")
    assert taken.value.code == "already_on_work"
    with pytest.raises(Invalid):
        detach_work(actor=moderator, record=record, work=wrong.work, reason="")
    assert Authorship.objects.get(pk=wrong.pk).author_id == record.pk
    assert not AuditEntry.objects.exists()
