"""Batches of source records, each in its own transaction, with per-record errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError

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


# Counters of the records a batch touched are refreshed together every this many records.
REFRESH_EVERY = 500


def run_batch(
    items: Iterable[tuple[str, Any]],
    importer: Callable[[Any], str],
    *,
    progress: Callable[[ImportReport], None] = lambda report: None,
) -> ImportReport:
    """Import each (location, object) pair in its own transaction. An object that fails is
    recorded with its location and the batch goes on. `object` may be an exception raised
    while reading it (bad JSON), which is recorded the same way."""
    report = ImportReport()
    with deferred_refreshes():
        for done, (location, obj) in enumerate(items, start=1):
            _import_one(report, importer, location, obj)
            if done % REFRESH_EVERY == 0:
                flush_refreshes()
            progress(report)
    return report


def _import_one(report: ImportReport, importer: Callable[[Any], str], location: str, obj: Any):
    if isinstance(obj, Exception):
        report.errors.append((location, _message(obj)))
        return
    try:
        report.add(importer(obj))
    except _FAILURES as exc:
        label = _label(obj)
        where = f"{location} ({label})" if label else location
        report.errors.append((where, _message(exc)))
