"""Service errors on forms: a ServiceError goes next to its field, or on top of the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from profiles.errors import ServiceError


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's error next to the field it is about (or as a non-field error)."""
    if isinstance(error, ServiceError):
        if error.field and error.field in form.fields:
            form.add_error(None, error)  # its error_dict puts it next to the field
        else:
            form.add_error(None, error.without_field())
        return
    form.add_error(None, error)
