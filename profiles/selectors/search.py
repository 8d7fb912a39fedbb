"""Ranked search of author records, for the directory and the API's `?q=`.

A query is folded like names are (profiles/evidence/names.py: case, accents, punctuation),
then matched against each record's folded names (`search_text`) and its affiliation and
topics (`search_context`). Hits are ranked by how well the *name* matches (a score 0-100),
then by works, verification level and id, so the order is stable across pages.

- PostgreSQL: the trigram GIN indexes of migration 0002_search pick the candidates
  (`word_similarity(q, text) >= pg_trgm.word_similarity_threshold`, the `%>` operator), at
  most `CANDIDATE_CAP` per column, and only those are scored: pg_trgm's word similarity
  blended with its similarity, computed in SQL. When more records match than the cap (a
  name shared by thousands), the ranked ones are a subset and the page says to narrow.
  A name held exactly by a page of records or more (a common name, typed in either word
  order), or an initial and a family name held so ("C. Lao"), skips the trigram scan:
  those records are read through an index on the first folded name, or on it with its last
  word first (migration 0011_search_name_key), most works first.
- Other databases (SQLite in development and tests): candidates are the records with a
  word starting like one of the query's words (at most `CANDIDATE_CAP`, most works first),
  scored in Python with rapidfuzz and the names module's comparison.

Either way the result is a queryset in rank order; pages count it with a cap
(profiles/pagination.py) instead of an exact COUNT(*) over every candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from rapidfuzz import fuzz

from profiles.evidence.names import compare_names, fold
from profiles.models import AuthorRecord, Authorship, AuthorTopic

MAX_QUERY_LENGTH = 200
# As many candidates as a page counts (profiles/pagination.py): reaching it makes the count
# read "more than", so a capped candidate set is never shown as the whole answer.
CANDIDATE_CAP = 1000
PREFIX_LETTERS = 3
# A hit whose name scores below this is kept only when its affiliation or topics match;
# scores under the floors count as 0, so they never outrank works and level.
NAME_FLOOR = 60
CONTEXT_FLOOR = 60
HIT_TOPICS = 3
# Exact holders of the name from which the trigram candidates are not needed: a full page.
EXACT_ENOUGH = 20
MAX_NAME_WORDS = 6  # of a query, turned round to find the name's exact holders


@dataclass(frozen=True)
class SearchFilters:
    """The directory's and the API's filters; None means "any"."""

    institution: int | None = None
    topic: int | None = None
    level: int | None = None
    claimed: bool | None = None
    open_to_collaborate: bool | None = None


def apply_filters(qs: QuerySet[AuthorRecord], filters: SearchFilters) -> QuerySet[AuthorRecord]:
    if filters.institution is not None:
        qs = qs.filter(affiliation_id=filters.institution)
    if filters.topic is not None:
        qs = qs.filter(
            Exists(AuthorTopic.objects.filter(author=OuterRef("pk"), topic_id=filters.topic))
        )
    if filters.level is not None:
        qs = qs.filter(verification_level=filters.level)
    if filters.claimed is not None:
        qs = qs.filter(owner__isnull=not filters.claimed)
    if filters.open_to_collaborate is not None:
        qs = qs.filter(open_to_collaborate=filters.open_to_collaborate)
    return qs


def search(qs: QuerySet[AuthorRecord], query: str) -> QuerySet[AuthorRecord]:
    """`qs` narrowed to the records matching `query`, best name match first."""
    folded = fold(query)[:MAX_QUERY_LENGTH]
    if not folded:
        return qs
    if connection.vendor == "postgresql":
        return _search_postgres(qs, folded)
    return _search_fallback(qs, folded)


# --- PostgreSQL -------------------------------------------------------------------------


def display_name_key() -> Func:
    """The record's folded display name: the first of `search_text`'s names (indexed)."""
    return Func(
        F("search_text"), Value(" | "), Value(1), function="split_part", output_field=TextField()
    )


def _exact_holders(qs: QuerySet[AuthorRecord], folded: str) -> list[int]:
    # The name as typed, reversed, and turned round at each word ("o brien tomas" is
    # "tomas o brien" with the family name first).
    words = folded.split(" ")[:MAX_NAME_WORDS]
    turns = [" ".join(words[i:] + words[:i]) for i in range(len(words))]
    forms = list(dict.fromkeys([folded, " ".join(reversed(words)), *turns]))
    return list(
        qs.annotate(name_key=display_name_key())
        .filter(name_key__in=forms)
        .order_by("-works_count", "-verification_level", "id")
        .values_list("pk", flat=True)[:CANDIDATE_CAP]
    )


def family_first_key() -> Func:
    """The folded display name with its last word first ("chon lam lao" -> "lao chon lam"),
    indexed for prefix scans, so "C. Lao" reads the records of "lao c..." (migration 0011)."""
    return Func(
        display_name_key(),
        Value(r"^(.+) (\S+)$"),
        Value(r"\2 \1"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _initial_and_family(folded: str) -> str:
    """ "lao c" for "c lao" or "lao c" (an initial and a family name), "brien z" for
    "z o brien" (an initial, then a family name of several words); else ""."""
    words = folded.split(" ")
    if len(words) == 2 and sorted(len(w) == 1 for w in words) == [False, True]:
        initial, family = sorted(words, key=len)
        return f"{family} {initial}"
    if len(words) == 3 and len(words[0]) == 1 and len(words[2]) > 1:
        return f"{words[2]} {words[0]}"
    return ""


def _initial_holders(qs: QuerySet[AuthorRecord], prefix: str) -> list[int]:
    return list(
        qs.annotate(family_key=family_first_key())
        .filter(family_key__startswith=prefix)
        .order_by("-works_count", "-verification_level", "id")
        .values_list("pk", flat=True)[:CANDIDATE_CAP]
    )


def _search_postgres(qs: QuerySet[AuthorRecord], folded: str) -> QuerySet[AuthorRecord]:
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

    exact = _exact_holders(qs, folded)
    prefix = _initial_and_family(folded)
    if len(exact) < EXACT_ENOUGH and prefix:
        # An initial and a family name held by a page of records: those, most works first.
        exact = _initial_holders(qs, prefix)
    if len(exact) >= EXACT_ENOUGH:
        # Every one of them matches the name fully: ranked by works, level and id.
        return (
            qs.filter(pk__in=exact)
            .annotate(name_score=Value(100), context_score=Value(0))
            .order_by("-works_count", "-verification_level", "id")
        )

    # Candidates through each column's own trigram index (an OR of the two makes the
    # planner read the whole table), each capped without an order so the index scan stops
    # early; only they are scored, by primary key. The affiliation-and-topics index is read
    # only when the names give less than a page: its long texts share common trigrams with
    # most names, so at a million records its scan costs a second, and the candidates'
    # context is scored anyway.
    def candidates_by(column: str) -> set[int]:
        return set(
            qs.filter(TrigramWordSimilar(F(column), Value(folded)))
            .order_by()
            .values_list("pk", flat=True)[:CANDIDATE_CAP]
        )

    ids = candidates_by("search_text")
    if len(ids) < EXACT_ENOUGH:
        ids |= candidates_by("search_context")
    if not ids:
        return qs.none()
    candidates = qs.filter(pk__in=sorted(ids))
    word = TrigramWordSimilarity(folded, "search_text")
    whole = TrigramSimilarity("search_text", folded)
    blended = word * Value(80.0) + whole * Value(20.0)
    context = TrigramWordSimilarity(folded, "search_context") * Value(100.0)
    return (
        candidates.annotate(
            name_raw=Cast(blended, IntegerField()), context_raw=Cast(context, IntegerField())
        )
        .annotate(
            name_score=_floored("name_raw", NAME_FLOOR),
            context_score=_floored("context_raw", CONTEXT_FLOOR),
        )
        .order_by("-name_score", "-context_score", "-works_count", "-verification_level", "id")
    )


def _floored(field: str, floor: int) -> Case:
    return Case(When(**{f"{field}__gte": floor}, then=F(field)), default=Value(0))


# --- The fallback (SQLite) --------------------------------------------------------------


def name_score(folded_query: str, text: str) -> int:
    """How well a folded query matches one of the ` | `-separated folded names, 0-100:
    order-free token overlap (typos tolerated) blended with the whole-name similarity,
    and never below what the names module's comparison says ("C. Lao" is initials)."""
    best = 0.0
    for form in text.split(" | ") if text else []:
        overlap = fuzz.token_set_ratio(folded_query, form)
        whole = fuzz.token_sort_ratio(folded_query, form)
        best = max(best, 0.8 * overlap + 0.2 * whole)
        best = max(best, 100 * compare_names(folded_query, form).strength)
    return round(best)


def context_score_of(folded_query: str, context: str) -> int:
    """How well the query matches the affiliation and topics: the share of its words
    found (typos tolerated) in one of them, 0-100."""
    best = 0.0
    for part in context.split(" | ") if context else []:
        best = max(
            best, fuzz.token_set_ratio(folded_query, part), _all_words_in(folded_query, part)
        )
    return round(best)


def _all_words_in(folded_query: str, part: str) -> float:
    words = set(part.split(" "))
    query_words = folded_query.split(" ")
    return 100.0 * sum(w in words for w in query_words) / len(query_words)


def _floor(score: int, floor: int) -> int:
    return score if score >= floor else 0


def _prefix_matches(folded: str) -> Q:
    match = Q()
    for token in dict.fromkeys(folded.split(" ")):
        prefix = token[:PREFIX_LETTERS]
        for field in ("search_text", "search_context"):
            match |= Q(**{f"{field}__startswith": prefix}) | Q(
                **{f"{field}__contains": f" {prefix}"}
            )
    return match


def _search_fallback(qs: QuerySet[AuthorRecord], folded: str) -> QuerySet[AuthorRecord]:
    rows = (
        qs.filter(_prefix_matches(folded))
        .order_by("-works_count", "id")
        .values_list("id", "search_text", "search_context", "works_count", "verification_level")[
            :CANDIDATE_CAP
        ]
    )
    scored = []
    for pk, text, context, works, level in rows:
        score = _floor(name_score(folded, text), NAME_FLOOR)
        context_score = _floor(context_score_of(folded, context), CONTEXT_FLOOR)
        if score or context_score:
            scored.append((-score, -context_score, -works, -level, pk))
    scored.sort()
    ids = [row[-1] for row in scored]
    if not ids:
        return qs.none()
    rank = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField()
    )
    return qs.filter(pk__in=ids).annotate(search_rank=rank).order_by("search_rank")


# --- What each hit shows ----------------------------------------------------------------


def attach_hit_details(records: list[AuthorRecord]) -> list[AuthorRecord]:
    """Give each record of a page what tells homonyms apart: `hit_topics` (its top topics
    as (id, name) pairs) and `hit_recent_work` (its newest visible work's title, or "").
    Two queries, whatever the page size or the records' numbers of works and topics; the
    affiliation and the co-author count are already on the record."""
    ids = [r.pk for r in records]
    topics: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    recent: dict[int, str] = {}
    if ids:
        reader = _hit_details_postgres if connection.vendor == "postgresql" else _hit_details
        for author_id, topic_id, name in reader(ids, recent):
            topics[author_id].append((topic_id, name))
    for record in records:
        record.hit_topics = topics.get(record.pk, [])  # type: ignore[attr-defined]
        record.hit_recent_work = recent.get(record.pk, "")  # type: ignore[attr-defined]
    return records


# Each record's top topics and newest work read by index, a few rows each (LATERAL ...
# LIMIT), so a record with thousands of works and topics costs what one with two does.
_HIT_TOPICS_SQL = """SELECT r.id, t.topic_id, t.name FROM unnest(%s::bigint[]) AS r(id)
    CROSS JOIN LATERAL (SELECT at.topic_id, tp.name, at.works_count FROM profiles_authortopic at
        JOIN profiles_topic tp ON tp.id = at.topic_id WHERE at.author_id = r.id
        ORDER BY at.works_count DESC, tp.name LIMIT %s) t
    ORDER BY r.id, t.works_count DESC, t.name"""
# The newest by year of the record's latest `RECENT_FROM` works (by id, read backwards
# through the (author, work) index): bounded for a record with thousands of works.
RECENT_FROM = 50
_HIT_RECENT_SQL = """SELECT r.id, w.title FROM unnest(%s::bigint[]) AS r(id)
    CROSS JOIN LATERAL (SELECT w.title FROM (SELECT au.work_id FROM profiles_authorship au
            WHERE au.author_id = r.id AND NOT au.is_hidden
            ORDER BY au.work_id DESC LIMIT %s) latest
        JOIN profiles_work w ON w.id = latest.work_id
        ORDER BY w.year DESC NULLS LAST, w.id DESC LIMIT 1) w"""


def _hit_details_postgres(ids: list[int], recent: dict[int, str]) -> list[tuple[int, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(_HIT_TOPICS_SQL, [ids, HIT_TOPICS])
        rows = cursor.fetchall()
        cursor.execute(_HIT_RECENT_SQL, [ids, RECENT_FROM])
        recent.update(cursor.fetchall())
    return rows


def _hit_details(ids: list[int], recent: dict[int, str]) -> list[tuple[int, int, str]]:
    top = (
        AuthorTopic.objects.filter(author_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("works_count").desc(), F("topic__name").asc()],
            )
        )
        .filter(rank__lte=HIT_TOPICS)
        .order_by("author_id", "rank")
        .values_list("author_id", "topic_id", "topic__name")
    )
    newest = (
        Authorship.objects.filter(author_id__in=ids, is_hidden=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("work__year").desc(nulls_last=True), F("work_id").desc()],
            )
        )
        .filter(rank=1)
        .values_list("author_id", "work__title")
    )
    recent.update(newest)
    return list(top)
