"""Forms of the public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.selectors.records import MAX_QUERY_LENGTH


class DirectorySearchForm(forms.Form):
    """The directory's name search."""

    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. Lao, Chon Lam")}),
    )
