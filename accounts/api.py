"""The caller's own account, for REST clients signed in through allauth's headless API."""

from __future__ import annotations

from typing import cast

from allauth.account.models import EmailAddress
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    email_verified = serializers.BooleanField()
    author_record = serializers.IntegerField(
        allow_null=True, help_text="Id of the author record this account owns, if any."
    )


class MeView(APIView):
    """Who the caller is: their account and the record they own."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)  # IsAuthenticated: never AnonymousUser
        record = getattr(user, "author_record", None)
        data = {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "email_verified": EmailAddress.objects.filter(
                user=user, email__iexact=user.email, verified=True
            ).exists(),
            "author_record": record.pk if record else None,
        }
        return Response(MeSerializer(data).data)
