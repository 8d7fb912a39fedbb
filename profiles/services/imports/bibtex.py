"""Works of one author record from a BibTeX file (`manage.py import_bibtex FILE --author ...`).

A work is matched by DOI, then arXiv id, then exact title (and the same year when both have
one). A new work gets the entry's authors in printed order, the record linked to the slot
printed with one of its names; the other slots stay printed names (BibTeX carries no ids, and
authorships are never linked by name alone). A work we already hold keeps its author list; the
record is linked to its still-unlinked slot printed with one of its names."""

from __future__ import annotations

from django.db import transaction

from profiles.choices import RecordSource
from profiles.evidence.names import best_match
from profiles.importers import ImportRecordError
from profiles.importers.bibtex import BibtexWorkData
from profiles.models import AuthorRecord, Work
from profiles.selectors.records import find_work
from profiles.services.imports.common import CREATED, UNCHANGED, UPDATED
from profiles.services.records import refresh_later
from profiles.services.works import AuthorSlot, work_upsert


def _names(record: AuthorRecord) -> list[str]:
    return [record.display_name, *record.name_variants.values_list("name", flat=True)]


def own_position(record: AuthorRecord, printed: list[str]) -> int | None:
    """The 1-based place of the record among printed names: the strongest full match (exact,
    or initials that fit), the first one on a tie; None when no name is the record's."""
    names = _names(record)
    best: tuple[float, int] | None = None
    for position, name in enumerate(printed, start=1):
        match, _ = best_match(name, names)
        if match.matches and (best is None or match.strength > best[0]):
            best = (match.strength, position)
    return best[1] if best else None


def _link_existing(record: AuthorRecord, work: Work) -> str:
    if work.authorships.filter(author=record).exists():
        return UNCHANGED
    slots = list(work.authorships.filter(author=None).order_by("position"))
    position = own_position(record, [slot.raw_name for slot in slots])
    if position is None:
        raise ImportRecordError(
            f"the work we hold as {work.title[:60]!r} prints none of {record.display_name}'s "
            "names in a free author slot"
        )
    slot = slots[position - 1]
    slot.author = record
    slot.save(update_fields=["author"])
    refresh_later(author_ids=[record.pk])
    return UPDATED


@transaction.atomic
def import_bibtex_work(record: AuthorRecord, data: BibtexWorkData) -> tuple[Work, str]:
    """Add one BibTeX entry as a work of `record`, or link the record to the work we hold."""
    existing = find_work(doi=data.doi, arxiv_id=data.arxiv_id, title=data.title)
    if existing is not None:
        same_ids = (data.doi and existing.doi == data.doi) or (
            data.arxiv_id and existing.arxiv_id == data.arxiv_id
        )
        if not same_ids and data.year and existing.year and data.year != existing.year:
            raise ImportRecordError(
                f"a different work with this title (from {existing.year}) is already held"
            )
        return existing, _link_existing(record, existing)
    own = own_position(record, list(data.authors))
    if own is None:
        raise ImportRecordError(f"none of the authors is printed as {record.display_name}")
    slots = [
        AuthorSlot(raw_name=name, author=record if position == own else None)
        for position, name in enumerate(data.authors, start=1)
    ]
    work = work_upsert(
        title=data.title,
        authors=slots,
        work_type=data.work_type,
        year=data.year,
        venue=data.venue,
        abstract=data.abstract,
        doi=data.doi,
        arxiv_id=data.arxiv_id,
        url=data.url,
        source=RecordSource.MODERATOR,
    )
    return work, CREATED
