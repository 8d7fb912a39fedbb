"""API body fields that apply the row-id rule (profiles.identifiers) before any query."""

from __future__ import annotations

from rest_framework import serializers

from profiles.identifiers import MAX_ROW_ID, parse_row_id


class RowIdField(serializers.IntegerField):
    """An API body's row id: a positive integer of at most 18 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ROW_ID)
        super().__init__(**kwargs)


class RowPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """PrimaryKeyRelatedField that answers "does not exist" for ids no row can have."""

    def to_internal_value(self, data):
        if not isinstance(data, bool) and parse_row_id(data) is None and str(data).isdigit():
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
