"""Claim API: `POST /api/v1/claims/`, `GET /api/v1/claims/` (the caller's own),
`GET /api/v1/claims/{id}/`, `POST /api/v1/claims/{id}/withdraw/`. Views call
profiles.services.claims and let its typed errors through: the API's exception handler gives
them their status and the one error shape."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.fields import RowPrimaryKeyRelatedField
from profiles.api.parsers import DepthLimitedJSONParser
from profiles.identifiers import ROW_ID_REGEX
from profiles.models import AuthorRecord, Claim
from profiles.services import claims as svc


class ClaimCreateSerializer(serializers.Serializer):
    """Input of `POST /api/v1/claims/`: JSON, or multipart with a `cv_file`."""

    author = RowPrimaryKeyRelatedField(queryset=AuthorRecord.objects.filter(hidden=False))
    cv_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    cv_file = serializers.FileField(required=False, allow_empty_file=True)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    orcid = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="Typed, not proven."
    )


class ClaimEvidenceSerializer(serializers.Serializer):
    """Input of `POST /api/v1/claims/{id}/evidence/`: more evidence for a pending claim."""

    cv_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    cv_file = serializers.FileField(required=False, allow_empty_file=True)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ClaimObjectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=svc.MAX_OBJECTION_CHARS)


class ClaimAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    display_name = serializers.CharField()


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as its claimant sees it."""

    author = ClaimAuthorSerializer()
    queue_position = serializers.SerializerMethodField()
    missing_evidence = serializers.SerializerMethodField()
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "author",
            "status",
            "statement",
            "orcid",
            "score",
            "decision",
            "report",
            "identity_proof",
            "proof_strength",
            "has_file",
            "queue_position",
            "missing_evidence",
            "level_granted",
            "auto_approved",
            "decision_reason",
            "decided_at",
            "objections_until",
            "created_at",
            "updated_at",
        ]

    def get_queue_position(self, obj: Claim) -> int | None:
        return svc.queue_position(obj)

    def get_missing_evidence(self, obj: Claim) -> list[str]:
        if self.context.get("view") and self.context["view"].action == "list":
            return list(obj.report.get("suggestions", [])) if obj.is_pending else []
        return svc.missing_evidence(obj)

    def get_has_file(self, obj: Claim) -> bool:
        return bool(obj.cv_file)


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own claims. Others' claims answer 404."""

    permission_classes = [permissions.IsAuthenticated]
    request: AuthenticatedRequest
    serializer_class = ClaimSerializer
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]
    lookup_value_regex = ROW_ID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Claim.objects.none()
        return svc.with_queue_position(
            Claim.objects.filter(claimant=self.request.user)
            .select_related("author", "claimant")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    def create(self, request: AuthenticatedRequest, *args, **kwargs) -> Response:
        """Claim a record with evidence: `cv_text` and/or `cv_file` (PDF, text, BibTeX),
        `statement`, `orcid`. A strong match with identity proof is approved at once."""
        data = ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        claim = svc.claim_submit(
            claimant=request.user,
            author=values["author"],
            statement=values.get("statement", ""),
            cv_text=values.get("cv_text", ""),
            cv_file=values.get("cv_file"),
            orcid=values.get("orcid", ""),
        )
        body = ClaimSerializer(claim, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimEvidenceSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def evidence(self, request: AuthenticatedRequest, pk: str | None = None, **kwargs) -> Response:
        """Add evidence to one's own pending claim (a CV, a statement; a newly verified email
        or ORCID sign-in is picked up too). It is scored again and keeps its place."""
        claim = self.get_object()
        data = ClaimEvidenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        claim = svc.claim_add_evidence(
            claim=claim,
            user=request.user,
            statement=values.get("statement", ""),
            cv_text=values.get("cv_text", ""),
            cv_file=values.get("cv_file"),
        )
        return Response(ClaimSerializer(claim, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: AuthenticatedRequest, pk: str | None = None, **kwargs) -> Response:
        """Withdraw one's own pending claim."""
        claim = self.get_object()
        claim = svc.claim_withdraw(claim=claim, user=request.user)
        return Response(ClaimSerializer(claim, context=self.get_serializer_context()).data)


class ClaimObjectionView(APIView):
    """`POST /api/v1/claims/{id}/objections/`: the owner of a claimed record that shares works
    with the claimed one objects, with a reason, while the objection window is open. Anyone
    else gets 404: a claim is not public."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ClaimObjectionSerializer, responses={201: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        claim = Claim.objects.filter(pk=pk).first()
        if claim is None or svc.may_object(claim=claim, user=request.user) is None:
            raise Http404
        data = ClaimObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.claim_object(claim=claim, user=request.user, reason=data.validated_data["reason"])
        return Response({"claim": claim.pk, "objected": True}, status=status.HTTP_201_CREATED)
