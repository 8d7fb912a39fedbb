"""Forms of the owner's pages. Shapes only; rules are in profiles.services.owner."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from profiles.markup import MAX_BIO_CHARS
from profiles.models import Institution


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProfileForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=300, required=False)
    bio = forms.CharField(
        label=_("Bio"),
        required=False,
        max_length=MAX_BIO_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, [links](https://example.org), lists."),
    )
    affiliation = forms.ModelChoiceField(
        label=_("Affiliation"), queryset=Institution.objects.all(), required=False
    )
    open_to_collaborate = forms.BooleanField(label=_("Open to collaborate"), required=False)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a label, a space, then the address (Lab https://lab.example)."),
    )
    public_names = forms.CharField(
        label=_("Other names you publish under"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; shown on your page as “Also published as”."),
    )
    private_names = forms.CharField(
        label=_("Former names (private)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line. Used to match your works and claims; never shown to anyone."),
    )

    def clean_links(self) -> list[dict]:
        links = []
        for line in _lines(self.cleaned_data["links"]):
            label, _sep, url = line.rpartition(" ")
            links.append({"label": label.strip(), "url": url.strip()})
        from profiles.services.owner import clean_links

        try:
            return clean_links(links)
        except ValidationError as error:
            raise forms.ValidationError(error.messages, code="bad_link") from error

    def clean_public_names(self) -> list[str]:
        return _lines(self.cleaned_data["public_names"])

    def clean_private_names(self) -> list[str]:
        return _lines(self.cleaned_data["private_names"])

    @classmethod
    def initial_for(cls, author) -> dict:
        variants = list(author.name_variants.all())
        return {
            "headline": author.headline,
            "bio": author.bio,
            "affiliation": author.affiliation_id,
            "open_to_collaborate": author.open_to_collaborate,
            "links": "\n".join(f"{link['label']} {link['url']}" for link in author.links or []),
            "public_names": "\n".join(v.name for v in variants if not v.is_private),
            "private_names": "\n".join(v.name for v in variants if v.is_private),
        }


class AddWorkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=1000)
    year = forms.IntegerField(label=_("Year"), min_value=1500, max_value=2100, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=255, required=False)
    arxiv_id = forms.CharField(label=_("arXiv id"), max_length=40, required=False)
