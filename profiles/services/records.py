"""Author records: creating them, keeping their counters exact, and recomputing trust.

Counters (`works_count`, `followers_count`, `topics_count`, `collaborators_count`) are stored
on the record so a page reads them without counting; every service that changes what they
count calls `refresh_author_stats` (or `refresh_followers_count`) in its own transaction.
Bulk imports collect the records to refresh (`refresh_later` inside `deferred_refreshes()`)
and refresh each once, instead of once per linked author slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from profiles.choices import ProfileEventKind, RecordSource
from profiles.evidence.names import context_text, fold, search_text
from profiles.models import (
    AuthorRecord,
    Authorship,
    AuthorTopic,
    Follow,
    Institution,
    NameVariant,
    ProfileEvent,
    RecordRedirect,
    Topic,
    Work,
)
from profiles.selectors.moderation import level_set_by_moderator, moderator_adjustment
from profiles.services.trust import TrustSignals, compute_trust


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A readable, unique slug for a name: `chonlam-lao`, then `chonlam-lao-2`..."""
    base = slugify(fold(name))[:100] or "researcher"
    candidate, n = base, 1
    taken = AuthorRecord.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    # A merged record's old slug still answers (a redirect): never hand it out again.
    gone = RecordRedirect.objects.all()
    while taken.filter(slug=candidate).exists() or gone.filter(old_slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def author_record_create(
    *,
    display_name: str,
    headline: str = "",
    affiliation: Institution | None = None,
    orcid: str | None = None,
    openalex_id: str | None = None,
    external_ids: dict | None = None,
    open_to_collaborate: bool = False,
    name_variants: Iterable[str] = (),
    source: str = RecordSource.SEED,
    slug: str | None = None,
) -> AuthorRecord:
    """Create an unclaimed (L1) record with its public name variants and a first trust score."""
    author = AuthorRecord(
        slug=slug or unique_slug(display_name),
        display_name=display_name.strip(),
        headline=headline.strip(),
        affiliation=affiliation,
        orcid=orcid or None,
        openalex_id=openalex_id or None,
        external_ids=external_ids or {},
        open_to_collaborate=open_to_collaborate,
        source=source,
    )
    author.full_clean()
    author.save()
    for variant in name_variants:
        if variant.strip() and variant.strip() != author.display_name:
            NameVariant.objects.get_or_create(author=author, name=variant.strip())
    ProfileEvent.objects.create(author=author, kind=ProfileEventKind.CREATED, reason=source)
    return refresh_author_stats(author=author)


def _collaborator_keys(author: AuthorRecord) -> set[str]:
    """Distinct co-authors on the record's visible works: a linked record counts once by id,
    an unlinked printed name once by its folded form."""
    work_ids = Authorship.objects.filter(author=author, is_hidden=False).values("work_id")
    keys: set[str] = set()
    for author_id, raw_name in (
        Authorship.objects.filter(work_id__in=work_ids)
        .exclude(author=author)
        .values_list("author_id", "raw_name")
    ):
        keys.add(f"id:{author_id}" if author_id else f"name:{fold(raw_name)}")
    return keys


# The records a bulk import touched, refreshed together (None: refresh at once).
_PENDING: ContextVar[set[int] | None] = ContextVar("profiles_pending_refreshes", default=None)


def refresh_later(*, author_ids: Iterable[int]) -> None:
    """Refresh these records' counters now, or, inside `deferred_refreshes()`, once each when
    the block flushes."""
    pending = _PENDING.get()
    if pending is None:
        for author in AuthorRecord.objects.filter(pk__in=list(author_ids)):
            refresh_author_stats(author=author)
    else:
        pending.update(author_ids)


def flush_refreshes() -> int:
    """Refresh the records collected so far (each once); how many there were."""
    pending = _PENDING.get()
    if not pending:
        return 0
    ids = sorted(pending)
    pending.clear()
    for author in AuthorRecord.objects.filter(pk__in=ids):
        refresh_author_stats(author=author)
    return len(ids)


@contextmanager
def deferred_refreshes() -> Iterator[None]:
    """Collect refreshes (see `refresh_later`) and run them when the block ends, even when
    it ends by an error: counters of what was written are then exact again."""
    token = _PENDING.set(set())
    try:
        yield
    finally:
        try:
            flush_refreshes()
        finally:
            _PENDING.reset(token)


SEARCH_CONTEXT_TOPICS = 10


def _search_context(author: AuthorRecord, topic_counts: dict[int, int]) -> str:
    """The affiliation's names and the record's main topics (most works first), folded."""
    texts: list[str] = []
    if author.affiliation_id is not None:
        inst = Institution.objects.only("name", "alternative_names").get(pk=author.affiliation_id)
        texts += [inst.name] + [str(n) for n in inst.alternative_names or []]
    top = sorted(topic_counts, key=lambda t: -topic_counts[t])[:SEARCH_CONTEXT_TOPICS]
    names = dict(Topic.objects.filter(pk__in=top).values_list("pk", "name"))
    texts += [names[t] for t in top if t in names]
    return context_text(texts)


@transaction.atomic
def refresh_author_stats(*, author: AuthorRecord, actor=None, reason: str = "") -> AuthorRecord:
    """Recount everything the page shows about a record, rebuild its topic list and search
    text, then recompute its trust score. Locks the row so two refreshes cannot interleave."""
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    visible = Authorship.objects.filter(author=author, is_hidden=False)
    work_ids = list(visible.values_list("work_id", flat=True))

    topic_counts = (
        Work.topics.through.objects.filter(work_id__in=work_ids)
        .values("topic_id")
        .annotate(n=Count("work_id"))
    )
    local = {row["topic_id"]: row["n"] for row in topic_counts}
    # Topic counts an import brought (OpenAlex counts works we may not hold) survive the
    # recount; the page shows the larger of the two counts.
    imported = dict(
        AuthorTopic.objects.filter(author=author, imported_works_count__gt=0).values_list(
            "topic_id", "imported_works_count"
        )
    )
    AuthorTopic.objects.filter(author=author).delete()
    AuthorTopic.objects.bulk_create(
        [
            AuthorTopic(
                author=author,
                topic_id=topic_id,
                works_count=max(local.get(topic_id, 0), imported.get(topic_id, 0)),
                imported_works_count=imported.get(topic_id, 0),
            )
            for topic_id in {**local, **imported}
        ]
    )

    public_names = [author.display_name] + list(
        author.name_variants.filter(is_private=False).values_list("name", flat=True)
    )
    author.works_count = len(work_ids)
    author.topics_count = len({**local, **imported})
    author.collaborators_count = len(_collaborator_keys(author))
    author.followers_count = Follow.objects.filter(author=author).count()
    author.search_text = search_text(public_names)
    author.search_context = _search_context(author, {**imported, **local})
    author.save(
        update_fields=[
            "works_count",
            "topics_count",
            "collaborators_count",
            "followers_count",
            "search_text",
            "search_context",
            "updated_at",
        ]
    )
    return recompute_trust(author=author, actor=actor, reason=reason)


@transaction.atomic
def refresh_followers_count(*, author: AuthorRecord) -> AuthorRecord:
    """Set `followers_count` to the number of Follow rows, under the record's row lock so
    concurrent follows and unfollows leave it exact."""
    author = AuthorRecord.objects.select_for_update(no_key=True).get(pk=author.pk)
    author.followers_count = Follow.objects.filter(author=author).count()
    author.save(update_fields=["followers_count"])
    return author


def trust_signals(author: AuthorRecord) -> TrustSignals:
    """Gather the trust formula's inputs from the database."""
    works = Work.objects.filter(authorships__author=author, authorships__is_hidden=False)
    # Works the owner typed in count only once a known source confirms them (an import
    # names them, or a moderator sets their source): docs/claims.md, "Trust".
    typed_in = Q(source=RecordSource.OWNER)
    work_totals = works.aggregate(
        n=Count("id", filter=~typed_in, distinct=True),
        with_abstract=Count("id", filter=~typed_in & ~Q(abstract=""), distinct=True),
        typed_in=Count("id", filter=typed_in, distinct=True),
    )
    verified_followers = Follow.objects.filter(
        author=author, user__author_record__verification_level__gte=2
    ).count()
    verified_coauthors = (
        AuthorRecord.objects.filter(authorships__work__in=works, verification_level__gte=2)
        .exclude(pk=author.pk)
        .distinct()
        .count()
    )
    owner_days = None
    proofs = 0
    if author.owner is not None:
        owner_days = (timezone.now() - author.owner.date_joined).days
        proofs = identity_proof_count(author)
    return TrustSignals(
        verification_level=author.verification_level,
        works=work_totals["n"],
        works_with_abstracts=work_totals["with_abstract"],
        unconfirmed_works=work_totals["typed_in"],
        has_headline=bool(author.headline),
        has_affiliation=author.affiliation_id is not None,
        has_orcid=bool(author.orcid),
        verified_followers=verified_followers,
        verified_coauthors=verified_coauthors,
        owner_account_days=owner_days,
        upheld_reports=upheld_report_count(author),
        identity_proofs=proofs,
        moderator_adjustment=moderator_adjustment(author),
        level_by_moderator=level_set_by_moderator(author),
    )


def identity_proof_count(author: AuthorRecord) -> int:
    """Distinct kinds of identity proof that count (strong or supporting, never an address
    at an affiliation the owner chose) on the record's approved claim."""
    from profiles.evidence.proofs import counting_kinds
    from profiles.models import Claim

    kinds: set[str] = set()
    for proofs in Claim.objects.filter(author=author, status="approved").values_list(
        "identity_proof", flat=True
    ):
        kinds.update(counting_kinds(proofs or []))
    return len(kinds)


def upheld_report_count(author: AuthorRecord) -> int:
    """Upheld abuse reports about invitations or messages its current owner sent from this
    record (moderators uphold them in the admin through
    profiles.services.collaboration.decide_report). They belong to the person: when the
    ownership ends they stop counting against the record."""
    from profiles.choices import ReportStatus
    from profiles.models import Report

    if author.owner_id is None:
        return 0
    return Report.objects.filter(
        reported_record=author, reported_user_id=author.owner_id, status=ReportStatus.UPHELD
    ).count()


@transaction.atomic
def recompute_trust(*, author: AuthorRecord, actor=None, reason: str = "") -> AuthorRecord:
    """Recompute the trust score from current signals; when it changes, store it with its
    breakdown and write a history line in the same transaction."""
    result = compute_trust(trust_signals(author))
    breakdown = [term.as_dict() for term in result.terms]
    if result.score != author.trust_score or breakdown != author.trust_breakdown:
        old = author.trust_score
        author.trust_score = result.score
        author.trust_breakdown = breakdown
        author.save(update_fields=["trust_score", "trust_breakdown"])
        if old != result.score:
            ProfileEvent.objects.create(
                author=author,
                kind=ProfileEventKind.TRUST,
                actor=actor,
                old_value=str(old),
                new_value=str(result.score),
                reason=reason,
            )
    return author


@transaction.atomic
def recompute_trust_of(*, record_id: int, reason: str = "") -> int:
    """Recompute one record's trust under its row lock (the `recompute_trust` task); a record
    deleted meanwhile is skipped. Returns the score (-1 for a record that is gone)."""
    author = AuthorRecord.objects.select_for_update().filter(pk=record_id).first()
    if author is None:
        return -1
    return recompute_trust(author=author, reason=reason).trust_score


def neighbour_records(*, record_id: int, owner_id: int | None) -> Iterator[int]:
    """The records whose trust counts this record's level, streamed in id order: the records
    `owner_id` follows (verified followers) and the co-authors' records (verified
    co-authors). An author with 10,000 co-authors is read in chunks, never held at once."""
    works = Authorship.objects.filter(author_id=record_id).values("work_id")
    coauthors = (
        Authorship.objects.filter(work_id__in=works, author__isnull=False)
        .exclude(author_id=record_id)
        .values_list("author_id", flat=True)
        .distinct()
        .order_by("author_id")
    )
    seen: set[int] = set()
    yield from _unseen(coauthors.iterator(chunk_size=NEIGHBOUR_CHUNK), seen)
    if owner_id is not None:
        followed = Follow.objects.filter(user_id=owner_id).exclude(author_id=record_id)
        ids = followed.values_list("author_id", flat=True).order_by("author_id")
        yield from _unseen(ids.iterator(chunk_size=NEIGHBOUR_CHUNK), seen)


NEIGHBOUR_CHUNK = 500


def _unseen(ids: Iterable[int], seen: set[int]) -> Iterator[int]:
    for pk in ids:
        if pk not in seen:
            seen.add(pk)
            yield pk


def recompute_neighbour_trust(*, record_id: int, owner_id: int | None) -> int:
    """Recompute the trust of every neighbour of a record, each under its own row lock and
    in its own short transaction (the `recompute_neighbour_trust` task). Returns how many."""
    done = 0
    for pk in neighbour_records(record_id=record_id, owner_id=owner_id):
        recompute_trust_of(record_id=pk, reason="a co-author or follower changed")
        done += 1
    return done


def queue_neighbour_trust(*, author: AuthorRecord, owner_id: int | None) -> None:
    """After a record's level crosses L2 (approved, released), recompute its neighbours'
    trust on a worker once the change is committed: one task, which walks the neighbours
    itself, so the request does not wait on (or queue) one task per co-author."""
    from profiles.tasks import enqueue
    from profiles.tasks import recompute_neighbour_trust as task

    record_id = author.pk
    transaction.on_commit(lambda: enqueue(task, record_id, owner_id, run_here=False))
