"""Shared body of the import commands (import_openalex, import_orcid, import_bibtex): progress
with rate and time left, a summary with the rejection reasons, a rejects file and a checkpoint
to resume an interrupted run (docs/importers.md)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from profiles.importers import runs
from profiles.importers.files import count_records, read_objects
from profiles.services.imports import ImportReport, batches, run_batch

INTERRUPTED = 130  # the exit status of a run stopped by Ctrl-C


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
        parser.add_argument(
            "--rejects",
            metavar="FILE",
            help="write the rejected records here, one JSON object a line "
            "(default: <input>.rejects.jsonl next to each input)",
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="skip the records an interrupted run committed (from <input>.checkpoint)",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="run each file as a task on a Celery worker (make worker), which must see "
            "the same path; the worker resumes from the checkpoint when run again",
        )

    # What a subclass may change: how a file is read and counted, and what imports a record.
    def records(self, path: str) -> Iterator[tuple[str, Any]]:
        return read_objects(path)

    def count(self, path: str) -> int | None:
        return count_records(path)

    def record_importer(self, options: dict[str, Any]) -> Callable[[Any], str]:
        return type(self).importer

    # The record-by-record path; import_openalex has a bulk path for PostgreSQL besides.
    started = 0

    def chunk_size(self) -> int:
        return batches.CHUNK_RECORDS

    def run_records(self, items, importer, earlier, *, show, committed) -> ImportReport:
        return run_batch(items, importer, progress=show, chunk_committed=committed)

    def handle(self, *args, files, progress_every, rejects, resume, queue=False, **options):
        if queue:
            return self._queue(files, options)
        importer = self.record_importer(options)
        total = ImportReport()
        for number, path in enumerate(files):
            target = rejects or (None if path == "-" else f"{path}.rejects.jsonl")
            report = self._import_file(
                path,
                importer,
                every=max(1, progress_every),
                rejects=runs.RejectsFile(target, append=bool(rejects) and number > 0),
                resume=resume and path != "-",
            )
            for key in ("created", "updated", "unchanged"):
                setattr(total, key, getattr(total, key) + getattr(report, key))
            total.errors.extend(report.errors)
        if len(files) > 1:
            self._summary("total", total)
        if total.imported == 0:
            raise CommandError(f"nothing imported ({len(total.errors)} rejected)")

    def _import_file(self, path, importer, *, every, rejects, resume) -> ImportReport:
        label = "<stdin>" if path == "-" else path
        try:
            expected = self.count(path)
        except OSError as exc:
            return self._unreadable(label, f"cannot read: {exc.strerror or exc}")
        earlier = self._checkpoint(path, label) if resume else None
        skip = earlier.done if earlier else 0
        rejects.append = rejects.append or skip > 0
        progress = runs.ProgressLine(label, expected, skipped=skip)
        prior = earlier.rejected if earlier else 0
        self.stdout.write(f"{label}: importing {self.source_name} records")

        def show(report: ImportReport, chunk_done: bool = False) -> None:
            done = skip + report.imported + len(report.errors)
            if chunk_done or done % every == 0:
                self.stdout.write(progress.line(done, prior + len(report.errors)))

        def committed(report: ImportReport, done: int) -> None:
            rejects.write(report.errors[rejects.count :])
            if path != "-" and done % self.chunk_size() == 0:  # more may follow
                state = self._state(path, report, skip + done, earlier)
                state.started = self.started
                runs.save_checkpoint(path, state)

        try:
            items = itertools.islice(self.records(path), skip, None)
            report = self.run_records(items, importer, earlier, show=show, committed=committed)
        except KeyboardInterrupt:
            self.stderr.write(f"{label}: interrupted; run again with --resume to continue")
            raise CommandError("interrupted", returncode=INTERRUPTED) from None
        except OSError as exc:
            return self._unreadable(label, f"cannot read: {exc.strerror or exc}")
        except UnicodeDecodeError:
            return self._unreadable(label, "not UTF-8 text")
        finally:
            rejects.close()
        if path != "-":
            runs.remove_checkpoint(path)
        for where, message in report.errors:
            self.stderr.write(f"{where}: {message}")
        written = rejects.path if rejects.count or prior else None
        self._summary(label, report, earlier, prior, rejects=written)
        self._add_earlier(report, earlier)
        return report

    def _queue(self, files: list[str], options: dict[str, Any]) -> None:
        """Hand each file to the `import_file` task (profiles/tasks.py)."""
        import os

        from profiles.tasks import import_file

        if "-" in files:
            raise CommandError("--queue needs file paths: a worker cannot read this stdin")
        command = type(self).__module__.rsplit(".", 1)[-1]
        for path in files:
            absolute = os.path.abspath(path)
            result = import_file.delay(command, absolute, options.get("author"))
            self.stdout.write(f"{path}: queued as task {result.id}")

    def _checkpoint(self, path: str, label: str) -> runs.Checkpoint | None:
        earlier = runs.load_checkpoint(path)
        if earlier is None:
            self.stdout.write(f"{label}: no checkpoint, importing from the start")
        elif earlier.size != runs.file_size(path):
            self.stdout.write(f"{label}: the file changed since the checkpoint; from the start")
            earlier = None
        else:
            self.stdout.write(
                f"{label}: resuming after record {earlier.done} "
                f"({earlier.done} done by the interrupted run)"
            )
        return earlier

    @staticmethod
    def _state(path, report, done, earlier) -> runs.Checkpoint:
        base = earlier or runs.Checkpoint()
        return runs.Checkpoint(
            done=done,
            created=base.created + report.created,
            updated=base.updated + report.updated,
            unchanged=base.unchanged + report.unchanged,
            rejected=base.rejected + len(report.errors),
            size=runs.file_size(path),
        )

    @staticmethod
    def _add_earlier(report: ImportReport, earlier: runs.Checkpoint | None) -> None:
        """A resumed file's counts cover the whole file: the interrupted run's too."""
        if earlier is not None:
            report.created += earlier.created
            report.updated += earlier.updated
            report.unchanged += earlier.unchanged
            report.errors[:0] = [("", "rejected before the interruption")] * earlier.rejected

    def _unreadable(self, label: str, message: str) -> ImportReport:
        self.stderr.write(f"{label}: {message}")
        return ImportReport(errors=[(label, message)])

    def _summary(self, label, report, earlier=None, prior=0, rejects=None) -> None:
        """One line of counts (a resumed file's include the interrupted run's), then each
        rejection reason with its count, then where the rejected records were written."""
        base = earlier or runs.Checkpoint()
        created, updated = base.created + report.created, base.updated + report.updated
        unchanged = base.unchanged + report.unchanged
        self.stdout.write(
            f"{label}: {created + updated + unchanged} imported ({created} created, "
            f"{updated} updated, {unchanged} unchanged), {prior + len(report.errors)} rejected"
        )
        for reason, count in runs.reasons(report.errors):
            self.stdout.write(f"  rejected {count}: {reason}")
        if prior:
            self.stdout.write(f"  rejected {prior} before the interruption (see the rejects file)")
        if rejects:
            self.stdout.write(f"  rejected records written to {rejects}")
