"""`manage.py bench [--seconds N] [--warmup N] [--connections C] [--import-works N] [--json F]
[--markdown F]`

Measures the current database (build one with `make scale-db`): the importer's rate and peak
memory beside a bare parse + bulk load of the same file, then, against gunicorn with 2
workers loaded by wrk, the throughput and p50/p95/p99 of the profile page, the author and
works API, search and the directory, each as a share of a view that does nothing served by
the same gunicorn in the same run; the SQL queries of each; the workers' memory after the run.
Prints a Markdown table and writes JSON. No figure is asserted: the numbers are the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from profiles.management import bench_import, benchmark
from profiles.models import AuthorRecord, Authorship, Work


class Command(BaseCommand):
    help = "Benchmark pages, API, search and the importer on the current database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seconds", type=int, default=10, help="load per target (s)")
        parser.add_argument("--connections", type=int, default=8, help="wrk connections")
        parser.add_argument(
            "--warmup",
            type=int,
            default=1,
            help="unmeasured load before each target (s): each worker's caches filled first",
        )
        parser.add_argument(
            "--import-works",
            type=int,
            default=20000,
            help="works in the import sample (0: skip); enough that start-up is a small share",
        )
        parser.add_argument("--json", default="bench.json", help="where to write the figures")
        parser.add_argument("--markdown", default="", help="also write the table here")

    def handle(self, *args: Any, **options: Any) -> None:
        if not benchmark.wrk_available():
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        result: dict[str, Any] = {"database": self._database()}
        if options["import_works"]:
            self.stdout.write(f"Importing a sample of {options['import_works']:,} works ...")
            result["import"] = bench_import.measure_import(options["import_works"])
        result["targets"], result["worker_rss_mb"] = self._load(
            options["seconds"], options["connections"], options["warmup"]
        )
        Path(options["json"]).write_text(json.dumps(result, indent=2))
        table = markdown(result)
        self.stdout.write(table)
        if options["markdown"]:
            Path(options["markdown"]).write_text(table)

    def _database(self) -> dict[str, Any]:
        return {
            "vendor": connection.vendor,
            "authors": AuthorRecord.objects.count(),
            "works": Work.objects.count(),
            "authorships": Authorship.objects.count(),
        }

    def _load(
        self, seconds: int, connections: int, warmup: int
    ) -> tuple[list[dict[str, Any]], list[float]]:
        targets = benchmark.targets()
        for target in targets:
            target.figures["queries"] = benchmark.count_queries(target)
        with benchmark.gunicorn(workers=2) as (base, server):
            for target in targets:
                self.stdout.write(f"Loading {target.name} for {seconds} s ...")
                if warmup > 0:
                    benchmark.load(base, target, seconds=warmup, connections=connections)
                target.figures.update(
                    benchmark.load(base, target, seconds=seconds, connections=connections)
                )
            rss = benchmark.worker_rss_mb(server)
        baseline = targets[0].figures["rps"] or 1.0
        rows = []
        for target in targets:
            figures = dict(target.figures)
            figures["share_of_baseline"] = figures["rps"] / baseline
            rows.append({"name": target.name, **figures})
        return rows, rss


def markdown(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (what the README holds)."""
    db = result["database"]
    lines = [
        f"Database: {db['vendor']}, {db['authors']:,} authors, {db['works']:,} works, "
        f"{db['authorships']:,} authorships.",
        "",
        "| what | req/s | share of baseline | p50 ms | p95 ms | p99 ms | queries | non-2xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["targets"]:
        lines.append(
            f"| {row['name']} | {row['rps']:,.1f} | {100 * row['share_of_baseline']:.2f} % | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['queries']} | {row['non2xx']} |"
        )
    rss = ", ".join(f"{mb:.0f}" for mb in result["worker_rss_mb"]) or "n/a"
    lines += ["", f"Web workers' resident memory after the run: {rss} MB."]
    if "import" in result:
        imp = result["import"]
        lines += [
            "",
            f"Import ({imp.get('importer_path', 'record by record')} path) of "
            f"{imp['works']:,} works / {imp['authorships']:,} authorships: "
            f"{imp['importer_works_per_s']:,.1f} works/s and "
            f"{imp['importer_authorships_per_s']:,.1f} authorships/s, "
            f"{100 * imp['share_of_floor']:.2f} % of a bare parse + bulk load of the same file "
            f"({imp['floor_works_per_s']:,.0f} works/s); importer peak memory "
            f"{imp['importer_peak_mb']:.0f} MB.",
        ]
    return "\n".join(lines) + "\n"
