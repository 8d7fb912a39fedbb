"""`manage.py import_bibtex FILE... --author RECORD`: a BibTeX file's entries as works of one
author record, given by slug or row id (docs/importers.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.core.management.base import CommandError

from profiles.identifiers import parse_row_id
from profiles.importers import bibtex
from profiles.management.commands._import_base import ImportCommand
from profiles.models import AuthorRecord
from profiles.services.imports.bibtex import import_bibtex_work


class Command(ImportCommand):
    help = (
        "Import BibTeX entries as works of one author record (--author slug or id), matched "
        "by DOI, arXiv id, then title and year; - reads standard input."
    )
    source_name = "BibTeX"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--author", required=True, metavar="RECORD", help="the record's slug or row id"
        )

    def records(self, path: str) -> Iterator[tuple[str, Any]]:
        return bibtex.read_entries(path)

    def count(self, path: str) -> int | None:
        return bibtex.count_entries(path)

    def record_importer(self, options: dict[str, Any]) -> Callable[[Any], str]:
        wanted = options["author"]
        pk = parse_row_id(wanted)
        record = AuthorRecord.objects.filter(slug=wanted).first() or (
            AuthorRecord.objects.filter(pk=pk).first() if pk else None
        )
        if record is None:
            raise CommandError(f"no author record with the slug or id {wanted!r}")
        self.stdout.write(f"works of {record.display_name} ({record.slug})")

        def importer(entry: Any) -> str:
            _, outcome = import_bibtex_work(record, bibtex.parse_entry(entry))
            return outcome

        return importer
