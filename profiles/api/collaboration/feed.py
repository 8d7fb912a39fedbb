"""`GET /api/v1/me/feed/`: the following feed of the home page, as JSON, paginated like
the page (15 a page, newest first) and worded the same way."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.collaboration.common import RecordRefSerializer, _record
from profiles.api.pagination import PagePagination
from profiles.mathtext import plain_text
from profiles.selectors import collaboration as sel

FEED_PAGE_SIZE = 15  # the home page's (profiles/templatetags/collaboration.py)


class FeedPagination(PagePagination):
    page_size = FEED_PAGE_SIZE


class FeedWorkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="As the source prints it (may hold LaTeX).")
    title_text = serializers.CharField(help_text="The title as plain text.")
    year = serializers.IntegerField(allow_null=True)
    venue = serializers.CharField()


class FeedItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["work", "event"],
        help_text="`work`: a work added to a followed record; `event`: a profile update.",
    )
    event_kind = serializers.CharField(
        allow_null=True,
        help_text="For events: claimed, level, edited or released (null for works).",
    )
    at = serializers.DateTimeField()
    author = RecordRefSerializer()
    text = serializers.CharField(
        help_text="The line in words, as the home page shows it: `added a work: <title>`, "
        "`updated their profile: headline, bio`, `verification level changed from L1 to L2`."
    )
    work = FeedWorkSerializer(allow_null=True, help_text="The work the line is about, if any.")


def _work(work) -> dict | None:
    if work is None:
        return None
    return {
        "id": work.pk,
        "title": work.title,
        "title_text": plain_text(work.title),
        "year": work.year,
        "venue": work.venue,
    }


class FeedView(APIView):
    """Works added to the records the caller follows and their profile updates, newest
    first (trust-score changes stay out, as on the page)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = FeedPagination  # read by the schema too: a page, not a bare array

    @extend_schema(responses=FeedItemSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(sel.feed_rows(request.user), request, view=self)
        assert page is not None  # FeedPagination sets page_size, so it always returns a page
        items = [
            {
                "kind": item.kind,
                "event_kind": item.event.kind if item.event is not None else None,
                "at": item.at,
                "author": _record(item.author),
                "text": item.text,
                "work": _work(item.work),
            }
            for item in sel.hydrate_feed(page)
        ]
        return paginator.get_paginated_response(FeedItemSerializer(items, many=True).data)
