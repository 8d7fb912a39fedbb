"""`manage.py generate_openalex --authors N --works M [--seed S] --out FILE.jsonl.gz`

Writes a synthetic OpenAlex snapshot (JSON Lines, gzipped when the name ends in .gz) that
`manage.py import_openalex` reads: the same file for the same seed (profiles/importers/
synthetic.py says what it looks like). For building large databases and benchmarks.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from profiles.importers.synthetic import Generator, Scale


class Command(BaseCommand):
    help = "Write a synthetic OpenAlex snapshot (JSON Lines) of any size, deterministic by seed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--authors", type=int, required=True)
        parser.add_argument("--works", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", required=True, help="a .jsonl or .jsonl.gz path")

    def handle(self, *args: Any, authors: int, works: int, seed: int, out: str, **options: Any):
        if authors < 1 or works < 0:
            raise CommandError("--authors must be at least 1 and --works at least 0.")
        scale = Scale(authors=authors, works=works)
        path = Path(out)
        started = time.monotonic()
        # Written beside the target and renamed at the end: an interrupted run leaves no file
        # that looks complete (`make snapshot` keeps a finished one).
        partial = path.with_name(path.name + ".partial")
        with _open(partial, gzipped=path.suffix == ".gz") as handle:
            written = self._write(Generator(scale, seed=seed), handle, scale.total)
        partial.replace(path)
        self.stdout.write(
            f"Wrote {written:,} records ({scale.institution_count:,} institutions, "
            f"{scale.topic_count:,} topics, {authors:,} authors, {works:,} works) to {path} "
            f"in {time.monotonic() - started:.1f} s."
        )

    def _write(self, generator: Generator, handle: IO[str], total: int) -> int:
        step = max(1, total // 20)
        started = time.monotonic()
        written = 0
        for record in generator.records():
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            written += 1
            if written % step == 0 or written == total:
                rate = written / max(time.monotonic() - started, 1e-9)
                left = (total - written) / rate if rate else 0
                self.stderr.write(
                    f"\r{written:,}/{total:,} ({100 * written // total}%), "
                    f"{rate:,.0f} records/s, {left:,.0f} s left",
                    ending="",
                )
        self.stderr.write("")
        return written


def _open(path: Path, *, gzipped: bool) -> IO[str]:
    # Level 1: the default level 9 spends most of the run compressing; the content is the same.
    if gzipped:
        return gzip.open(path, "wt", compresslevel=1, encoding="utf-8")
    return path.open("w", encoding="utf-8")
