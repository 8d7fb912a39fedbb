"""Forms of the public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.choices import VerificationLevel
from profiles.selectors.records import MAX_QUERY_LENGTH, SearchFilters

CLAIM_CHOICES = [("", _("Any")), ("yes", _("Claimed")), ("no", _("Not claimed"))]


class DirectorySearchForm(forms.Form):
    """The directory's search and its filters (the API's `?q=` and filters, as a form)."""

    q = forms.CharField(
        label=_("Search by name, affiliation or topic"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. Lao, Chon Lam")}),
    )
    institution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    topic = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("Verification level"),
        required=False,
        choices=[("", _("Any"))] + [(int(lvl), lvl.label) for lvl in VerificationLevel],
        coerce=int,
        empty_value=None,
    )
    claimed = forms.ChoiceField(label=_("Claim"), required=False, choices=CLAIM_CHOICES)
    open = forms.BooleanField(label=_("Open to collaborate"), required=False)

    def filters(self) -> SearchFilters:
        """The filters of a valid form (none for an unbound one)."""
        if not self.is_bound:
            return SearchFilters()
        data = self.cleaned_data
        claimed = {"yes": True, "no": False}.get(data.get("claimed") or "")
        return SearchFilters(
            institution=data.get("institution"),
            topic=data.get("topic"),
            level=data.get("level"),
            claimed=claimed,
            open_to_collaborate=True if data.get("open") else None,
        )
