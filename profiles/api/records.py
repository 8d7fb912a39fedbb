"""Read API of author records. Reads go through selectors; writes (in later modules) call
services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from profiles.api.owner import ProfileUpdateMixin
from profiles.api.serializers import (
    AuthorDetailSerializer,
    AuthorSummarySerializer,
    WorkSerializer,
)
from profiles.filters import AuthorFilterSet
from profiles.identifiers import ROW_ID_REGEX
from profiles.selectors import records as selectors


class AuthorViewSet(ProfileUpdateMixin, viewsets.ReadOnlyModelViewSet):
    """Public author records. `?name=` searches names like the directory does; the owner
    may PATCH their own record (profiles/api/owner.py)."""

    filterset_class = AuthorFilterSet
    lookup_value_regex = ROW_ID_REGEX

    def get_queryset(self):
        if self.action == "list":
            return selectors.author_list()
        return selectors.author_detail_queryset()

    def get_serializer_class(self):
        return AuthorSummarySerializer if self.action == "list" else AuthorDetailSerializer

    @extend_schema(responses=WorkSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def works(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        """The record's visible works, newest first, with their printed author lists."""
        author = self.get_object()
        page = self.paginate_queryset(selectors.author_works(author=author))
        return self.get_paginated_response(WorkSerializer(page, many=True).data)
