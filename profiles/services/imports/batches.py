"""Batches of source records with per-record errors: records are written in chunks of
CHUNK_RECORDS per transaction (a commit per record is most of an import's time), each record
in its own savepoint, so a record that fails is rolled back alone and reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from profiles.importers import ImportRecordError, openalex, orcid
from profiles.services.imports.authors import import_openalex_author
from profiles.services.imports.common import ImportReport
from profiles.services.imports.institutions import (
    import_openalex_institution,
    import_openalex_topic,
)
from profiles.services.imports.orcid import import_orcid_record
from profiles.services.imports.works import import_openalex_work
from profiles.services.records import deferred_refreshes, flush_refreshes

# ---------------------------------------------------------------- batches

_OPENALEX_IMPORTERS: dict[str, Callable] = {
    "author": import_openalex_author,
    "work": import_openalex_work,
    "institution": import_openalex_institution,
    "topic": import_openalex_topic,
}

_FAILURES = (ImportRecordError, ValidationError, DatabaseError, ValueError, TypeError)


def _label(obj: Any) -> str:
    if isinstance(obj, dict):
        return openalex.short_id(obj.get("id")) or str(obj.get("id") or "")[:40]
    return ""


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or exc.__class__.__name__


def import_openalex_object(obj: Any) -> str:
    """Parse and write one OpenAlex object; returns the outcome, raises on failure."""
    kind = openalex.kind_of(obj)
    data = openalex.PARSERS[kind](obj)
    _, outcome = _OPENALEX_IMPORTERS[kind](data)
    return outcome


def import_orcid_object(obj: Any) -> str:
    """Parse and write one ORCID v3.0 record; returns the outcome, raises on failure."""
    _, outcome = import_orcid_record(orcid.parse_record(obj))
    return outcome


# Records per transaction; the counters of the records a chunk touched are refreshed after it.
CHUNK_RECORDS = 200


def run_batch(
    items: Iterable[tuple[str, Any]],
    importer: Callable[[Any], str],
    *,
    progress: Callable[[ImportReport], None] = lambda report: None,
    chunk_committed: Callable[[ImportReport, int], None] = lambda report, done: None,
    chunk_size: int | None = None,
) -> ImportReport:
    """Import each (location, object) pair in its own transaction. An object that fails is
    recorded with its location and the batch goes on. `object` may be an exception raised
    while reading it (bad JSON), which is recorded the same way.

    `chunk_committed(report, done)` is called after each chunk is committed (and its
    counters refreshed) with how many items have been read so far: a checkpoint written
    there never counts a record that a later interruption rolled back."""
    report = ImportReport()
    done = 0
    with deferred_refreshes():
        for chunk in _chunks(items, chunk_size or CHUNK_RECORDS):
            _import_chunk(report, importer, chunk, progress)
            flush_refreshes()
            done += len(chunk)
            chunk_committed(report, done)
    return report


def _chunks(items: Iterable[tuple[str, Any]], size: int) -> Iterator[list[tuple[str, Any]]]:
    chunk: list[tuple[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _import_chunk(
    report: ImportReport,
    importer: Callable[[Any], str],
    chunk: list[tuple[str, Any]],
    progress: Callable[[ImportReport], None],
) -> None:
    """One transaction for the chunk, a savepoint per record; should the commit itself fail,
    the chunk's counts are taken back and it is written again record by record."""
    before = (report.created, report.updated, report.unchanged, len(report.errors))
    try:
        with transaction.atomic():
            for location, obj in chunk:
                _import_one(report, importer, location, obj)
                progress(report)
    except DatabaseError:
        report.created, report.updated, report.unchanged = before[:3]
        del report.errors[before[3] :]
        for location, obj in chunk:
            _import_one(report, importer, location, obj)
            progress(report)


def _import_one(report: ImportReport, importer: Callable[[Any], str], location: str, obj: Any):
    if isinstance(obj, Exception):
        report.errors.append((location, _message(obj)))
        return
    try:
        with transaction.atomic():  # a savepoint: a failing record is rolled back alone
            outcome = importer(obj)
        report.add(outcome)
    except _FAILURES as exc:
        label = _label(obj)
        where = f"{location} ({label})" if label else location
        report.errors.append((where, _message(exc)))
