"""FilterSets shared by the API lists (and the rules the HTML lists use through selectors)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profiles.choices import VerificationLevel
from profiles.models import AuthorRecord
from profiles.selectors.records import MAX_QUERY_LENGTH, filter_by_name
from profiles.selectors.search import search


class AuthorFilterSet(django_filters.FilterSet):
    """`?q=` is the ranked search (names in any order, accents, initials, typos; affiliation
    and topics); `?name=` the older filter by name, kept as it was. The other filters narrow
    either."""

    q = django_filters.CharFilter(
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        label=_(
            "Search names (any order, accents, initials, typos), affiliations and topics; "
            "results are ranked by how well the name matches, then works and level"
        ),
    )
    name = django_filters.CharFilter(
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        label=_("Name contains (accents, case and spacing ignored)"),
    )
    institution = django_filters.NumberFilter(
        field_name="affiliation_id", label=_("Affiliation (institution id)")
    )
    topic = django_filters.NumberFilter(method="filter_topic", label=_("Topic id"))
    level = django_filters.TypedChoiceFilter(
        field_name="verification_level",
        choices=[(int(lvl), lvl.label) for lvl in VerificationLevel],
        coerce=int,
        label=_("Verification level, 1 to 4"),
    )
    claimed = django_filters.BooleanFilter(field_name="owner", lookup_expr="isnull", exclude=True)
    open_to_collaborate = django_filters.BooleanFilter()

    class Meta:
        model = AuthorRecord
        fields = ["q", "name", "institution", "topic", "level", "claimed", "open_to_collaborate"]

    def filter_queryset(self, queryset):
        # The ranked search comes last, over the filtered records, so it orders them.
        queryset = super().filter_queryset(queryset)
        return search(queryset, self.form.cleaned_data.get("q") or "")

    def filter_q(self, queryset, name, value):
        return queryset  # applied by filter_queryset, after the other filters

    def filter_name(self, queryset, name, value):
        return filter_by_name(queryset, value)

    def filter_topic(self, queryset, name, value):
        # (author, topic) is unique, so the join repeats no record.
        return queryset.filter(author_topics__topic_id=value)
