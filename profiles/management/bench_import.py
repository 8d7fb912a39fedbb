"""Import measurements of `manage.py bench`: the importer's rate and peak memory on a
synthetic snapshot, beside the floor of the same run: a bare parse of the same file and a
bulk load of its works and authorships into temporary tables (COPY on PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection

from profiles.importers import openalex
from profiles.importers.synthetic import Generator, Scale

# Synthetic ids for the imported sample start here, far from any generated database's.
ID_OFFSET = 50_000_000


def write_sample(works: int, seed: int) -> Path:
    """A gzipped snapshot of `works` works (and a third as many authors) with fresh ids."""
    scale = Scale(authors=max(2, works // 3), works=works)
    handle, name = tempfile.mkstemp(suffix=".jsonl.gz")
    os.close(handle)
    path = Path(name)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in Generator(scale, seed=seed, id_offset=ID_OFFSET + seed * 1000).records():
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    return path


def _rows(path: Path) -> Iterator[tuple[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            parsed = openalex.parse(json.loads(line))
            if isinstance(parsed, openalex.WorkData):
                yield "work", (parsed.openalex_id, parsed.title, parsed.year, parsed.doi)
                for slot in parsed.authorships:
                    yield "slot", (parsed.openalex_id, slot.position, slot.raw_name)


def bare_load(path: Path) -> dict[str, float]:
    """Parse the file and bulk-load works and authorships into temporary tables: the floor
    the importer is compared with."""
    started = time.monotonic()
    works = slots = 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_w (oid text, title text, year int, doi text)")
        cursor.execute("CREATE TEMP TABLE bench_s (oid text, position int, raw_name text)")
        if connection.vendor == "postgresql":
            works, slots = _copy(cursor, path)
        else:
            works, slots = _insert(cursor, path)
        cursor.execute("DROP TABLE bench_w")
        cursor.execute("DROP TABLE bench_s")
    elapsed = time.monotonic() - started
    return {"works": works, "authorships": slots, "seconds": elapsed}


def _copy(cursor: Any, path: Path) -> tuple[int, int]:
    """One pass over the file, works and authorships streamed by two COPYs at once. One
    connection runs one COPY at a time, so the authorships go through a second one."""
    import psycopg

    works = slots = 0
    raw = cursor.cursor  # psycopg 3
    with psycopg.connect(**connection.get_connection_params()) as second:
        second.execute("CREATE TEMP TABLE bench_s (oid text, position int, raw_name text)")
        with (
            raw.copy("COPY bench_w FROM STDIN") as w_copy,
            second.cursor().copy("COPY bench_s FROM STDIN") as s_copy,
        ):
            for kind, row in _rows(path):
                if kind == "work":
                    w_copy.write_row(row)
                    works += 1
                else:
                    s_copy.write_row(row)
                    slots += 1
    return works, slots


def _insert(cursor: Any, path: Path) -> tuple[int, int]:
    batch: dict[str, list[Any]] = {"work": [], "slot": []}
    for kind, row in _rows(path):
        batch[kind].append(row)
    cursor.executemany("INSERT INTO bench_w VALUES (%s, %s, %s, %s)", batch["work"])
    cursor.executemany("INSERT INTO bench_s VALUES (%s, %s, %s)", batch["slot"])
    return len(batch["work"]), len(batch["slot"])


def importer_path() -> str:
    """The import path measured: the bulk path (COPY, set-based upserts) on PostgreSQL."""
    return "bulk" if connection.vendor == "postgresql" else "record by record"


def run_importer(path: Path) -> dict[str, float]:
    """`manage.py import_openalex` on the file in a child process: wall time and peak memory."""
    started = time.monotonic()
    command = [sys.executable, "manage.py", "import_openalex", str(path)]
    command.append("--bulk" if importer_path() == "bulk" else "--no-bulk")
    subprocess.run(  # noqa: S603 - our own arguments
        [*command, "--progress-every", "100000"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": elapsed, "peak_mb": peak_kb / 1024}


def measure_import(works: int, seed: int = 7) -> dict[str, Any]:
    path = write_sample(works, seed)
    try:
        floor = bare_load(path)
        importer = run_importer(path)
    finally:
        path.unlink()
    floor_rate = floor["works"] / floor["seconds"] if floor["seconds"] else 0.0
    rate = floor["works"] / importer["seconds"] if importer["seconds"] else 0.0
    return {
        "importer_path": importer_path(),
        "works": floor["works"],
        "authorships": floor["authorships"],
        "importer_works_per_s": rate,
        "importer_authorships_per_s": floor["authorships"] / importer["seconds"],
        "floor_works_per_s": floor_rate,
        "share_of_floor": rate / floor_rate if floor_rate else 0.0,
        "importer_peak_mb": importer["peak_mb"],
    }
