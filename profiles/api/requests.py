"""`POST /api/v1/moderation-requests/`: what the request pages do, for REST clients. Anyone
may ask (someone not signed in gives an email address to be answered at); the service
decides who may ask what (profiles/services/moderation/requests.py)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.claim_preview import ErrorSerializer
from profiles.api.fields import RowPrimaryKeyRelatedField
from profiles.choices import RequestKind
from profiles.models import AuthorRecord, Claim, ModerationRequest, Report
from profiles.models.requests import MESSAGE_MAX_LENGTH
from profiles.ratelimits import moderation_request_wait
from profiles.services.moderation import requests as svc


class ModerationRequestInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=RequestKind.choices,
        help_text=(
            "`hide` or `do_not_contact`: about an unclaimed record (anyone); `merge` (with "
            "`other_record`) or `correction`: by the record's owner or a claimant; `contact`: "
            "a message, with optional context."
        ),
    )
    record = RowPrimaryKeyRelatedField(queryset=AuthorRecord.objects.all(), required=False)
    other_record = RowPrimaryKeyRelatedField(
        queryset=AuthorRecord.objects.all(),
        required=False,
        help_text="The other record of a merge.",
    )
    claim = RowPrimaryKeyRelatedField(
        queryset=Claim.objects.all(), required=False, help_text="One of your claims, as context."
    )
    report = RowPrimaryKeyRelatedField(
        queryset=Report.objects.all(), required=False, help_text="One of your reports, as context."
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=254,
        help_text="Required when not signed in: where the moderators answer.",
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=MESSAGE_MAX_LENGTH)


class ModerationRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModerationRequest
        fields = ["id", "kind", "state", "record", "other_record", "claim", "report", "created_at"]
        read_only_fields = fields


class ModerationRequestView(APIView):
    """Send a request to the moderators."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="moderation_requests_create",
        summary="Send a request to the moderators",
        description=(
            "Puts a request in the moderators' queue; a moderator grants or declines it and "
            "the requester is emailed the decision and its reason. An identical open request "
            "is answered with 200 and the existing request instead of a second one. Callers "
            "not signed in give `email` and are limited to `MODERATION_REQUESTS_PER_HOUR` an "
            "hour per client address and per email address (then 429 with Retry-After)."
        ),
        request=ModerationRequestInputSerializer,
        responses={
            201: ModerationRequestSerializer,
            200: OpenApiResponse(
                ModerationRequestSerializer, description="The identical open request."
            ),
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: ErrorSerializer,
            429: ErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "Hide an unclaimed record",
                value={"kind": "hide", "record": 12, "email": "ada@example.org"},
                request_only=True,
            )
        ],
        tags=["moderation"],
    )
    def post(self, request: Request) -> Response:
        data = ModerationRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if not request.user.is_authenticated:
            wait = moderation_request_wait(request, email=values.get("email", ""))
            if wait is not None:
                raise exceptions.Throttled(wait=wait)
        moderation_request, created = svc.submit_request(requester=request.user, **values)
        return Response(
            ModerationRequestSerializer(moderation_request).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
