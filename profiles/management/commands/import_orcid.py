"""`manage.py import_orcid FILE...`: load ORCID v3.0 public records (docs/importers.md)."""

from profiles.management.commands._import_base import ImportCommand
from profiles.services.imports import import_orcid_object


class Command(ImportCommand):
    help = (
        "Import ORCID public records (API v3.0 JSON: one record, an array, or JSON Lines); "
        "- reads standard input."
    )
    source_name = "ORCID"
    importer = staticmethod(import_orcid_object)
