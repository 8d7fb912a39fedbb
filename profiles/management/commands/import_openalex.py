"""`manage.py import_openalex FILE...`: load OpenAlex authors, works, institutions and topics
(docs/importers.md). On PostgreSQL a JSON Lines file goes through the bulk path (COPY into
staging tables, set-based upserts; profiles/services/imports/bulk.py) unless `--no-bulk`."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.core.management.base import CommandError

from profiles.importers import bulk as bulk_rows
from profiles.importers.files import count_records
from profiles.management.commands._import_base import ImportCommand
from profiles.services.imports import ImportReport, import_openalex_object
from profiles.services.imports import bulk as bulk_service


class Command(ImportCommand):
    help = (
        "Import OpenAlex objects (authors, works, institutions, topics) from JSON, JSON array "
        "or JSON Lines snapshot files (.gz too); - reads standard input."
    )
    source_name = "OpenAlex"
    importer = staticmethod(import_openalex_object)
    use_bulk = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--bulk",
            action="store_true",
            default=None,
            help="use the PostgreSQL bulk path (default on PostgreSQL for JSON Lines files)",
        )
        parser.add_argument(
            "--no-bulk", dest="bulk", action="store_false", help="import record by record"
        )

    def handle(self, *args, bulk: bool | None = None, **options):
        if bulk and not bulk_service.available():
            raise CommandError("--bulk needs PostgreSQL")
        self.bulk_choice = bulk
        return super().handle(*args, **options)

    def count(self, path: str) -> int | None:
        expected = count_records(path)
        # JSON Lines (counted) on PostgreSQL: the bulk path, unless told otherwise.
        choice = getattr(self, "bulk_choice", None)
        self.use_bulk = bool(
            bulk_service.available()
            and (choice or (choice is None and expected is not None and path != "-"))
        )
        return expected

    def chunk_size(self) -> int:
        return bulk_rows.CHUNK_LINES if self.use_bulk else super().chunk_size()

    def run_records(self, items, importer, earlier, *, show, committed) -> ImportReport:
        if not self.use_bulk:
            return super().run_records(items, importer, earlier, show=show, committed=committed)
        service = bulk_service
        if earlier is not None and earlier.started:
            since = datetime.fromtimestamp(earlier.started - 1, tz=UTC)
        else:
            since = service.run_start()
        self.started = int(since.timestamp())
        self.stdout.write("  bulk path: COPY into staging tables, set-based upserts")

        def progress(report: ImportReport, done: int) -> None:
            show(report, True)  # a line for each chunk

        started: list[float] = []

        def refreshing(done: int, total: int) -> None:
            # The counters of every touched record, after the last chunk: minutes at scale.
            started.append(time.monotonic())
            elapsed = started[-1] - started[0]
            left = f", {(total - done) * elapsed / done:,.0f} s left" if done else ""
            self.stdout.write(f"  counters refreshed: {done:,}/{total:,} records{left}")

        return service.run_bulk(
            items,
            since=since,
            chunk_committed=committed,
            progress=progress,
            refreshing=refreshing,
        )
