"""Read API of author records. Reads go through selectors; writes (in later modules) call
services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from profiles.api.claim_preview import ErrorSerializer
from profiles.api.graph import GraphSerializer
from profiles.api.owner import ProfileUpdateMixin
from profiles.api.pagination import CappedPagePagination, PagePagination
from profiles.api.serializers import (
    AuthorDetailSerializer,
    AuthorHitSerializer,
    WorkSerializer,
)
from profiles.filters import AuthorFilterSet
from profiles.identifiers import ROW_ID_REGEX
from profiles.selectors import records as selectors
from profiles.selectors.graph import cached_graph
from profiles.selectors.history import CAUSES, history_lines, trust_history
from profiles.selectors.search import attach_hit_details


class HistoryLineSerializer(serializers.Serializer):
    """One change of the record's verification level or trust score."""

    kind = serializers.ChoiceField(choices=["level", "trust"])
    old_value = serializers.CharField(help_text="Before: a level (L1-L4) or a score (0-100).")
    new_value = serializers.CharField(help_text="After: a level (L1-L4) or a score (0-100).")
    cause = serializers.ChoiceField(choices=list(CAUSES))
    cause_text = serializers.CharField(help_text="The cause, worded for people.")
    text = serializers.CharField(help_text="The whole line, worded for people.")
    created_at = serializers.DateTimeField()


# A record the moderators hid answers 410 (`record_hidden`) on every resource of it.
HIDDEN = {404: ErrorSerializer, 410: ErrorSerializer}


@extend_schema_view(retrieve=extend_schema(responses={200: AuthorDetailSerializer, **HIDDEN}))
class AuthorViewSet(ProfileUpdateMixin, viewsets.ReadOnlyModelViewSet):
    """Public author records. `?q=` is the directory's ranked search, with filters by
    institution, topic, level, claim state and openness; `?name=` the older name filter.
    The owner may PATCH their own record (profiles/api/owner.py)."""

    filterset_class = AuthorFilterSet
    pagination_class = CappedPagePagination
    lookup_value_regex = ROW_ID_REGEX

    def get_queryset(self):
        if self.action == "list":
            return selectors.author_list()
        return selectors.author_detail_queryset()

    def get_object(self):
        """The record, or 410 `record_hidden` when the moderators hid it (for every
        sub-resource too: works, history, graph, the owner's PATCH)."""
        return selectors.check_visible(super().get_object())

    def get_serializer_class(self):
        return AuthorHitSerializer if self.action == "list" else AuthorDetailSerializer

    def list(self, request: Request, *args, **kwargs) -> Response:
        """Records ranked by `?q=` (else by name), each with its top topics, newest work
        and co-author count; `count` stops at a cap (`count_capped`)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        hits = attach_hit_details(list(page or []))
        return self.get_paginated_response(self.get_serializer(hits, many=True).data)

    @extend_schema(responses={200: WorkSerializer(many=True), **HIDDEN}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=PagePagination)
    def works(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """The record's visible works, newest first, with their printed author lists."""
        author = self.get_object()
        page = self.paginate_queryset(selectors.author_works(author=author))
        return self.get_paginated_response(WorkSerializer(page, many=True).data)

    @extend_schema(responses={200: HistoryLineSerializer(many=True), **HIDDEN}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=PagePagination)
    def history(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """The record's trust history, newest first: each change of its verification level
        and trust score, with its date and cause. No private detail (who acted, notes,
        reports) is shown."""
        author = self.get_object()
        page = self.paginate_queryset(trust_history(author=author))
        return self.get_paginated_response(
            HistoryLineSerializer(history_lines(page or []), many=True).data
        )

    @extend_schema(
        responses={200: GraphSerializer, **HIDDEN},
        filters=False,
        parameters=[
            OpenApiParameter(
                "hops",
                OpenApiTypes.INT,
                enum=[1, 2],
                description="1: direct neighbours; 2 (default): also co-authors of co-authors.",
            )
        ],
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def graph(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """The record's research graph: co-authors weighted by shared works, topics,
        institutions and works, one or two hops, capped by weight, with the layout the
        explorer page draws (`/researchers/<slug>/graph/`)."""
        author = self.get_object()
        hops = 1 if request.query_params.get("hops") == "1" else 2
        return Response(GraphSerializer(cached_graph(author=author, hops=hops)).data)
