"""URL converters used by every app's patterns."""

from __future__ import annotations

from django.urls import register_converter

from profiles.identifiers import ROW_ID_REGEX


class RowIdConverter:
    """`<id:pk>` in URL patterns: a row id of at most 18 digits (profiles.identifiers)."""

    regex = ROW_ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")
