"""Works and authorships: adding a work with its printed author list and linking slots to
records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from profiles.choices import RecordSource, WorkType
from profiles.identifiers import normalize_arxiv, normalize_doi
from profiles.models import AuthorRecord, Authorship, Topic, Work
from profiles.services.records import refresh_author_stats


@dataclass(frozen=True)
class AuthorSlot:
    """One printed author name, optionally linked to a known record."""

    raw_name: str
    author: AuthorRecord | None = None


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
) -> Work:
    """Create a work, or update the one with the same DOI, arXiv id or exact title, and set
    its ordered author list. Every linked record's counters are refreshed afterwards."""
    doi_norm = normalize_doi(doi) or None
    arxiv_norm = normalize_arxiv(f"arXiv:{arxiv_id}") if arxiv_id else None
    work = None
    if doi_norm:
        work = Work.objects.filter(doi=doi_norm).first()
    if work is None and arxiv_norm:
        work = Work.objects.filter(arxiv_id=arxiv_norm).first()
    if work is None:
        work = Work.objects.filter(title=title.strip()).first()
    work = work or Work()
    previous_authors = (
        set(work.authorships.exclude(author=None).values_list("author_id", flat=True))
        if work.pk
        else set()
    )

    work.title = title.strip()
    work.work_type = work_type
    work.year = year
    work.venue = venue.strip()
    work.abstract = abstract.strip()
    work.doi = doi_norm
    work.arxiv_id = arxiv_norm or None
    work.alternative_titles = [t.strip() for t in alternative_titles if t.strip()]
    work.author_list_complete = author_list_complete
    work.source = source
    work.full_clean(validate_unique=False)
    work.save()
    work.topics.set(topics)

    work.authorships.all().delete()
    Authorship.objects.bulk_create(
        [
            Authorship(work=work, position=i, raw_name=slot.raw_name.strip(), author=slot.author)
            for i, slot in enumerate(authors, start=1)
        ]
    )
    touched = previous_authors | {slot.author.pk for slot in authors if slot.author}
    for author in AuthorRecord.objects.filter(pk__in=touched):
        refresh_author_stats(author=author)
    return work
