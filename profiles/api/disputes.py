"""`POST /api/v1/authors/{id}/disputes/`: a signed-in person disputes the record's approved
claim ("this record is mine") with evidence. The claims service decides
(profiles/services/claims/disputes.py); its typed errors pass through to the API's handler."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.auth import AuthenticatedRequest
from profiles.api.parsers import DepthLimitedJSONParser
from profiles.models import AuthorRecord, Dispute
from profiles.services import claims as svc


class DisputeCreateSerializer(serializers.Serializer):
    cv_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    cv_file = serializers.FileField(required=False, allow_empty_file=True)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class DisputeSerializer(serializers.ModelSerializer):
    """A dispute as its disputant sees it (the owner's evidence is not shown)."""

    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "author",
            "status",
            "statement",
            "score",
            "decision",
            "report",
            "identity_proof",
            "proof_strength",
            "has_file",
            "decision_reason",
            "decided_at",
            "created_at",
        ]

    def get_has_file(self, obj: Dispute) -> bool:
        return bool(obj.cv_file)


class AuthorDisputesView(APIView):
    """Dispute a record's approved claim: `cv_text` and/or `cv_file`, `statement`."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="authors_dispute",
        request={
            "application/json": DisputeCreateSerializer,
            "multipart/form-data": DisputeCreateSerializer,
        },
        responses={201: DisputeSerializer},
        tags=["authors"],
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        author = AuthorRecord.objects.filter(pk=pk).first()
        if author is None:
            raise NotFound("No author record with this id.")
        data = DisputeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        dispute = svc.dispute_submit(
            disputant=request.user,
            author=author,
            statement=values.get("statement", ""),
            cv_text=values.get("cv_text", ""),
            cv_file=values.get("cv_file"),
        )
        return Response(DisputeSerializer(dispute).data, status=status.HTTP_201_CREATED)
