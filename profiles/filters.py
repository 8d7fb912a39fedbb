"""FilterSets shared by the API lists (and the rules the HTML lists use through selectors)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from profiles.models import AuthorRecord
from profiles.selectors.records import MAX_QUERY_LENGTH, filter_by_name


class AuthorFilterSet(django_filters.FilterSet):
    """`?name=` searches names and public variants like the directory does."""

    name = django_filters.CharFilter(
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        label=_("Name contains (accents, case and spacing ignored)"),
    )
    claimed = django_filters.BooleanFilter(field_name="owner", lookup_expr="isnull", exclude=True)
    open_to_collaborate = django_filters.BooleanFilter()

    class Meta:
        model = AuthorRecord
        fields = ["name", "claimed", "open_to_collaborate"]

    def filter_name(self, queryset, name, value):
        return filter_by_name(queryset, value)
