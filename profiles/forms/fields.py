"""Form fields that apply the row-id rule (profiles.identifiers) before any query."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from profiles.identifiers import parse_row_id


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
        # A private method of ModelMultipleChoiceField that the stubs leave out.
        return super()._check_values(value)  # type: ignore[misc]
