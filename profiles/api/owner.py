"""`PATCH /api/v1/authors/{id}/`: the owner edits their own record through
profiles.services.owner. Anyone else gets 403 (401/403 when logged out)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.pagination import PagePagination
from profiles.api.serializers import OwnerWorkSerializer
from profiles.errors import ServiceError
from profiles.models import Institution, Work
from profiles.selectors import records as selectors
from profiles.services import notifications
from profiles.services import owner as owner_services
from profiles.services.claims import owned_record


class LinkSerializer(serializers.Serializer):
    # Stub gap: DRF's serializer metaclass takes declared fields off the class, so this field
    # never replaces Field.label; the stubs see a class attribute of another type.
    label = serializers.CharField(  # type: ignore[assignment]  # stub gap, see above
        max_length=80, allow_blank=True, required=False
    )
    url = serializers.URLField(max_length=500)


class ProfileUpdateSerializer(serializers.Serializer):
    """What an owner may change. Omitted fields stay as they are."""

    headline = serializers.CharField(max_length=300, allow_blank=True, required=False)
    bio = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, help_text="Markdown, rendered safely."
    )
    affiliation = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), allow_null=True, required=False
    )
    open_to_collaborate = serializers.BooleanField(required=False)
    links = LinkSerializer(many=True, required=False)
    name_variants = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=20
    )
    private_names = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=20,
        help_text="Former names: used for matching, never shown (not even in this response).",
    )


class ProfileUpdateMixin(GenericAPIView):
    """Adds `partial_update` to the author viewset."""

    @extend_schema(request=ProfileUpdateSerializer)
    def partial_update(self, request: Request, pk: str | None = None, **kwargs) -> Response:
        """Edit your own record (owner only)."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        author = self.get_object()
        if not owner_services.is_owner(request.user, author):
            raise exceptions.PermissionDenied("Only the record's owner can change it.")
        data = ProfileUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            self._update(request, author, values)
        except ServiceError as error:
            if error.field != "public_names":
                raise
            # The API calls public names `name_variants`: the error names the input sent.
            raise type(error)(
                error.message, code=error.code, params=error.params, field="name_variants"
            ) from error
        fresh = selectors.author_detail_queryset().get(pk=author.pk)
        return Response(self.get_serializer(fresh).data)

    @staticmethod
    def _update(request, author, values: dict) -> None:
        owner_services.profile_update(
            author=author,
            user=request.user,
            headline=values.get("headline"),
            bio=values.get("bio"),
            # False, profile_update's default, leaves the affiliation as it is (None clears it).
            affiliation=values.get("affiliation", False),
            open_to_collaborate=values.get("open_to_collaborate"),
            links=[dict(link) for link in values["links"]] if "links" in values else None,
            public_names=values.get("name_variants"),
            private_names=values.get("private_names"),
        )


class OwnerWorkAddSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=1000)
    year = serializers.IntegerField(min_value=1500, max_value=2100, required=False, allow_null=True)
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    doi = serializers.CharField(max_length=255, required=False, allow_blank=True)
    arxiv_id = serializers.CharField(max_length=40, required=False, allow_blank=True)


class OwnerWorkHiddenSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()


class OwnerWorkResultSerializer(serializers.Serializer):
    work = serializers.IntegerField()
    hidden = serializers.BooleanField()


def _owned_record(request: AuthenticatedRequest):
    record = owned_record(request.user)
    if record is None:
        raise exceptions.PermissionDenied("Only the owner of a claimed record has works to edit.")
    return record


class OwnerWorksView(GenericAPIView):
    """`GET /api/v1/me/works/`: the owner's own works, hidden ones included (`hidden`),
    paginated like every list; a signed-in person who owns no record gets an empty list.
    `POST`: add a work to one's own record (the page's "add a work")."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PagePagination
    serializer_class = OwnerWorkSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return Work.objects.none()
        record = owned_record(self.request.user)
        if record is None:
            return Work.objects.none()
        return selectors.owner_works(author=record)

    @extend_schema(responses=OwnerWorkSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OwnerWorkSerializer(page, many=True).data)

    @extend_schema(request=OwnerWorkAddSerializer, responses={201: OwnerWorkResultSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        author = _owned_record(request)
        data = OwnerWorkAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        work = owner_services.work_add_by_owner(
            author=author, user=request.user, **data.validated_data
        )
        return Response({"work": work.pk, "hidden": False}, status=status.HTTP_201_CREATED)


class OwnerWorkView(APIView):
    """`PATCH /api/v1/me/works/{work_id}/` with `{"hidden": true|false}`: hide a work from
    one's own page or show it again."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=OwnerWorkHiddenSerializer, responses=OwnerWorkResultSerializer)
    def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
        author = _owned_record(request)
        work = Work.objects.filter(pk=pk, authorships__author=author).first()
        if work is None:
            raise Http404
        data = OwnerWorkHiddenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hidden = data.validated_data["hidden"]
        owner_services.work_set_hidden(author=author, user=request.user, work=work, hidden=hidden)
        return Response({"work": work.pk, "hidden": hidden})


class SettingsSerializer(serializers.Serializer):
    email_on_invitation = serializers.BooleanField(required=False)
    email_on_answer = serializers.BooleanField(required=False)
    email_on_message = serializers.BooleanField(required=False)
    hide_followers = serializers.BooleanField(
        required=False, help_text="Owners only: hide the list of your followers."
    )


class SettingsView(APIView):
    """`GET/PATCH /api/v1/me/settings/`: email notifications and, for an owner, whether the
    followers list is hidden (the same settings as the pages)."""

    permission_classes = [permissions.IsAuthenticated]

    def _body(self, user) -> dict:
        prefs = notifications.settings_for(user)
        record = owned_record(user)
        return {
            "email_on_invitation": prefs.email_on_invitation,
            "email_on_answer": prefs.email_on_answer,
            "email_on_message": prefs.email_on_message,
            "hide_followers": record.hide_followers if record else None,
        }

    @extend_schema(responses=SettingsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(self._body(request.user))

    @extend_schema(request=SettingsSerializer, responses=SettingsSerializer)
    def patch(self, request: AuthenticatedRequest) -> Response:
        data = SettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        hide = values.pop("hide_followers", None)
        with transaction.atomic():
            if hide is not None:
                record = owned_record(request.user)
                if record is None:
                    raise exceptions.ValidationError(
                        {"hide_followers": ["Only the owner of a claimed record has followers."]}
                    )
                owner_services.profile_update(author=record, user=request.user, hide_followers=hide)
            if values:
                notifications.update_settings(user=request.user, **values)
        return Response(self._body(request.user))
