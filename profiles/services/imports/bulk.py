"""The PostgreSQL bulk path of `import_openalex` (docs/importers.md, "Bulk path").

A chunk of records (`importers.bulk.CHUNK_LINES` lines) is parsed by the same parsers as the
record-by-record path, COPYed (psycopg 3) into temporary staging tables, and written by
set-based statements (bulk_sql.py, bulk_works_sql.py) in one transaction: institutions,
topics, author records with their variants, topic counts and pending slots, then works with
their topics and slots. The counters and search text of the records a run touched are
recomputed at the end (bulk_stats.py), from the run's start time, so a resumed run finishes
them too. Memory holds one chunk.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from profiles.importers import bulk as rows_of
from profiles.services.imports import bulk_sql, bulk_works_sql
from profiles.services.imports.bulk_stats import refresh_touched
from profiles.services.imports.common import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    email_domain_for,
)


def available() -> bool:
    """The bulk path needs PostgreSQL (COPY, temporary tables, ON CONFLICT)."""
    return connection.vendor == "postgresql"


def _session(cursor: Any) -> None:
    """Settings of this session only: no JIT (compiling costs more than these statements
    run), room to sort a chunk in memory, and commits that do not wait for the disk (an
    interrupted chunk is rolled back and imported again on --resume)."""
    cursor.execute("SET jit = off")
    cursor.execute("SET work_mem = '64MB'")
    cursor.execute("SET synchronous_commit TO off")


def _prepare(cursor: Any) -> None:
    """Staging tables, kept by the session and emptied for each chunk."""
    _session(cursor)
    cursor.execute("SELECT pg_get_serial_sequence('profiles_authorship', 'id')")
    sequence = cursor.fetchone()[0]
    for statement in bulk_sql.STAGING:
        statement = statement.replace("CREATE TEMP TABLE", "CREATE TEMP TABLE IF NOT EXISTS")
        cursor.execute(statement.replace("{authorship_seq}", sequence))
    cursor.execute(f"TRUNCATE {', '.join(bulk_sql.COPY_COLUMNS)}, s_slotr, s_gone")


def _copy(cursor: Any, table: str, rows: Iterable[tuple]) -> None:
    rows = list(rows)
    if not rows:
        return
    raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
    with raw.copy(f"COPY {table} ({bulk_sql.COPY_COLUMNS[table]}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _institution_rows(chunk: rows_of.ChunkRows) -> Iterable[tuple]:
    for row in chunk.institutions.values():
        yield (*row, email_domain_for(row[4]) if row[6] else "")


def _stage(cursor: Any, chunk: rows_of.ChunkRows) -> None:
    _copy(cursor, "s_inst", _institution_rows(chunk))
    _copy(cursor, "s_topic", chunk.topics.values())
    _copy(cursor, "s_author", chunk.authors.values())
    _copy(cursor, "s_variant", chunk.variants)
    _copy(cursor, "s_atopic", chunk.author_topics)
    _copy(cursor, "s_work", chunk.works.values())
    _copy(cursor, "s_wtopic", chunk.work_topics)
    _copy(cursor, "s_slot", chunk.slots)
    _copy(cursor, "s_slotinst", chunk.slot_institutions)


def _run(cursor: Any, statements: list[str]) -> None:
    for statement in statements:
        cursor.execute(statement)


def _analyze(cursor: Any, *tables: str) -> None:
    """Fresh statistics of staging tables, after their ids are resolved too: planned on
    stale ones (every id NULL), a join with a big table runs as a nested loop over it."""
    for table in tables:
        cursor.execute(f"ANALYZE {table}")


def _write(cursor: Any, chunk: rows_of.ChunkRows) -> None:
    _stage(cursor, chunk)
    _analyze(cursor, "s_inst", "s_topic", "s_author", "s_work", "s_slot")
    _run(cursor, bulk_sql.INSTITUTIONS)
    _run(cursor, bulk_sql.TOPICS)
    _analyze(cursor, "s_inst", "s_topic")
    if chunk.authors:
        _run(cursor, bulk_sql.AUTHORS_RESOLVE)
        _run(cursor, bulk_sql.AUTHORS_UPDATE)
        _run(cursor, bulk_sql.AUTHORS_SLUGS)
        _run(cursor, bulk_sql.AUTHORS_INSERT)
        _analyze(cursor, "s_author")
        _run(cursor, bulk_works_sql.AUTHORS_AFTER)
    if chunk.works:
        _run(cursor, bulk_works_sql.WORKS_RESOLVE)
        _analyze(cursor, "s_work")
        _run(cursor, bulk_works_sql.WORKS)
        _run(cursor, bulk_works_sql.SLOTS_RESOLVE)
        cursor.execute("SELECT EXISTS (SELECT 1 FROM s_work WHERE NOT created)")
        if cursor.fetchone()[0]:
            _run(cursor, bulk_works_sql.SLOTS_EXISTING)
        _run(cursor, bulk_works_sql.SLOTS_NEW)


_OUTCOME_TABLES = {
    "institution": "s_inst",
    "topic": "s_topic",
    "author": "s_author",
    "work": "s_work",
}


def _outcomes(cursor: Any, chunk: rows_of.ChunkRows) -> dict[str, int]:
    """created / updated / unchanged per record in file order; a record met again in the
    same chunk counts as unchanged the second time."""
    status: dict[tuple[str, str], str] = {}
    for kind, table in _OUTCOME_TABLES.items():
        cursor.execute(f"SELECT oid, created, changed FROM {table}")  # noqa: S608 - fixed names
        for oid, created, changed in cursor.fetchall():
            status[(kind, oid)] = CREATED if created else UPDATED if changed else UNCHANGED
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
    seen: set[tuple[str, str]] = set()
    for record in chunk.records:
        counts[UNCHANGED if record in seen else status[record]] += 1
        seen.add(record)
    return counts


def import_chunk(chunk: rows_of.ChunkRows) -> dict[str, int]:
    """Write one parsed chunk in one transaction; its outcome counts."""
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        if not chunk.records:
            return {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        _write(cursor, chunk)
        return _outcomes(cursor, chunk)


def run_start() -> datetime:
    """The database's clock at the start of a run: what it touches is stamped after it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def run_bulk(
    items: Iterable[tuple[str, Any]],
    *,
    since: datetime,
    chunk_committed: Callable[[ImportReport, int], None] = lambda report, done: None,
    progress: Callable[[ImportReport, int], None] = lambda report, done: None,
    refreshing: Callable[[int, int], None] = lambda done, total: None,
    chunk_lines: int | None = None,
) -> ImportReport:
    """Import the (location, object) pairs chunk by chunk, then refresh the counters of
    every record touched since `since` (the start of the run, or of the interrupted run a
    resumed one continues), telling `refreshing(done, total)` after each batch of them."""
    report = ImportReport()
    done = 0
    iterator = iter(items)
    size = chunk_lines or rows_of.CHUNK_LINES
    while True:
        # Each object is parsed as it is read and dropped: a chunk holds only its rows.
        chunk = rows_of.chunk_rows(itertools.islice(iterator, size))
        if not chunk.lines:
            break
        counts = import_chunk(chunk)
        report.created += counts[CREATED]
        report.updated += counts[UPDATED]
        report.unchanged += counts[UNCHANGED]
        report.errors.extend(chunk.errors)
        done += chunk.lines
        chunk_committed(report, done)
        progress(report, done)
    refresh_touched(since=since, progress=refreshing)
    return report
