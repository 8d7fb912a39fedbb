"""The rows of one chunk of OpenAlex records for the PostgreSQL bulk path
(profiles/services/imports/bulk.py), without the database.

Each record goes through the same parsers as the record-by-record importer (`openalex.kind_of`
and `openalex.PARSERS`), so a record is rejected for the same reason in both paths. What a
chunk holds is flattened into plain tuples, one list per staging table, ready for COPY.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from profiles.evidence.names import fold
from profiles.importers import ImportRecordError, openalex

Row = tuple[Any, ...]  # one row of a staging table, in COPY column order

# Lines per chunk (one transaction, one checkpoint each).
CHUNK_LINES = 10_000


@dataclass
class ChunkRows:
    """One chunk: the rows of each staging table, the records' kinds in file order, and the
    rejected records with their reasons."""

    institutions: dict[str, Row] = field(default_factory=dict)
    topics: dict[str, Row] = field(default_factory=dict)
    authors: dict[str, Row] = field(default_factory=dict)
    variants: list[Row] = field(default_factory=list)
    author_topics: list[Row] = field(default_factory=list)
    works: dict[str, Row] = field(default_factory=dict)
    work_topics: list[Row] = field(default_factory=list)
    slots: list[Row] = field(default_factory=list)
    slot_institutions: list[Row] = field(default_factory=list)
    # (kind, openalex id) of each imported record, in file order; duplicates included.
    records: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    lines: int = 0


def slug_base(name: str) -> str:
    """The readable part of a new record's slug, as `records.unique_slug` makes it."""
    return slugify(fold(name))[:100] or "researcher"


def _add_institution(rows: ChunkRows, data: openalex.InstitutionData, *, full: bool) -> None:
    """Met again in the chunk: the later name wins; a ROR id or country is never erased by
    one that lacks it, and a full object's homepage and alternatives stay."""
    earlier = rows.institutions.get(data.openalex_id)
    homepage, alternatives = data.homepage_url, json.dumps(list(data.alternative_names))
    ror, country = data.ror, data.country_code
    if earlier is not None:
        ror, country = ror or earlier[2], country or earlier[3]
        if earlier[6] and not full:
            homepage, alternatives, full = earlier[4], earlier[5], True
    rows.institutions[data.openalex_id] = (
        data.openalex_id,
        data.name,
        ror,
        country,
        homepage,
        alternatives,
        full,
    )


def _add_topic(rows: ChunkRows, data: openalex.TopicData) -> None:
    rows.topics[data.openalex_id] = (
        data.openalex_id,
        data.name,
        data.subfield,
        data.field,
        data.domain,
    )


def _add_author(rows: ChunkRows, data: openalex.AuthorData) -> None:
    affiliation = ""
    if data.last_known_institutions:
        affiliation = data.last_known_institutions[0].openalex_id
        _add_institution(rows, data.last_known_institutions[0], full=False)
    for item in data.affiliations:
        _add_institution(rows, item.institution, full=False)
    oid = data.openalex_id
    rows.authors[oid] = (
        oid,
        data.display_name,
        data.orcid,
        affiliation,
        json.dumps(data.external_ids),
        slug_base(data.display_name),
        len(rows.records),
    )
    for name in dict.fromkeys(n[:200] for n in data.alternative_names):
        if name and name != data.display_name:
            rows.variants.append((oid, name))
    for topic in data.topics:
        _add_topic(rows, topic)
        rows.author_topics.append((oid, topic.openalex_id, max(topic.count, 1)))


def _add_work(rows: ChunkRows, data: openalex.WorkData) -> None:
    oid = data.openalex_id
    rows.works[oid] = (
        oid,
        data.title.strip(),
        data.work_type,
        data.year,
        data.venue.strip(),
        data.abstract.strip(),
        data.doi,
        data.url,
    )
    for topic in data.topics:
        _add_topic(rows, topic)
        rows.work_topics.append((oid, topic.openalex_id))
    for slot in data.authorships:
        rows.slots.append(
            (
                oid,
                slot.position,
                slot.raw_name.strip(),
                slot.author_openalex_id,
                slot.author_orcid,
                slot.is_corresponding,
                bool(slot.institutions),
            )
        )
        for inst in slot.institutions:
            _add_institution(rows, inst, full=False)
            rows.slot_institutions.append((oid, slot.position, inst.openalex_id))


def _add(rows: ChunkRows, parsed: openalex.Parsed) -> None:
    if isinstance(parsed, openalex.WorkData):
        _add_work(rows, parsed)
        kind = "work"
    elif isinstance(parsed, openalex.AuthorData):
        _add_author(rows, parsed)
        kind = "author"
    elif isinstance(parsed, openalex.InstitutionData):
        _add_institution(rows, parsed, full=True)
        kind = "institution"
    else:
        _add_topic(rows, parsed)
        kind = "topic"
    rows.records.append((kind, parsed.openalex_id))


def _replace_duplicate(rows: ChunkRows, parsed: openalex.Parsed) -> None:
    """A record met twice in one chunk: the later one is what gets written."""
    oid = parsed.openalex_id
    if isinstance(parsed, openalex.AuthorData) and oid in rows.authors:
        rows.variants = [v for v in rows.variants if v[0] != oid]
        rows.author_topics = [t for t in rows.author_topics if t[0] != oid]
    if isinstance(parsed, openalex.WorkData) and oid in rows.works:
        rows.work_topics = [t for t in rows.work_topics if t[0] != oid]
        rows.slots = [s for s in rows.slots if s[0] != oid]
        rows.slot_institutions = [s for s in rows.slot_institutions if s[0] != oid]


def chunk_rows(items: Iterable[tuple[str, Any]]) -> ChunkRows:
    """Parse the chunk's (location, object) pairs as `files.read_objects` yields them."""
    rows = ChunkRows()
    for location, obj in items:
        rows.lines += 1
        if isinstance(obj, Exception):
            rows.errors.append((location, str(obj)))
            continue
        try:
            parsed = openalex.PARSERS[openalex.kind_of(obj)](obj)
        except (ImportRecordError, ValueError, TypeError) as exc:
            label = openalex.short_id(obj.get("id")) if isinstance(obj, dict) else ""
            where = f"{location} ({label})" if label else location
            rows.errors.append((where, str(exc) or exc.__class__.__name__))
            continue
        _replace_duplicate(rows, parsed)
        _add(rows, parsed)
    return rows


def chunks(items: Iterable[tuple[str, Any]], size: int) -> Iterator[list[tuple[str, Any]]]:
    """The pairs in lists of `size`: never more than one chunk in memory."""
    chunk: list[tuple[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
