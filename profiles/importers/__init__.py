"""Parsers for public scholarly records (OpenAlex objects, ORCID v3.0 records).

Pure code: they turn one decoded JSON object into plain dataclasses and never touch the
database. profiles/services/imports/ writes what they return. A record that cannot be read
raises ImportRecordError with a message naming what is wrong.
"""

from __future__ import annotations


class ImportRecordError(ValueError):
    """One record could not be read; the message says why (shown per record by the commands)."""
