"""API of collaboration invitations: send, list, answer, withdraw."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from profiles.api.auth import AuthenticatedRequest
from profiles.api.collaboration.common import (
    RecordRefSerializer,
    WriteThrottleMixin,
    _record,
)
from profiles.api.fields import RowIdField
from profiles.identifiers import ROW_ID_REGEX
from profiles.markup import render_markdown
from profiles.models import AuthorRecord, Invitation, Topic, Work
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services

# --- Invitations ------------------------------------------------------------------------


class InvitationCreateSerializer(serializers.Serializer):
    recipient = RowIdField(help_text="Id of the invited researcher's record.")
    subject = serializers.CharField(max_length=SUBJECT_MAX_LENGTH)
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="Markdown.")
    works = serializers.ListField(child=RowIdField(), required=False, default=list, max_length=20)
    topics = serializers.ListField(child=RowIdField(), required=False, default=list, max_length=20)


class AnswerSerializer(serializers.Serializer):
    reply = serializers.CharField(
        max_length=REPLY_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class InvitationWorkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class InvitationTopicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InvitationSerializer(serializers.ModelSerializer):
    sender = serializers.SerializerMethodField()
    recipient = serializers.SerializerMethodField()
    message_html = serializers.SerializerMethodField()
    works = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    conversation = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField(help_text="`sender` or `recipient`: the caller's.")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "status",
            "role",
            "sender",
            "recipient",
            "subject",
            "message",
            "message_html",
            "reply",
            "works",
            "topics",
            "created_at",
            "expires_at",
            "answered_at",
            "conversation",
        ]

    @extend_schema_field(RecordRefSerializer(allow_null=True))  # the sender's record may go
    def get_sender(self, obj: Invitation):
        return _record(obj.sender_record)

    @extend_schema_field(RecordRefSerializer)
    def get_recipient(self, obj: Invitation):
        return _record(obj.recipient_record)

    def get_message_html(self, obj: Invitation) -> str:
        return str(render_markdown(obj.message))

    @extend_schema_field(InvitationWorkSerializer(many=True))
    def get_works(self, obj: Invitation) -> list[dict]:
        if "works" not in getattr(obj, "_prefetched_objects_cache", {}):
            return []
        return [{"id": w.pk, "title": w.title} for w in obj.works.all()]

    @extend_schema_field(InvitationTopicSerializer(many=True))
    def get_topics(self, obj: Invitation) -> list[dict]:
        if "topics" not in getattr(obj, "_prefetched_objects_cache", {}):
            return []
        return [{"id": t.pk, "name": t.name} for t in obj.topics.all()]

    def get_conversation(self, obj: Invitation) -> int | None:
        conversation = getattr(obj, "conversation", None)
        return conversation.pk if conversation else None

    def get_role(self, obj: Invitation) -> str:
        user = self.context["request"].user
        return "sender" if obj.sender_id == user.pk else "recipient"


class InvitationViewSet(
    WriteThrottleMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Invitations the caller received (`?box=inbox`, the default) or sent (`?box=outbox`)."""

    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    serializer_class = InvitationSerializer
    lookup_value_regex = ROW_ID_REGEX
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        box = self.request.query_params.get("box") or "inbox"
        if box not in ("inbox", "outbox"):
            raise exceptions.ValidationError(
                {"box": [exceptions.ErrorDetail("Use box=inbox or box=outbox.", "invalid_choice")]}
            )
        return sel.invitation_box(user=self.request.user, box=box).select_related("conversation")

    def get_object(self):
        return sel.invitation_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[OpenApiParameter("box", str, enum=["inbox", "outbox"], required=False)]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        invitation = self.get_object()
        services.mark_invitation_seen(invitation=invitation, user=request.user)
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def create(self, request: AuthenticatedRequest, *args, **kwargs) -> Response:
        data = InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        recipient = AuthorRecord.objects.filter(pk=values["recipient"]).first()
        if recipient is None:
            raise exceptions.ValidationError(
                {"recipient": [exceptions.ErrorDetail("No such author record.", "not_found")]}
            )
        works = list(Work.objects.filter(pk__in=values["works"]))
        topics = list(Topic.objects.filter(pk__in=values["topics"]))
        if len(works) != len(set(values["works"])) or len(topics) != len(set(values["topics"])):
            raise exceptions.ValidationError(
                {"works": [exceptions.ErrorDetail("Unknown work or topic id.", "not_found")]}
            )
        invitation = services.send_invitation(
            sender=request.user,
            recipient_record=recipient,
            subject=values["subject"],
            message=values["message"],
            works=works,
            topics=topics,
        )
        invitation = sel.invitation_for(user=request.user, pk=invitation.pk)
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, pk, fn, **extra) -> Response:
        invitation = self.get_object()
        fn(invitation=invitation, user=request.user, **extra)
        invitation = sel.invitation_for(user=request.user, pk=pk)
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=AnswerSerializer, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: AuthenticatedRequest, pk=None, **kwargs) -> Response:
        """The recipient accepts; the response's `conversation` is the new conversation."""
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        return self._transition(
            request, pk, services.accept_invitation, reply=answer.validated_data["reply"]
        )

    @extend_schema(request=AnswerSerializer, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: AuthenticatedRequest, pk=None, **kwargs) -> Response:
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        return self._transition(
            request, pk, services.decline_invitation, reply=answer.validated_data["reply"]
        )

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: AuthenticatedRequest, pk=None, **kwargs) -> Response:
        return self._transition(request, pk, services.withdraw_invitation)
