"""`POST /api/v1/authors/{id}/claim-preview/`: how strong would this claim's evidence be?

Open to anonymous callers (a person deciding whether to sign up), rate limited together with
the claim page's preview (profiles/ratelimits.py), and it stores nothing: the claims service's
`evidence_preview` reads the CV in memory, scores it and forgets it. A signed-in caller also
gets their identity proofs in the report.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.parsers import DepthLimitedJSONParser
from profiles.api.schema import ErrorSerializer
from profiles.evidence.report import DECISIONS
from profiles.evidence.text import ACCEPTED_EXTENSIONS, max_upload_bytes
from profiles.models import AuthorRecord
from profiles.ratelimits import ClaimPreviewRate
from profiles.selectors.records import check_visible
from profiles.services import claims as claim_services

BODY_TOO_LARGE = "cv_text_too_long"
MSG_BODY_TOO_LARGE = _(
    "The request is too large. Paste a shorter text, or upload the CV as a file "
    "(at most %(limit)s)."
)


class ClaimPreviewInputSerializer(serializers.Serializer):
    """The claimant's name and their CV, pasted (`cv_text`) and/or uploaded (`cv_file`), as
    for a claim; the evidence rules are the claims service's."""

    name = serializers.CharField(
        max_length=200,
        help_text="The claimant's full name as they write it.",
    )
    cv_text = serializers.CharField(
        required=False,
        allow_blank=False,
        trim_whitespace=False,
        help_text="The CV or publication list as plain text.",
    )
    cv_file = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text=(
            f"The CV as a PDF, UTF-8 plain text or BibTeX file ({', '.join(ACCEPTED_EXTENSIONS)})."
        ),
    )


class MatchedWorkSerializer(serializers.Serializer):
    work_id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    venue = serializers.CharField(allow_blank=True)
    matched_by = serializers.ChoiceField(
        choices=["doi", "arxiv", "title", "authors"],
        help_text="How the CV entry was matched: same DOI, same arXiv id, similar title, or "
        "the same author list with the work's year or venue under another title.",
    )
    similarity = serializers.FloatField(help_text="Title similarity 0-100 (100 for ids).")
    cv_text = serializers.CharField(help_text="The CV entry that matched, shortened.")


class CoauthorOfSerializer(serializers.Serializer):
    work_id = serializers.IntegerField()
    title = serializers.CharField()
    printed_as = serializers.CharField(help_text="The claimant's name as the work prints it.")
    position = serializers.IntegerField(help_text="Author position, 1 for the first author.")


class IdentityProofSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["orcid", "institutional_email"])
    detail = serializers.CharField()
    # docs/claims.md, "Identity proofs": strong may approve alone, supporting needs a
    # moderator, none counts for nothing.
    strength = serializers.ChoiceField(choices=["strong", "supporting", "none"])


class EvidenceReportSerializer(serializers.Serializer):
    """The evidence report (docs/claims-scoring.md explains the score and the decision)."""

    score = serializers.IntegerField(min_value=0, max_value=100)
    decision = serializers.ChoiceField(choices=list(DECISIONS))
    reasons = serializers.ListField(child=serializers.CharField())
    matched_works = MatchedWorkSerializer(many=True)
    coauthor_of = CoauthorOfSerializer(many=True)
    identity_proof = IdentityProofSerializer(many=True)
    suggestions = serializers.ListField(child=serializers.CharField())


class ClaimPreviewView(APIView):
    """Preview how strong a claim's evidence would be, without storing anything."""

    permission_classes = [AllowAny]
    throttle_classes = [ClaimPreviewRate]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="authors_claim_preview",
        summary="Preview a claim's evidence score",
        description=(
            "Scores a claimant's name and CV against the record: a score 0-100, a decision "
            "(`strong`, `review`, `weak`), reasons, the matched works, the works where the "
            "claimant is printed as another author, and (for a signed-in caller) identity "
            "proofs. Stores nothing. Open to anonymous callers; rate limited together with the "
            "claim page's preview (`CLAIMS_PREVIEW_PER_MINUTE`). Send JSON `{name, cv_text}` "
            "or multipart with `name` and `cv_text` and/or `cv_file`."
        ),
        request={
            "application/json": ClaimPreviewInputSerializer,
            "multipart/form-data": ClaimPreviewInputSerializer,
        },
        responses={
            200: EvidenceReportSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            413: ErrorSerializer,
            429: ErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "Pasted CV",
                value={"name": "ChonLam Lao", "cv_text": "Efficient Data-Plane Memory ..."},
                request_only=True,
                media_type="application/json",
            )
        ],
        tags=["authors"],
    )
    def post(self, request: Request, pk: int) -> Response:
        author = AuthorRecord.objects.filter(pk=pk).first()
        if author is None:
            raise NotFound(_("No author record with this id."))
        check_visible(author)
        try:
            payload = request.data
        except RequestDataTooBig:
            # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE before we see them.
            raise serializers.ValidationError(
                {"cv_text": [MSG_BODY_TOO_LARGE % {"limit": filesizeformat(max_upload_bytes())}]},
                code=BODY_TOO_LARGE,
            ) from None
        serializer = ClaimPreviewInputSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = claim_services.evidence_preview(
            author=author,
            claimant_name=data["name"],
            viewer=request.user,
            cv_text=data.get("cv_text", ""),
            cv_file=data.get("cv_file"),
        )
        return Response(EvidenceReportSerializer(report.as_dict()).data)
