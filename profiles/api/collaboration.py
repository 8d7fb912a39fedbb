"""REST API of follows and collaboration (docs/collaboration.md, "API"). Input and output
serializers are separate; every write calls a service; invitations and conversations exist
only for their two parties (404 for anyone else, like the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from profiles.api.fields import RowIdField
from profiles.api.pagination import PagePagination
from profiles.choices import ReportReason
from profiles.identifiers import ROW_ID_REGEX
from profiles.markup import render_markdown
from profiles.models import AuthorRecord, Block, Invitation, Message, Topic, Work
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services
from profiles.services.collaboration import follows as follow_services
from profiles.views.collaboration import refusal


def _raise_refusal(exc: ValidationError):
    """A service refusal as an API error: 403 for who-is-asking rules, else 400."""
    code, status_code = "invalid", 400
    if not hasattr(exc, "error_dict"):
        code = exc.error_list[0].code or "invalid"
        status_code, _messages = refusal(exc)
    if status_code == 403:
        raise exceptions.PermissionDenied(
            detail=exceptions.ErrorDetail(exc.messages[0], code=code)
        ) from exc
    raise exc


class WriteThrottleMixin:
    """Writes (invitations, answers, messages, blocks) share the `collab_write` burst limit."""

    def get_throttles(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.throttle_scope = "collab_write"
            return [UserRateThrottle(), ScopedRateThrottle()]
        return super().get_throttles()


# --- Shared pieces ----------------------------------------------------------------------


class RecordRefSerializer(serializers.Serializer):
    """A person as others see them: their public record, never their email."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    slug = serializers.CharField()


def _record(record) -> dict | None:
    if record is None:
        return None
    return {"id": record.pk, "display_name": record.display_name, "slug": record.slug}


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
    def post(self, request: Request, pk: int) -> Response:
        author = get_object_or_404(AuthorRecord, pk=pk)
        try:
            author, _created = follow_services.follow_author(user=request.user, author=author)
        except ValidationError as exc:
            _raise_refusal(exc)
        return self._respond(author, True)

    @extend_schema(request=None, responses=FollowStateSerializer)
    def delete(self, request: Request, pk: int) -> Response:
        author = get_object_or_404(AuthorRecord, pk=pk)
        author, _deleted = follow_services.unfollow_author(user=request.user, author=author)
        return self._respond(author, False)


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

    @extend_schema_field(RecordRefSerializer)
    def get_sender(self, obj: Invitation):
        return _record(obj.sender_record)

    @extend_schema_field(RecordRefSerializer)
    def get_recipient(self, obj: Invitation):
        return _record(obj.recipient_record)

    def get_message_html(self, obj: Invitation) -> str:
        return str(render_markdown(obj.message))

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_works(self, obj: Invitation) -> list[dict]:
        if "works" not in getattr(obj, "_prefetched_objects_cache", {}):
            return []
        return [{"id": w.pk, "title": w.title} for w in obj.works.all()]

    @extend_schema_field(OpenApiTypes.OBJECT)
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
    def create(self, request: Request) -> Response:
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
        try:
            invitation = services.send_invitation(
                sender=request.user,
                recipient_record=recipient,
                subject=values["subject"],
                message=values["message"],
                works=works,
                topics=topics,
            )
        except ValidationError as exc:
            _raise_refusal(exc)
        invitation = sel.invitation_for(user=request.user, pk=invitation.pk)
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, pk, fn, **extra) -> Response:
        invitation = self.get_object()
        try:
            fn(invitation=invitation, user=request.user, **extra)
        except ValidationError as exc:
            _raise_refusal(exc)
        invitation = sel.invitation_for(user=request.user, pk=pk)
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=AnswerSerializer, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        """The recipient accepts; the response's `conversation` is the new conversation."""
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        return self._transition(
            request, pk, services.accept_invitation, reply=answer.validated_data["reply"]
        )

    @extend_schema(request=AnswerSerializer, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        return self._transition(
            request, pk, services.decline_invitation, reply=answer.validated_data["reply"]
        )

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        return self._transition(request, pk, services.withdraw_invitation)


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

    @extend_schema_field(RecordRefSerializer)
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

    @extend_schema(request=MessageCreateSerializer, responses=MessageSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=MessageSerializer)
    def messages(self, request: Request, pk=None) -> Response:
        """`GET` the messages, oldest first (paginated; reading marks them read); `POST` one."""
        conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
        if request.method == "POST":
            data = MessageCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                message = services.post_message(
                    conversation=conversation, user=request.user, body=data.validated_data["body"]
                )
            except ValidationError as exc:
                _raise_refusal(exc)
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
    def leave(self, request: Request, pk=None) -> Response:
        """Leave the conversation; it ends for both and no more messages can be sent."""
        conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
        try:
            services.leave_conversation(conversation=conversation, user=request.user)
        except ValidationError as exc:
            _raise_refusal(exc)
        return Response(ConversationSerializer(self.get_object()).data)


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

    @extend_schema_field(RecordRefSerializer)
    def get_author(self, obj: Block):
        return _record(obj.blocked_record)


class BlockViewSet(
    WriteThrottleMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """People the caller blocks. They are not told; `DELETE` unblocks."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BlockSerializer
    lookup_value_regex = ROW_ID_REGEX
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Block.objects.filter(blocker=self.request.user).select_related("blocked_record")

    @extend_schema(request=BlockCreateSerializer, responses={201: BlockSerializer})
    def create(self, request: Request) -> Response:
        data = BlockCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if "invitation" in data.validated_data:
                invitation = sel.invitation_for(
                    user=request.user, pk=data.validated_data["invitation"]
                )
                block = services.block_invitation_sender(
                    blocker=request.user, invitation=invitation
                )
            else:
                record = AuthorRecord.objects.filter(pk=data.validated_data["author"]).first()
                if record is None:
                    raise exceptions.ValidationError(
                        {"author": [exceptions.ErrorDetail("No such author record.", "not_found")]}
                    )
                block = services.block_from_record(blocker=request.user, record=record)
        except ValidationError as exc:
            _raise_refusal(exc)
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
    def post(self, request: Request) -> Response:
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
        try:
            report = services.report_abuse(
                reporter=request.user,
                reason=values["reason"],
                details=values["details"],
                **target,
            )
        except ValidationError as exc:
            _raise_refusal(exc)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


# --- Following lists and unread counts --------------------------------------------------


class FollowingView(APIView):
    """Records the caller follows, most recently followed first (paginated)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RecordRefSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        page = paginator.paginate_queryset(sel.followed_by(request.user), request, view=self)
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

    @extend_schema(responses=FollowerSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        author = get_object_or_404(AuthorRecord, pk=pk)
        if not sel.can_see_followers(user=request.user, author=author):
            from django.http import Http404

            raise Http404
        paginator = PagePagination()
        page = paginator.paginate_queryset(sel.followers_of(author), request, view=self)
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
    def get(self, request: Request) -> Response:
        return Response(UnreadSerializer(sel.unread_counts(request.user)).data)
