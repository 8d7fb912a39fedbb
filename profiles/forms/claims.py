"""Forms of the claim pages. They check shapes only; the rules are in profiles.services.claims,
whose errors the views put next to the right field with
profiles.forms.errors.add_service_error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.identifiers import normalize_orcid

CV_ACCEPT = ".pdf,.txt,.bib,application/pdf,text/plain"


class EvidenceForm(forms.Form):
    """Evidence for a claim; any combination of the fields."""

    # Set by the claim view when the preview rate limit refused it (the page answers 429).
    rate_limited = False

    cv_file = forms.FileField(
        label=_("Your CV or publication list (PDF, plain text or BibTeX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": CV_ACCEPT}),
        help_text=_("Up to 5 MB. Only moderators can open it."),
    )
    cv_text = forms.CharField(
        label=_("…or paste your publications"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Titles, DOIs or arXiv ids, one per line is fine."),
    )
    orcid = forms.CharField(
        label=_("Your ORCID iD (optional)"),
        required=False,
        max_length=40,
        help_text=_("Typing it helps the moderator; signing in with ORCID is what proves it."),
    )
    statement = forms.CharField(
        label=_("A note for the moderator (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.orcid import orcid_configured

        if "orcid" in self.fields and not orcid_configured():
            self.fields["orcid"].help_text = _("Typing it helps the moderator.")

    def clean_orcid(self) -> str:
        value = self.cleaned_data["orcid"].strip()
        return normalize_orcid(value) if value else ""


class AddEvidenceForm(EvidenceForm):
    """More evidence for a pending claim."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["orcid"]
        self.fields["statement"].label = _("Something to add for the moderator (optional)")


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you believe the claimant is not this researcher?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the claimant will see"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DisputeForm(EvidenceForm):
    """Evidence for a dispute of an approved claim: a CV or publication list, a statement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["orcid"]
        self.fields["statement"].label = _("Why is this record yours? (for the moderator)")
