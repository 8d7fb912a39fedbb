"""Following author records. Every follow and unfollow locks the record's row first, so
concurrent requests queue up and `followers_count` always equals the number of Follow rows.
The lock is FOR NO KEY UPDATE: it queues other writers of the record but not foreign-key
checks on it (an invitation sent from the record commits meanwhile; FOR UPDATE deadlocked
with one, tests/collaboration/test_lock_modes.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from profiles.errors import NotAllowed
from profiles.models import AuthorRecord, Follow
from profiles.services.records import recompute_trust, refresh_followers_count

FOLLOW_SELF = _("You cannot follow your own profile.")
DO_NOT_CONTACT = _(
    "The moderators marked this record “do not contact”: it cannot be followed or invited."
)


def check_may_contact(author: AuthorRecord) -> None:
    """Refuse following or inviting through a record marked "do not contact" or hidden by
    the moderators (profiles/services/moderation/requests.py)."""
    if author.hidden or author.do_not_contact:
        raise NotAllowed(DO_NOT_CONTACT, code="do_not_contact")


def _follower_counts_for_trust(user) -> bool:
    """A follower who owns a claimed record adds to the followed record's trust score."""
    record = AuthorRecord.objects.filter(owner=user, verification_level__gte=2).only("id")
    return record.exists()


@transaction.atomic
def follow_author(*, user, author: AuthorRecord) -> tuple[AuthorRecord, bool]:
    """Follow a record (claimed or not). Following twice is a no-op. Returns the record with
    its exact count and whether a follow was created."""
    author = AuthorRecord.objects.select_for_update(no_key=True).get(pk=author.pk)
    if author.owner_id == user.pk:
        raise NotAllowed(FOLLOW_SELF, code="follow_self")
    check_may_contact(author)
    _, created = Follow.objects.get_or_create(user=user, author=author)
    if created:
        author = refresh_followers_count(author=author)
        if _follower_counts_for_trust(user):
            author = recompute_trust(author=author, reason="new verified follower")
    return author, created


@transaction.atomic
def unfollow_author(*, user, author: AuthorRecord) -> tuple[AuthorRecord, bool]:
    """Stop following a record. Unfollowing a record one does not follow is a no-op."""
    author = AuthorRecord.objects.select_for_update(no_key=True).get(pk=author.pk)
    deleted, _ = Follow.objects.filter(user=user, author=author).delete()
    if deleted:
        author = refresh_followers_count(author=author)
        if _follower_counts_for_trust(user):
            author = recompute_trust(author=author, reason="verified follower left")
    return author, bool(deleted)
