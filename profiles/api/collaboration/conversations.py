"""API of conversations between the two parties of an accepted invitation."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from profiles.api.auth import AuthenticatedRequest
from profiles.api.collaboration.common import (
    RecordRefSerializer,
    WriteThrottleMixin,
    _record,
)
from profiles.identifiers import ROW_ID_REGEX
from profiles.markup import render_markdown
from profiles.models import Message
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
)
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services

# --- Conversations ----------------------------------------------------------------------


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="conversation_id")
    subject = serializers.CharField(source="conversation.invitation.subject")
    invitation = serializers.IntegerField(source="conversation.invitation_id")
    other = serializers.SerializerMethodField(help_text="The other party's public record.")
    created_at = serializers.DateTimeField(source="conversation.created_at")
    last_message_at = serializers.DateTimeField(source="conversation.last_message_at")
    closed = serializers.SerializerMethodField()
    left = serializers.SerializerMethodField(help_text="Whether the caller left it.")
    has_unread = serializers.BooleanField()

    @extend_schema_field(RecordRefSerializer(allow_null=True))  # a person without a record
    def get_other(self, seat) -> dict | None:
        others = getattr(seat.conversation, "others", [])
        return _record(others[0].record) if others else None

    def get_closed(self, seat) -> bool:
        return seat.conversation.closed_at is not None

    def get_left(self, seat) -> bool:
        return seat.left_at is not None


class MessageSerializer(serializers.ModelSerializer):
    mine = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "mine", "body", "body_html", "created_at"]

    def get_mine(self, obj: Message) -> bool:
        return obj.sender_id == self.context["request"].user.pk

    def get_body_html(self, obj: Message) -> str:
        return str(render_markdown(obj.body))


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="Markdown.")


class ConversationViewSet(
    WriteThrottleMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's conversations, most recent activity first."""

    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    serializer_class = ConversationSerializer
    lookup_value_regex = ROW_ID_REGEX
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        return sel.conversations_for(self.request.user)

    def get_object(self):
        seat = self.get_queryset().filter(conversation_id=self.kwargs["pk"]).first()
        if seat is None:
            from django.http import Http404

            raise Http404
        return seat

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=MessageCreateSerializer, responses={201: MessageSerializer}
    )
    @action(detail=True, methods=["get", "post"], serializer_class=MessageSerializer)
    def messages(self, request: AuthenticatedRequest, pk=None, **kwargs) -> Response:
        """`GET` the messages, oldest first (paginated; reading marks them read); `POST` one."""
        conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
        if request.method == "POST":
            data = MessageCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            message = services.post_message(
                conversation=conversation, user=request.user, body=data.validated_data["body"]
            )
            return Response(
                MessageSerializer(message, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        page = self.paginate_queryset(sel.conversation_messages(conversation))
        services.mark_conversation_read(conversation=conversation, user=request.user)
        return self.get_paginated_response(
            MessageSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(request=None, responses=ConversationSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: AuthenticatedRequest, pk=None, **kwargs) -> Response:
        """Leave the conversation; it ends for both and no more messages can be sent."""
        conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
        services.leave_conversation(conversation=conversation, user=request.user)
        return Response(ConversationSerializer(self.get_object()).data)
