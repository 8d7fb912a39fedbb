"""Shared body of the import_openalex and import_orcid commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from profiles.importers.files import count_records, read_objects
from profiles.services.imports import ImportReport, run_batch


class ImportCommand(BaseCommand):
    """Import each file's records one by one, printing progress and a summary. Fails (exit
    status 1) only when nothing at all could be imported."""

    source_name = ""
    importer: Callable[[Any], str]

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="a file path, or - for stdin")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            help="print a progress line every N records (default 1000)",
        )

    def handle(self, *args, files, progress_every, **options):
        total = ImportReport()
        every = max(1, progress_every)
        for path in files:
            label = "<stdin>" if path == "-" else path
            try:
                expected = count_records(path)
            except OSError as exc:
                self.stderr.write(f"{label}: cannot read: {exc.strerror or exc}")
                total.errors.append((path, "cannot read"))
                continue
            self.stdout.write(f"{label}: importing {self.source_name} records")

            def progress(report: ImportReport, label=label, expected=expected) -> None:
                done = report.imported + len(report.errors)
                if done % every == 0:
                    of = f"/{expected}" if expected else ""
                    self.stdout.write(f"{label}: {done}{of} records, {len(report.errors)} errors")

            try:
                report = run_batch(read_objects(path), type(self).importer, progress=progress)
            except OSError as exc:
                self.stderr.write(f"{label}: cannot read: {exc.strerror or exc}")
                total.errors.append((path, "cannot read"))
                continue
            except UnicodeDecodeError:
                self.stderr.write(f"{label}: not UTF-8 text")
                total.errors.append((path, "not UTF-8 text"))
                continue
            for where, message in report.errors:
                self.stderr.write(f"{where}: {message}")
            self.stdout.write(self._summary(label, report))
            for key in ("created", "updated", "unchanged"):
                setattr(total, key, getattr(total, key) + getattr(report, key))
            total.errors.extend(report.errors)
        if len(files) > 1:
            self.stdout.write(self._summary("total", total))
        if total.imported == 0:
            raise CommandError(f"nothing imported ({len(total.errors)} errors)")

    @staticmethod
    def _summary(label: str, report: ImportReport) -> str:
        return (
            f"{label}: {report.imported} imported ({report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged), "
            f"{len(report.errors)} errors"
        )
