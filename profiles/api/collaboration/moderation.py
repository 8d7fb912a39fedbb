"""API of blocks and abuse reports."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.collaboration.common import (
    RecordRefSerializer,
    WriteThrottleMixin,
    _record,
)
from profiles.api.fields import RowIdField
from profiles.choices import ReportReason
from profiles.identifiers import ROW_ID_REGEX
from profiles.models import AuthorRecord, Block, Message
from profiles.models.collaboration import (
    REPORT_DETAILS_MAX_LENGTH,
)
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services

# --- Blocks and reports -----------------------------------------------------------------


class BlockCreateSerializer(serializers.Serializer):
    author = RowIdField(required=False, help_text="Block the owner of this author record...")
    invitation = RowIdField(
        required=False, help_text="...or the sender of this invitation (one you received)."
    )

    def validate(self, attrs):
        if ("author" in attrs) == ("invitation" in attrs):
            raise serializers.ValidationError("Give either `author` or `invitation`.", "required")
        return attrs


class BlockSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Block
        fields = ["id", "author", "created_at"]

    @extend_schema_field(RecordRefSerializer(allow_null=True))  # a person without a record
    def get_author(self, obj: Block):
        return _record(obj.blocked_record)


class BlockViewSet(
    WriteThrottleMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """People the caller blocks. They are not told; `DELETE` unblocks."""

    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    serializer_class = BlockSerializer
    lookup_value_regex = ROW_ID_REGEX
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Block.objects.filter(blocker=self.request.user).select_related("blocked_record")

    @extend_schema(request=BlockCreateSerializer, responses={201: BlockSerializer})
    def create(self, request: AuthenticatedRequest, *args, **kwargs) -> Response:
        data = BlockCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "invitation" in data.validated_data:
            invitation = sel.invitation_for(user=request.user, pk=data.validated_data["invitation"])
            block = services.block_invitation_sender(blocker=request.user, invitation=invitation)
        else:
            record = AuthorRecord.objects.filter(pk=data.validated_data["author"]).first()
            if record is None:
                raise exceptions.ValidationError(
                    {"author": [exceptions.ErrorDetail("No such author record.", "not_found")]}
                )
            block = services.block_from_record(blocker=request.user, record=record)
        return Response(BlockSerializer(block).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Block) -> None:
        services.unblock(block=instance, user=self.request.user)


class ReportCreateSerializer(serializers.Serializer):
    invitation = RowIdField(required=False)
    message = RowIdField(required=False)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    details = serializers.CharField(
        max_length=REPORT_DETAILS_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        if ("invitation" in attrs) == ("message" in attrs):
            raise serializers.ValidationError("Give either `invitation` or `message`.", "required")
        return attrs


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    reason = serializers.CharField()
    invitation = serializers.IntegerField(source="invitation_id", allow_null=True)
    message = serializers.IntegerField(source="message_id", allow_null=True)
    created_at = serializers.DateTimeField()


class ReportView(APIView):
    """Report an invitation the caller received, or a message sent to them, to moderators."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "collab_write"

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        target: dict = {}
        if "invitation" in values:
            target["invitation"] = sel.invitation_for(user=request.user, pk=values["invitation"])
        else:
            message = get_object_or_404(Message, pk=values["message"])
            sel.conversation_for(user=request.user, pk=message.conversation_id)
            target["message"] = message
        report = services.report_abuse(
            reporter=request.user,
            reason=values["reason"],
            details=values["details"],
            **target,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
