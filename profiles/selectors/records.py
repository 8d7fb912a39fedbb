"""Reads that cross relations, each with a fixed number of queries whatever the data size
(tests/records/test_query_counts.py pins them). Views and API views read through here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from profiles.errors import Gone
from profiles.evidence.names import fold, name_keys, name_search_tokens
from profiles.models import (
    AuthorRecord,
    Authorship,
    AuthorTopic,
    Follow,
    NameVariant,
    RecordRedirect,
    Work,
)
from profiles.selectors.search import MAX_QUERY_LENGTH, SearchFilters, apply_filters, search

__all__ = ["MAX_QUERY_LENGTH", "SearchFilters"]
GRAPH_NEIGHBOURS = 12
# A page and the author API name a record's strongest topics, never all of them (an author
# with 2,000 works carries thousands): one ranked, limited prefetch (index author_topic_rank).
TOPICS_SHOWN = 20
RECORD_HIDDEN = "record_hidden"
HIDDEN_NOTICE = _("The moderators have withdrawn this record from the site.")


# --- The one public lookup of a record (pages and the API) ------------------------------------


def check_visible(record: AuthorRecord) -> AuthorRecord:
    """Refuse a record the moderators hid (Gone, 410, `record_hidden`): its page, its
    sub-pages and its API resources answer with a short notice instead."""
    if record.hidden:
        raise Gone(HIDDEN_NOTICE, code=RECORD_HIDDEN)
    return record


def public_record(
    queryset: QuerySet[AuthorRecord] | type[AuthorRecord] = AuthorRecord, **lookup
) -> AuthorRecord:
    """The record a public URL names (`slug=` or `pk=`): 404 when there is none, 410 when it
    is hidden. Every page and API view that shows or acts on one record by its address
    reads it here."""
    return check_visible(get_object_or_404(queryset, **lookup))


def filter_by_name(qs: QuerySet[AuthorRecord], query: str) -> QuerySet[AuthorRecord]:
    """Records whose name or a public variant contains every word of `query`, ignoring case,
    accents, punctuation and spacing ("chon lam" finds "ChonLam", "lao" finds "Lao")."""
    folded = fold(query)[:MAX_QUERY_LENGTH]
    if not folded:
        return qs
    every_token = Q()
    for token in folded.split(" "):
        every_token &= Q(search_text__contains=token)
    return qs.filter(every_token | Q(search_text__contains=folded.replace(" ", "")))


def author_list(
    *, query: str = "", filters: SearchFilters | None = None, name: str = ""
) -> QuerySet[AuthorRecord]:
    """Records for the directory and the API list: filtered, then ranked by `query`
    (profiles/selectors/search.py) or, without one, by name. `name` is the older substring
    filter (`?name=`). One query per page, plus a capped count."""
    qs = AuthorRecord.objects.filter(hidden=False).select_related("affiliation")
    qs = qs.order_by("display_name", "id")
    qs = apply_filters(qs, filters or SearchFilters())
    if name:
        qs = filter_by_name(qs, name)
    return search(qs, query)


def filter_labels(filters: SearchFilters) -> dict:
    """The institution and topic a directory search is narrowed to, to name them (one
    query each, only when set; an unknown id reads as None)."""
    from profiles.models import Institution, Topic

    return {
        "institution_filter": (
            Institution.objects.filter(pk=filters.institution).first()
            if filters.institution
            else None
        ),
        "topic_filter": Topic.objects.filter(pk=filters.topic).first() if filters.topic else None,
    }


def author_detail_queryset() -> QuerySet[AuthorRecord]:
    """A record with everything its page header needs, in one query."""
    return AuthorRecord.objects.select_related("affiliation", "owner").prefetch_related(
        Prefetch(
            "name_variants",
            queryset=NameVariant.objects.filter(is_private=False),
            to_attr="public_variants",
        ),
        Prefetch(
            "author_topics",
            queryset=AuthorTopic.objects.select_related("topic").order_by(
                "-works_count", "topic__name"
            )[:TOPICS_SHOWN],
            to_attr="topic_rows",
        ),
    )


def merged_record(
    *, pk: int | None = None, slug: str = "", openalex_id: str = "", orcid: str = ""
) -> AuthorRecord | None:
    """The record a merged record's old id, slug, OpenAlex id or ORCID iD now belongs to
    (profiles/services/moderation/merges.py), or None. A merge moves the redirects of the
    record it removes onto the survivor, so chains resolve in this one query."""
    keys = {"old_id": pk, "old_slug": slug, "old_openalex_id": openalex_id, "old_orcid": orcid}
    given = {field: value for field, value in keys.items() if value}
    if len(given) != 1:
        raise ValueError("Give exactly one of pk, slug, openalex_id, orcid.")
    redirect = RecordRedirect.objects.select_related("target").filter(**given).first()
    return redirect.target if redirect is not None else None


def owner_works(*, author: AuthorRecord) -> QuerySet[Work]:
    """Every work of the record, hidden ones included, newest first; `hidden` says whether
    the owner hid it from the page (GET /api/v1/me/works/)."""
    hidden = Authorship.objects.filter(work=OuterRef("pk"), author=author, is_hidden=True)
    return (
        Work.objects.filter(pk__in=Authorship.objects.filter(author=author).values("work_id"))
        .annotate(hidden=Exists(hidden))
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
            ),
            "topics",
        )
        .order_by("-year", "title", "id")
    )


def author_works(*, author: AuthorRecord) -> QuerySet[Work]:
    """The record's visible works, newest first, each with its ordered author list. The
    works are picked by id through the record's authorship slots, so no DISTINCT over every
    column (abstracts included) is needed."""
    slots = Authorship.objects.filter(author=author, is_hidden=False).values("work_id")
    return (
        Work.objects.filter(pk__in=slots)
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
            ),
            "topics",
        )
        .order_by("-year", "title", "id")
    )


# A co-author's later change (a new name, hidden by a moderator) does not move this record's
# `updated_at`: what the page keeps of them (the co-author list, the rendered works list)
# is kept this long at most.
PROFILE_CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Neighbour:
    """A co-author as the research graph shows them."""

    name: str
    author: AuthorRecord | None
    shared_works: int


def close_collaborators(*, author: AuthorRecord, limit: int = GRAPH_NEIGHBOURS) -> list[Neighbour]:
    """Co-authors on the record's visible works, most shared works first: one grouped,
    limited query, so an author with 2,000 works and 10,000 co-authors costs what one with
    two does (profiles/selectors/graph.py); cached like the graph, per record and its last
    change, so a page view of an author with thousands of works does not group them again."""
    from django.core.cache import cache

    from profiles.selectors.graph import change_stamp, coauthor_weights, visible_work_ids

    key = f"coauthors:v1:{author.pk}:{limit}:{change_stamp(author)}"
    rows = cache.get(key)
    if rows is None:
        rows = coauthor_weights(visible_work_ids(author), author.pk, limit)
        cache.set(key, rows, PROFILE_CACHE_SECONDS)
    return [
        Neighbour(
            name=row["name"],
            author=(
                AuthorRecord(
                    id=row["author_id"], slug=row["author__slug"], display_name=row["name"]
                )
                if row["author_id"]
                else None
            ),
            shared_works=row["shared"],
        )
        for row in rows
    ]


def is_following(*, user, author: AuthorRecord) -> bool:
    """Whether a signed-in person follows the record (False for visitors)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, author=author).exists()


def find_work(*, openalex_id: str = "", doi: str = "", arxiv_id: str = "", title: str = ""):
    """The one lookup of a stored work by what identifies it: OpenAlex id, then DOI, then
    arXiv id, then (when a title is given) the exact title, but never a work whose own ids
    say it is a different work. Importers, owners' additions and work upserts all use it."""
    for field, value in (("openalex_id", openalex_id), ("doi", doi), ("arxiv_id", arxiv_id)):
        if value:
            work = Work.objects.filter(**{field: value}).first()
            if work is not None:
                return work
    if not title:
        return None
    candidates = Work.objects.filter(title=title)
    for field, value in (("openalex_id", openalex_id), ("doi", doi), ("arxiv_id", arxiv_id)):
        if value:
            candidates = candidates.filter(Q(**{f"{field}__isnull": True}) | Q(**{field: value}))
    return candidates.first()


def record_holding_name(name: str, *, exclude_pk: int) -> AuthorRecord | None:
    """Another record whose display name or a public variant is `name`, however it is
    spelled: order, spacing, case, accents and look-alike Cyrillic or Greek letters ignored
    (`name_keys`). Private variants of other records are never compared (a refusal would
    reveal them). Two queries."""
    keys = name_keys(name)
    words = name_search_tokens(name)
    if not keys or not words:
        return None
    public = Prefetch("name_variants", queryset=NameVariant.objects.filter(is_private=False))
    candidates = (
        AuthorRecord.objects.exclude(pk=exclude_pk)
        .filter(search_text__contains=max(words, key=len))
        .prefetch_related(public)
        .order_by("id")[:500]
    )
    for record in candidates:
        names = [record.display_name, *(v.name for v in record.name_variants.all())]
        if any(keys & name_keys(other) for other in names):
            return record
    return None


SAME_TITLE_SIMILARITY = 97  # a typo in a long title; shorter titles must be the same words
SAME_TITLE_MIN_CHARS = 40
_TITLE_STOPWORDS = {"a", "an", "the", "of", "for", "in", "on", "and", "to", "with", "by"}


def _title_key(title: str) -> str:
    """A title's words without case, accents, punctuation, spacing or small words: "Data-Plane
    Memory Scheduling for In-Network Aggregation." -> "dataplanememoryschedulinginnetwork..."."""
    return "".join(w for w in fold(title).split() if w not in _TITLE_STOPWORDS)


def _same_title(a: str, b: str) -> bool:
    key_a, key_b = _title_key(a), _title_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    digits_a = [w for w in fold(a).split() if w.isdigit()]
    digits_b = [w for w in fold(b).split() if w.isdigit()]  # "part 1" and "part 2" differ
    from rapidfuzz import fuzz

    return (
        digits_a == digits_b
        and min(len(key_a), len(key_b)) >= SAME_TITLE_MIN_CHARS
        and fuzz.ratio(key_a, key_b) >= SAME_TITLE_SIMILARITY
    )


def similar_work(*, title: str, year: int | None) -> Work | None:
    """A stored work of the same year whose title is near-identical to `title` (the same
    words, or a typo in a long title): the same paper typed again. None without a year. One
    query: candidates share the title's longest word."""
    words = sorted(fold(title).split(), key=len, reverse=True)
    if year is None or not words:
        return None
    candidates = Work.objects.filter(year=year, title__icontains=words[0]).order_by("id")
    for work in candidates.only("id", "title")[:500]:
        if _same_title(work.title, title):
            return work
    return None
