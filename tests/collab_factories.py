"""Helpers for the follow and collaboration tests. "Claimed" is set directly on the record
(owner + level 2), not through the claim flow, which these tests do not exercise."""

from __future__ import annotations

from django.utils import timezone

from profiles.models import AuthorRecord
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, UserFactory


def claimed_record(user=None, *, level: int = 2, open_to_collaborate: bool = True, **fields):
    """A record owned by `user` (a new verified user when None) at `level`, trust computed."""
    user = user or UserFactory(verified=True)
    record = AuthorRecordFactory(
        owner=user,
        verification_level=level,
        claimed_at=timezone.now(),
        open_to_collaborate=open_to_collaborate,
        **fields,
    )
    return refresh_author_stats(author=record)


def researcher(**fields) -> tuple:
    """A verified user who owns a claimed, open record: (user, record)."""
    record = claimed_record(**fields)
    return record.owner, AuthorRecord.objects.get(pk=record.pk)
