"""Works and authorships: adding a work with its printed author list and linking slots to
records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from profiles.choices import RecordSource, WorkType
from profiles.identifiers import normalize_arxiv, normalize_doi
from profiles.models import AuthorRecord, Authorship, Institution, Topic, Work
from profiles.selectors.records import find_work
from profiles.services.records import refresh_later


@dataclass(frozen=True)
class AuthorSlot:
    """One printed author name, optionally linked to a known record. Importers also pass who
    the source says it is (`author_openalex_id`, `author_orcid`) and the slot's institutions."""

    raw_name: str
    author: AuthorRecord | None = None
    is_corresponding: bool = False
    institutions: tuple[Institution, ...] = ()
    author_openalex_id: str = ""
    author_orcid: str = ""


def _kept_rows(existing: dict[int, Authorship], authors: Sequence[AuthorSlot]):
    """Rows that stay: the same name at the same place, linked to the same record (if any)."""
    keep: dict[int, Authorship] = {}
    for position, slot in enumerate(authors, start=1):
        row = existing.get(position)
        if (
            row is not None
            and row.raw_name == slot.raw_name.strip()
            and (slot.author is None or slot.author.pk == row.author_id)
        ):
            keep[position] = row
    return keep


def _update_kept(row: Authorship, slot: AuthorSlot) -> bool:
    """Bring a kept row's flags, source ids and institutions up to date; whether it changed."""
    changed = False
    updates = {
        "is_corresponding": slot.is_corresponding,
        "author_openalex_id": slot.author_openalex_id or row.author_openalex_id,
        "author_orcid": slot.author_orcid or row.author_orcid,
    }
    diff = [k for k, v in updates.items() if getattr(row, k) != v]
    if diff:
        for key in diff:
            setattr(row, key, updates[key])
        row.save(update_fields=diff)
        changed = True
    if slot.institutions:
        wanted = {inst.pk for inst in slot.institutions}
        if wanted != {inst.pk for inst in row.institutions.all()}:
            row.institutions.set(wanted)
            changed = True
    return changed


def _insert_rows(work: Work, new_rows: list[tuple[Authorship, AuthorSlot]]) -> None:
    """Insert new slots in one statement, then their institutions in another. The rows are
    looked up again for their ids (bulk_create does not return them on every database), so a
    long author list costs a few queries."""
    Authorship.objects.bulk_create([row for row, _ in new_rows])
    ids = dict(
        Authorship.objects.filter(
            work=work, position__in=[row.position for row, _ in new_rows]
        ).values_list("position", "pk")
    )
    Through = Authorship.institutions.through
    Through.objects.bulk_create(
        [
            Through(authorship_id=ids[row.position], institution_id=inst.pk)
            for row, slot in new_rows
            for inst in dict.fromkeys(slot.institutions)
        ]
    )


def _sync_authorships(work: Work, authors: Sequence[AuthorSlot]) -> tuple[bool, set[int]]:
    """Make the work's slots match `authors` in order, keeping a slot's row (and so its
    `is_hidden` choice and a link made by hand) when the same name stays at the same place.
    Returns whether anything changed and the ids of records whose slots changed."""
    existing = {slot.position: slot for slot in work.authorships.prefetch_related("institutions")}
    keep = _kept_rows(existing, authors)
    hidden_by_author = {
        row.author_id for row in existing.values() if row.is_hidden and row.author_id
    }
    stale = [row for pos, row in existing.items() if pos not in keep]
    changed = bool(stale)
    touched: set[int] = {row.author_id for row in stale if row.author_id}
    if stale:
        Authorship.objects.filter(pk__in=[row.pk for row in stale]).delete()
    linked = {row.author_id for row in keep.values() if row.author_id}
    new_rows: list[tuple[Authorship, AuthorSlot]] = []
    for position, slot in enumerate(authors, start=1):
        row = keep.get(position)
        if row is not None:
            changed = _update_kept(row, slot) or changed
            continue
        author = slot.author if slot.author and slot.author.pk not in linked else None
        if author:
            linked.add(author.pk)
            touched.add(author.pk)
        new_row = Authorship(
            work=work,
            position=position,
            raw_name=slot.raw_name.strip(),
            author=author,
            is_corresponding=slot.is_corresponding,
            is_hidden=bool(author and author.pk in hidden_by_author),
            author_openalex_id=slot.author_openalex_id,
            author_orcid=slot.author_orcid,
        )
        new_rows.append((new_row, slot))
    if new_rows:
        changed = True
        _insert_rows(work, new_rows)
    return changed, touched


@transaction.atomic
def work_upsert(
    *,
    title: str,
    authors: Sequence[AuthorSlot],
    work_type: str = WorkType.ARTICLE,
    year: int | None = None,
    venue: str = "",
    abstract: str = "",
    doi: str = "",
    arxiv_id: str = "",
    alternative_titles: Sequence[str] = (),
    author_list_complete: bool = True,
    topics: Sequence[Topic] = (),
    source: str = RecordSource.SEED,
    openalex_id: str = "",
    url: str = "",
) -> Work:
    """Create a work, or update the one with the same OpenAlex id, DOI, arXiv id or exact
    title, and set its ordered author list. Saves and recounts only when something changed,
    so running the same upsert twice changes nothing; the records whose slots or topics
    changed get their counters refreshed afterwards."""
    doi_norm = normalize_doi(doi) or None
    arxiv_norm = normalize_arxiv(f"arXiv:{arxiv_id}") if arxiv_id else None
    work = find_work(
        openalex_id=openalex_id, doi=doi_norm or "", arxiv_id=arxiv_norm or "", title=title.strip()
    )
    work = work or Work()
    is_new = work.pk is None

    fields = {
        "title": title.strip(),
        "work_type": work_type,
        "year": year,
        "venue": venue.strip(),
        "abstract": abstract.strip(),
        "doi": doi_norm,
        "arxiv_id": arxiv_norm or None,
        "alternative_titles": [t.strip() for t in alternative_titles if t.strip()],
        "author_list_complete": author_list_complete,
        "source": source,
    }
    # Identifiers a caller does not know are kept, not erased.
    if openalex_id or is_new:
        fields["openalex_id"] = openalex_id or None
    if url or is_new:
        fields["url"] = url
    _save_changes(work, fields, is_new=is_new)

    topics_changed = _set_topics(work, topics, is_new=is_new)
    slots_changed, touched = _sync_authorships(work, authors)
    if topics_changed or slots_changed:
        touched |= set(work.authorships.exclude(author=None).values_list("author_id", flat=True))
    refresh_later(author_ids=touched)
    return work


def _save_changes(work: Work, fields: dict, *, is_new: bool) -> None:
    diff = [key for key, value in fields.items() if getattr(work, key) != value]
    for key in diff:
        setattr(work, key, fields[key])
    if is_new or diff:
        work.full_clean(validate_unique=False)
        work.save()


def _set_topics(work: Work, topics: Sequence[Topic], *, is_new: bool) -> bool:
    wanted = {topic.pk for topic in topics}
    changed = is_new or wanted != set(work.topics.values_list("pk", flat=True))
    if changed:
        work.topics.set(wanted)
    return changed
