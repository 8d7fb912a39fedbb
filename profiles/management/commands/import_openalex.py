"""`manage.py import_openalex FILE...`: load OpenAlex authors, works, institutions and topics
(docs/importers.md)."""

from profiles.management.commands._import_base import ImportCommand
from profiles.services.imports import import_openalex_object


class Command(ImportCommand):
    help = (
        "Import OpenAlex objects (authors, works, institutions, topics) from JSON, JSON array "
        "or JSON Lines snapshot files (.gz too); - reads standard input."
    )
    source_name = "OpenAlex"
    importer = staticmethod(import_openalex_object)
