"""Row ids coming from outside (URLs, form fields, API bodies).

A row id is at most 18 digits: anything longer cannot be a row of a 64-bit primary key and,
passed on, would reach the database as an integer it cannot hold (a 500 instead of a 404 or a
400). The URL converter, the form field and the API field below all apply that one rule."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from rest_framework import serializers

ROW_ID_REGEX = r"[0-9]{1,18}"
MAX_ROW_ID = 10**18 - 1


def parse_row_id(value) -> int | None:
    """The id as an int, or None when it cannot be a row id."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number >= 1 else None


class RowIdConverter:
    """`<id:pk>` in URL patterns."""

    regex = ROW_ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")


class RowIdField(serializers.IntegerField):
    """An API body's row id: a positive integer of at most 18 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ROW_ID)
        super().__init__(**kwargs)


class RowIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of rows that refuses impossible ids before querying."""

    def _check_values(self, value):
        for pk in value:
            if parse_row_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RowPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """PrimaryKeyRelatedField that answers "does not exist" for ids no row can have."""

    def to_internal_value(self, data):
        if not isinstance(data, bool) and parse_row_id(data) is None and str(data).isdigit():
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
