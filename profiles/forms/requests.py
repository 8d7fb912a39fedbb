"""Forms of the requests to the moderators (profiles/views/requests.py). They only shape the
input; the rules (who may ask what, about which record) are the service's
(profiles/services/moderation/requests.py)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.choices import RequestKind
from profiles.identifiers import parse_row_id
from profiles.models import AuthorRecord
from profiles.models.requests import MESSAGE_MAX_LENGTH

RECORD_PATH = re.compile(r"/researchers/(?P<slug>[-\w]+)/?")


class _RequestForm(forms.Form):
    """The email field is asked only of people not signed in (the service answers a
    signed-in person at their account's address)."""

    email = forms.EmailField(
        label=_("Your email address (the moderators answer there)"), max_length=254
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not anonymous:
            del self.fields["email"]


class RecordRequestForm(_RequestForm):
    """Anyone, about an unclaimed record: hide it, or do not contact through it."""

    kind = forms.ChoiceField(
        label=_("What do you ask?"),
        choices=[
            (RequestKind.HIDE, _("Hide this page (it is withdrawn and leaves search)")),
            (
                RequestKind.DO_NOT_CONTACT,
                _("Do not contact (nobody can follow or invite through this page)"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ["kind", "email", "message"]


def record_from_reference(text: str) -> AuthorRecord | None:
    """A record named by its page's address (`.../researchers/<slug>/`), its slug or its id."""
    text = (text or "").strip()
    match = RECORD_PATH.search(text)
    if match:
        return AuthorRecord.objects.filter(slug=match["slug"]).first()
    row_id = parse_row_id(text)
    if row_id:
        return AuthorRecord.objects.filter(pk=row_id).first()
    return AuthorRecord.objects.filter(slug=text).first() if text else None


class OwnerRequestForm(_RequestForm):
    """An owner or claimant: merge this record with another, or correct it."""

    kind = forms.ChoiceField(
        label=_("What do you ask?"),
        choices=[
            (RequestKind.MERGE, _("Merge this record with another record of the same person")),
            (RequestKind.CORRECTION, _("Correct something on this record")),
        ],
        widget=forms.RadioSelect,
    )
    other_record = forms.CharField(
        label=_("The other record (for a merge): its address or its id"),
        max_length=300,
        required=False,
    )
    field_order = ["kind", "other_record", "message"]

    def clean_other_record(self) -> AuthorRecord | None:
        text = self.cleaned_data.get("other_record", "")
        if not text:
            return None
        record = record_from_reference(text)
        if record is None:
            raise forms.ValidationError(_("No record has this address or id."), code="not_found")
        return record


class ContactForm(_RequestForm):
    """A message to the moderators; its context (record, claim, report) comes from the
    address the refusal linked to (the view reads and checks it)."""

    field_order = ["email", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = True
