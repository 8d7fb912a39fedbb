"""API of follows: follow and unfollow, following and followers lists, unread counts."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.collaboration.common import RecordRefSerializer, _record
from profiles.api.pagination import PagePagination
from profiles.models import AuthorRecord
from profiles.selectors import collaboration as sel
from profiles.selectors.records import public_record
from profiles.services.collaboration import follows as follow_services

# --- Follow -----------------------------------------------------------------------------


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField()
    follower_count = serializers.IntegerField()


class FollowView(APIView):
    """`POST` follows the record (idempotent), `DELETE` unfollows it (idempotent)."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "follow"

    def _respond(self, author: AuthorRecord, following: bool) -> Response:
        data = {"following": following, "follower_count": author.followers_count}
        return Response(FollowStateSerializer(data).data)

    @extend_schema(request=None, responses=FollowStateSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        author = public_record(AuthorRecord, pk=pk)
        author, _created = follow_services.follow_author(user=request.user, author=author)
        return self._respond(author, True)

    @extend_schema(request=None, responses={200: FollowStateSerializer})
    def delete(self, request: AuthenticatedRequest, pk: int) -> Response:
        author = public_record(AuthorRecord, pk=pk)
        author, _deleted = follow_services.unfollow_author(user=request.user, author=author)
        return self._respond(author, False)


# --- Following lists and unread counts --------------------------------------------------


class FollowingView(APIView):
    """Records the caller follows, most recently followed first (paginated)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PagePagination  # read by the schema too: a page, not a bare array

    @extend_schema(responses=RecordRefSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(sel.followed_by(request.user), request, view=self)
        assert page is not None  # PagePagination sets page_size, so it always returns a page
        return paginator.get_paginated_response([_record(f.author) for f in page])


class FollowerSerializer(serializers.Serializer):
    author = RecordRefSerializer(
        allow_null=True, help_text="The follower's own record; null when they have none."
    )
    followed_at = serializers.DateTimeField()


class FollowersView(APIView):
    """Who follows a record, named by their own record (never by email). 404 when the owner
    hides the list, except for the owner."""

    permission_classes = [permissions.AllowAny]
    pagination_class = PagePagination  # read by the schema too: a page, not a bare array

    @extend_schema(responses=FollowerSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        author = public_record(AuthorRecord, pk=pk)
        if not sel.can_see_followers(user=request.user, author=author):
            from django.http import Http404

            raise Http404
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(sel.followers_of(author), request, view=self)
        assert page is not None  # PagePagination sets page_size, so it always returns a page
        rows = [
            {
                "author": _record(getattr(f.user, "author_record", None)),
                "followed_at": f.created_at,
            }
            for f in page
        ]
        return paginator.get_paginated_response(FollowerSerializer(rows, many=True).data)


class UnreadSerializer(serializers.Serializer):
    invitations = serializers.IntegerField(
        help_text="New received invitations, plus answers to the caller's own not yet seen."
    )
    conversations = serializers.IntegerField(help_text="Conversations with unread messages.")


class UnreadView(APIView):
    """The counts the site's navigation shows."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=UnreadSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(UnreadSerializer(sel.unread_counts(request.user)).data)
