"""A paginator that never counts more than it must: the count of a list is the number of
rows up to a cap (`SELECT COUNT(*) FROM (... LIMIT cap)`), so a search with a million
candidates costs what one with a thousand does. Pages past the cap do not exist; the pages
and the API say the total is "at least" the cap (`capped`). Pages and the API share it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # Which rows fall under the cap does not change how many do: count without the
            # ranking's order and scores.
            return self.object_list.order_by().values("pk")[: self.cap].count()
        return min(len(self.object_list), self.cap)

    @property
    def capped(self) -> bool:
        """True when there may be more results than `count` says."""
        return self.count >= self.cap
