"""Forms of the moderators' admin pages: sanctions, trust overrides, revoking a claim. They
check shapes and ask the services' read-only checks, so a refusal shows next to its field; the
services check again when they act."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from profiles.choices import OverrideKind
from profiles.forms.errors import add_service_error
from profiles.models import Suspension, TrustOverride
from profiles.services.moderation import check_level, check_may_suspend


class ReasonForm(forms.Form):
    """The reason a person is told (revoking their claim)."""

    reason = forms.CharField(
        label=_("Reason the owner will see"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SuspensionForm(forms.ModelForm):
    moderator = None  # set per request by the admin

    class Meta:
        model = Suspension
        fields = ["user", "ends_at", "reason"]
        help_texts = {"ends_at": _("Leave empty to suspend until further notice.")}

    def clean(self):
        cleaned = super().clean() or {}
        user = cleaned.get("user")
        if user is not None and self.moderator is not None:
            try:
                check_may_suspend(user=user, moderator=self.moderator, until=cleaned.get("ends_at"))
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned


class TrustOverrideForm(forms.ModelForm):
    class Meta:
        model = TrustOverride
        fields = ["author", "kind", "level", "points", "reason"]
        help_texts = {
            "level": _("For a level: L2 to L4 (a claimed record)."),
            "points": _(
                "For an adjustment: points added (or taken away, negative) to the trust "
                "score; it replaces the record's previous adjustment, 0 removes it."
            ),
            "reason": _("Shown in the record's history and the audit trail."),
        }

    def clean(self):
        cleaned = super().clean() or {}
        kind, author = cleaned.get("kind"), cleaned.get("author")
        if kind == OverrideKind.LEVEL:
            cleaned["points"] = None
            if cleaned.get("level") is None:
                self.add_error("level", _("Choose the level."))
            elif author is not None:
                try:
                    check_level(author, cleaned["level"])
                except ValidationError as error:
                    add_service_error(self, error)
        elif kind == OverrideKind.SCORE:
            cleaned["level"] = None
            if cleaned.get("points") is None:
                self.add_error("points", _("Give the points."))
        return cleaned


class MergeForm(forms.Form):
    """Merging one record into another: which two (from the preview's address) and why."""

    source = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    target = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for the audit trail"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DetachForm(forms.Form):
    """Detaching one work from a record: to which record (none: a new one), and why."""

    work = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_record = forms.IntegerField(
        label=_("Move it to the record with id"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to create a new record named as the work prints the name."),
    )
    reason = forms.CharField(
        label=_("Reason for the audit trail"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
