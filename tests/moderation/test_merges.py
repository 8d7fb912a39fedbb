"""Merging duplicate records (issue 10, "Merging duplicate records"): what moves, what
collapses, exact counts, refusals, redirects of the old addresses, the audit trail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.choices import AuditAction, ClaimStatus, ProfileEventKind
from profiles.errors import Conflict, Invalid
from profiles.models import (
    AuditEntry,
    AuthorRecord,
    Authorship,
    AuthorTopic,
    Follow,
    NameVariant,
    ProfileEvent,
    RecordRedirect,
    Topic,
)
from profiles.services.moderation import merge_records, preview_merge
from profiles.services.records import refresh_author_stats, unique_slug
from tests.factories import (
    AuthorRecordFactory,
    AuthorshipFactory,
    ClaimFactory,
    UserFactory,
    WorkFactory,
    claimed_record,
)

pytestmark = pytest.mark.django_db


def _duplicates():
    """Two records of one person: a shared work and a shared follower, a work and a follower
    each of their own, a shared topic, name variants."""
    source = AuthorRecordFactory(display_name="C. Lao", slug="c-lao", openalex_id="A111")
    target = AuthorRecordFactory(display_name="ChonLam Lao", slug="chonlam-lao")
    topic, other_topic = Topic.objects.create(name="Networking"), Topic.objects.create(name="ML")
    shared = WorkFactory(title="Shared paper")
    shared.topics.add(topic)
    AuthorshipFactory(work=shared, author=target, position=1)
    AuthorshipFactory(work=shared, author=source, position=2, is_corresponding=True)
    own = AuthorshipFactory(author=source, work=WorkFactory(title="Only on the duplicate"))
    own.work.topics.add(topic, other_topic)
    AuthorshipFactory(author=target, work=WorkFactory(title="Only on the survivor"))
    both, only_source, only_target = UserFactory(), UserFactory(), UserFactory()
    for user in (both, only_source):
        Follow.objects.create(user=user, author=source)
    for user in (both, only_target):
        Follow.objects.create(user=user, author=target)
    NameVariant.objects.create(author=source, name="Lao ChonLam")
    NameVariant.objects.create(author=source, name="Lao C.")
    NameVariant.objects.create(author=target, name="Lao C.")
    source, target = refresh_author_stats(author=source), refresh_author_stats(author=target)
    return source, target, both


def test_the_preview_counts_what_moves_and_what_collapses():
    source, target, both = _duplicates()
    preview = preview_merge(source=source, target=target)
    assert preview.refusal is None
    assert preview.moves["works"] == 1 and preview.collapses["works"].count == 1
    assert preview.collapses["works"].items == ["Shared paper"]
    assert preview.moves["follows"] == 1 and preview.collapses["follows"].count == 1
    assert preview.collapses["follows"].items == [str(both)]
    assert preview.moves["topics"] == 1 and preview.collapses["topics"].items == ["Networking"]
    assert preview.moves["name_variants"] == 2  # "C. Lao" and "Lao ChonLam"
    assert preview.collapses["name_variants"].items == ["Lao C."]
    assert preview.moves["history"] == ProfileEvent.objects.filter(author=source).count()
    assert preview.ids_moving == {"openalex_id": "A111"}
    assert AuthorRecord.objects.filter(pk=source.pk).exists()  # a preview stores nothing


def test_a_shared_follower_and_a_shared_work_are_kept_once_and_counts_are_exact(moderator):
    source, target, both = _duplicates()
    survivor = merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")

    assert not AuthorRecord.objects.filter(pk=source.pk).exists()
    assert Follow.objects.filter(user=both, author=survivor).count() == 1
    assert Follow.objects.filter(author=survivor).count() == 3
    titles = sorted(
        Authorship.objects.filter(author=survivor).values_list("work__title", flat=True)
    )
    assert titles == ["Only on the duplicate", "Only on the survivor", "Shared paper"]
    shared_slot = Authorship.objects.get(author=survivor, work__title="Shared paper")
    assert shared_slot.is_corresponding  # the dropped slot's flag is kept
    assert (survivor.works_count, survivor.followers_count, survivor.topics_count) == (3, 3, 2)
    assert AuthorTopic.objects.get(author=survivor, topic__name="Networking").works_count == 2
    fresh = refresh_author_stats(author=AuthorRecord.objects.get(pk=survivor.pk))
    assert (fresh.works_count, fresh.followers_count, fresh.topics_count) == (3, 3, 2)
    names = set(survivor.name_variants.values_list("name", flat=True))
    assert names == {"C. Lao", "Lao ChonLam", "Lao C."}
    assert survivor.openalex_id == "A111"
    assert "c lao" in survivor.search_text


def test_a_merge_writes_the_audit_entry_and_the_history_line(moderator):
    source, target, _both = _duplicates()
    merge_records(actor=moderator, source=source, target=target, reason="Same person.")
    entry = AuditEntry.objects.get(action=AuditAction.RECORDS_MERGED)
    assert entry.actor == moderator and entry.target_id == target.pk
    assert entry.reason == "Same person."
    assert entry.before["source"]["slug"] == "c-lao" and entry.before["target"]["works"] == 2
    assert entry.after["survivor"]["works"] == 3 and entry.after["merged"] == source.pk
    assert entry.after["collapsed"]["follows"] == 1
    line = ProfileEvent.objects.get(author=target, kind=ProfileEventKind.MERGED)
    assert (line.old_value, line.new_value, line.actor) == ("c-lao", "chonlam-lao", moderator)


def test_a_merge_of_two_owned_records_is_refused(moderator):
    source, target = claimed_record(), claimed_record()
    assert preview_merge(source=source, target=target).refusal.code == "both_owned"
    with pytest.raises(Conflict) as refused:
        merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    assert refused.value.code == "both_owned"
    assert AuthorRecord.objects.filter(pk__in=[source.pk, target.pk]).count() == 2
    assert not AuditEntry.objects.exists()


def test_the_owned_record_survives(moderator):
    owned, plain = claimed_record(), AuthorRecordFactory()
    with pytest.raises(Conflict) as refused:
        merge_records(actor=moderator, source=owned, target=plain, reason="Duplicate.")
    assert refused.value.code == "owner_survives"
    survivor = merge_records(actor=moderator, source=plain, target=owned, reason="Duplicate.")
    assert survivor.owner_id == owned.owner_id and survivor.verification_level == 2


def test_a_record_is_not_merged_into_itself_or_into_a_merged_record(moderator):
    a, b, c = AuthorRecordFactory(), AuthorRecordFactory(), AuthorRecordFactory()
    with pytest.raises(Invalid) as itself:
        merge_records(actor=moderator, source=a, target=a, reason="Duplicate.")
    assert itself.value.code == "same_record"
    merge_records(actor=moderator, source=a, target=b, reason="Duplicate.")
    with pytest.raises(Conflict) as gone:
        merge_records(actor=moderator, source=c, target=a, reason="Duplicate.")
    assert gone.value.code == "already_merged"
    with pytest.raises(Invalid) as no_reason:
        merge_records(actor=moderator, source=c, target=b, reason="  ")
    assert no_reason.value.code == "reason_required"


def test_pending_claims_move_unless_both_records_have_them(moderator):
    source, target = AuthorRecordFactory(), AuthorRecordFactory()
    moving = ClaimFactory(author=source)
    other = ClaimFactory(author=target)
    with pytest.raises(Conflict) as refused:
        merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    assert refused.value.code == "both_pending_claims"
    other.status = ClaimStatus.WITHDRAWN
    other.save()
    merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    moving.refresh_from_db()
    assert moving.author_id == target.pk and moving.status == ClaimStatus.PENDING


def test_pending_claims_do_not_move_into_an_owned_record(moderator):
    source, target = AuthorRecordFactory(), claimed_record()
    ClaimFactory(author=source)
    with pytest.raises(Conflict) as refused:
        merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    assert refused.value.code == "pending_claims_into_owned"


def test_chains_resolve_to_the_last_survivor_and_old_slugs_are_not_reused(moderator):
    a = AuthorRecordFactory(slug="ada-l")
    b, c = AuthorRecordFactory(slug="ada-lovelace"), AuthorRecordFactory(slug="a-lovelace")
    merge_records(actor=moderator, source=a, target=b, reason="Duplicate.")
    merge_records(actor=moderator, source=b, target=c, reason="Duplicate.")
    assert set(RecordRedirect.objects.values_list("old_slug", "target_id")) == {
        ("ada-l", c.pk),
        ("ada-lovelace", c.pk),
    }
    assert unique_slug("Ada L") == "ada-l-2"


def test_the_follower_who_owns_the_survivor_does_not_follow_themselves(moderator):
    owner, target = (record := claimed_record()).owner, record
    source = AuthorRecordFactory()
    Follow.objects.create(user=owner, author=source)
    survivor = merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    assert not Follow.objects.filter(user=owner, author=survivor).exists()
    assert survivor.followers_count == 0


def test_co_authors_counts_stay_exact(moderator):
    """A co-author of both duplicates has one collaborator fewer once they are one."""
    source, target, coauthor = (AuthorRecordFactory() for _ in range(3))
    for record in (source, target):
        slot = AuthorshipFactory(author=record)
        AuthorshipFactory(work=slot.work, author=coauthor, position=2)
    assert refresh_author_stats(author=coauthor).collaborators_count == 2
    merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    assert AuthorRecord.objects.get(pk=coauthor.pk).collaborators_count == 1


def test_the_preview_runs_a_fixed_number_of_queries():
    def count(n: int) -> int:
        source, target = AuthorRecordFactory(), AuthorRecordFactory()
        for _ in range(n):
            work = WorkFactory()
            AuthorshipFactory(work=work, author=source)
            AuthorshipFactory(work=work, author=target, position=2)
            user = UserFactory()
            Follow.objects.create(user=user, author=source)
            Follow.objects.create(user=user, author=target)
        with CaptureQueriesContext(connection) as ctx:
            preview_merge(source=source, target=target)
        return len(ctx.captured_queries)

    assert count(1) == count(8)
