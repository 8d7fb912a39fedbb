"""`PATCH /api/v1/authors/{id}/`: the owner edits their own record through
profiles.services.owner. Anyone else gets 403 (401/403 when logged out)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from profiles import selectors
from profiles.models import Institution
from profiles.services import owner as owner_services


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=80, allow_blank=True, required=False)
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


class ProfileUpdateMixin:
    """Adds `partial_update` to the author viewset."""

    @extend_schema(request=ProfileUpdateSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Edit your own record (owner only)."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        author = self.get_object()
        if author.owner_id != request.user.pk:
            raise exceptions.PermissionDenied("Only the record's owner can change it.")
        data = ProfileUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kwargs = {
            "headline": values.get("headline"),
            "bio": values.get("bio"),
            "open_to_collaborate": values.get("open_to_collaborate"),
            "links": [dict(link) for link in values["links"]] if "links" in values else None,
            "public_names": values.get("name_variants"),
            "private_names": values.get("private_names"),
        }
        if "affiliation" in values:
            kwargs["affiliation"] = values["affiliation"]
        try:
            owner_services.profile_update(author=author, user=request.user, **kwargs)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(
                [exceptions.ErrorDetail(m, error.code or "invalid") for m in error.messages]
            ) from error
        fresh = selectors.author_detail_queryset().get(pk=author.pk)
        return Response(self.get_serializer(fresh).data)
