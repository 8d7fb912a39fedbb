"""Output serializers of the read API. Write endpoints use their own input serializers."""

from __future__ import annotations

from typing import cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from profiles.choices import VERIFICATION_MEANINGS, VerificationLevel
from profiles.mathtext import plain_text
from profiles.models import AuthorRecord, Institution, Topic, Work
from profiles.selectors import records as selectors
from profiles.services.trust import band_for


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "ror", "country_code", "homepage_url"]


class AuthorSummarySerializer(serializers.ModelSerializer):
    """A record in a list: enough to choose one."""

    url = serializers.SerializerMethodField(help_text="The record's public page.")
    affiliation = InstitutionSerializer(allow_null=True)
    verification_level = serializers.SerializerMethodField()
    is_claimed = serializers.BooleanField()
    follower_count = serializers.IntegerField(source="followers_count")

    class Meta:
        model = AuthorRecord
        fields = [
            "id",
            "slug",
            "url",
            "display_name",
            "headline",
            "affiliation",
            "open_to_collaborate",
            "is_claimed",
            "verification_level",
            "trust_score",
            "works_count",
            "follower_count",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: AuthorRecord) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_verification_level(self, obj: AuthorRecord) -> str:
        return str(VerificationLevel(obj.verification_level).label)


class AuthorHitSerializer(AuthorSummarySerializer):
    """A search hit: the summary plus what tells people of the same name apart."""

    top_topics = serializers.SerializerMethodField(
        help_text="The record's main topics, most works first (at most three)."
    )
    recent_work = serializers.CharField(
        source="hit_recent_work",
        default="",
        help_text="Title of the record's newest visible work (empty when it has none).",
    )
    coauthors_count = serializers.IntegerField(
        source="collaborators_count", help_text="Distinct co-authors on the record's works."
    )

    class Meta(AuthorSummarySerializer.Meta):
        fields = AuthorSummarySerializer.Meta.fields + [
            "top_topics",
            "recent_work",
            "coauthors_count",
        ]

    def get_top_topics(self, obj: AuthorRecord) -> list[str]:
        return [name for _, name in getattr(obj, "hit_topics", [])]


class TrustTermSerializer(serializers.Serializer):
    # Stub gap: DRF's serializer metaclass takes declared fields off the class, so this field
    # never replaces Field.label; the stubs see a class attribute of another type.
    label = serializers.CharField()  # type: ignore[assignment]  # stub gap, see above
    points = serializers.IntegerField()


class TrustSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    band = serializers.CharField()
    breakdown = TrustTermSerializer(many=True)


class VerificationSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="L1 to L4")
    number = serializers.IntegerField()
    meaning = serializers.CharField()


class ClaimStateSerializer(serializers.Serializer):
    is_claimed = serializers.BooleanField()
    claimed_at = serializers.DateTimeField(allow_null=True)
    caller = serializers.CharField(
        help_text="What the caller can do: visitor, unverified, can_claim, pending, claimed, "
        "owner or owns_other (docs/claims.md)."
    )
    caller_claim_id = serializers.IntegerField(
        allow_null=True, help_text="The caller's pending claim on this record, if any."
    )
    claim_url = serializers.CharField(help_text="POST here to claim (`/api/v1/claims/`).")


class CountsSerializer(serializers.Serializer):
    works = serializers.IntegerField()
    followers = serializers.IntegerField()
    topics = serializers.IntegerField()
    close_collaborators = serializers.IntegerField()


class TopicRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="topic.id")
    name = serializers.CharField(source="topic.name")
    works_count = serializers.IntegerField()


class CollaboratorSerializer(serializers.Serializer):
    name = serializers.CharField()
    author_id = serializers.IntegerField(source="author.id", allow_null=True, default=None)
    shared_works = serializers.IntegerField()


class AuthorDetailSerializer(AuthorSummarySerializer):
    """Everything the public page shows."""

    name_variants = serializers.SerializerMethodField()
    trust = serializers.SerializerMethodField()
    verification = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    close_collaborators = serializers.SerializerMethodField()
    is_following = serializers.SerializerMethodField(
        help_text="Whether the caller follows this record; false for anonymous callers."
    )
    works_url = serializers.SerializerMethodField()
    claim = serializers.SerializerMethodField(help_text="Claim state of the record.")
    can_invite = serializers.SerializerMethodField(
        help_text="Whether the caller may invite this record's owner now (never reveals blocks)."
    )
    invitation_pending = serializers.SerializerMethodField(
        help_text="Whether the caller has a pending invitation to this record's owner."
    )

    class Meta(AuthorSummarySerializer.Meta):
        fields = AuthorSummarySerializer.Meta.fields + [
            "name_variants",
            "bio",
            "orcid",
            "external_ids",
            "links",
            "claimed_at",
            "verification",
            "trust",
            "counts",
            "topics",
            "close_collaborators",
            "is_following",
            "works_url",
            "claim",
            "can_invite",
            "invitation_pending",
        ]

    def get_name_variants(self, obj: AuthorRecord) -> list[str]:
        return [v.name for v in getattr(obj, "public_variants", [])]

    @extend_schema_field(TrustSerializer)
    def get_trust(self, obj: AuthorRecord) -> dict:
        return {
            "score": obj.trust_score,
            "band": band_for(obj.trust_score),
            "breakdown": obj.trust_breakdown,
        }

    @extend_schema_field(VerificationSerializer)
    def get_verification(self, obj: AuthorRecord) -> dict:
        level = VerificationLevel(obj.verification_level)
        return {
            "level": level.label,
            "number": int(level),
            "meaning": str(VERIFICATION_MEANINGS[level]),
        }

    @extend_schema_field(CountsSerializer)
    def get_counts(self, obj: AuthorRecord) -> dict:
        return {
            "works": obj.works_count,
            "followers": obj.followers_count,
            "topics": obj.topics_count,
            "close_collaborators": obj.collaborators_count,
        }

    @extend_schema_field(TopicRefSerializer(many=True))
    def get_topics(self, obj: AuthorRecord) -> list[dict]:
        # many=True builds a ListSerializer, whose .data is a list (ReturnList); the stubs
        # type the call as the child serializer, whose .data is a ReturnDict.
        return cast(list[dict], TopicRefSerializer(getattr(obj, "topic_rows", []), many=True).data)

    @extend_schema_field(CollaboratorSerializer(many=True))
    def get_close_collaborators(self, obj: AuthorRecord) -> list[dict]:
        # many=True builds a ListSerializer, whose .data is a list (ReturnList); the stubs
        # type the call as the child serializer, whose .data is a ReturnDict.
        return cast(
            list[dict],
            CollaboratorSerializer(selectors.close_collaborators(author=obj), many=True).data,
        )

    def get_is_following(self, obj: AuthorRecord) -> bool:
        request = self.context.get("request")
        return selectors.is_following(user=getattr(request, "user", None), author=obj)

    @extend_schema_field(ClaimStateSerializer)
    def get_claim(self, obj: AuthorRecord) -> dict:
        from django.urls import reverse

        from profiles.services.claims import panel_state

        request = self.context.get("request")
        state = panel_state(user=getattr(request, "user", None), author=obj)
        return {
            "is_claimed": obj.is_claimed,
            "claimed_at": obj.claimed_at,
            "caller": state.kind,
            "caller_claim_id": state.claim.pk if state.claim else None,
            "claim_url": reverse("api:claim-list"),
        }

    def _panel(self, obj: AuthorRecord):
        if not hasattr(self, "_panel_cache"):
            from profiles.selectors.collaboration import panel_state

            request = self.context.get("request")
            self._panel_cache = panel_state(user=getattr(request, "user", None), author=obj)
        return self._panel_cache

    def get_can_invite(self, obj: AuthorRecord) -> bool:
        return self._panel(obj).state == "invite"

    def get_invitation_pending(self, obj: AuthorRecord) -> bool:
        return self._panel(obj).state == "pending"

    @extend_schema_field(OpenApiTypes.URI)
    def get_works_url(self, obj: AuthorRecord) -> str:
        from django.urls import reverse

        path = reverse("api:author-works", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AuthorshipSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField(source="raw_name", help_text="The name as printed on the work.")
    author_id = serializers.IntegerField(allow_null=True)


class WorkSerializer(serializers.ModelSerializer):
    authors = AuthorshipSerializer(source="authorships", many=True)
    title = serializers.CharField(
        help_text="The title as the source prints it; it may hold LaTeX math ($...$)."
    )
    abstract = serializers.CharField(
        help_text="The abstract as the source prints it; it may hold LaTeX math ($...$) "
        "and text escapes (\\%)."
    )
    title_text = serializers.SerializerMethodField(
        help_text="The title as plain text: LaTeX math and escapes turned into readable "
        "characters ($\\underline{E}$fficient -> Efficient, $1.35\\times$ -> 1.35×)."
    )
    abstract_text = serializers.SerializerMethodField(
        help_text="The abstract as plain text, like `title_text`."
    )
    # many=True makes a ManyRelatedField (the stubs type the call as either).
    topics: serializers.ManyRelatedField | serializers.RelatedField[Topic, str, str] = (
        serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    )

    class Meta:
        model = Work
        fields = [
            "id",
            "title",
            "work_type",
            "year",
            "venue",
            "abstract",
            "title_text",
            "abstract_text",
            "doi",
            "arxiv_id",
            "alternative_titles",
            "authors",
            "author_list_complete",
            "topics",
        ]

    def get_title_text(self, obj: Work) -> str:
        return plain_text(obj.title)

    def get_abstract_text(self, obj: Work) -> str:
        return plain_text(obj.abstract)


class OwnerWorkSerializer(WorkSerializer):
    """A work in the owner's own list: `hidden` says whether it is hidden from the page."""

    hidden = serializers.BooleanField(
        read_only=True, help_text="True when the owner hid this work from the record's page."
    )

    class Meta(WorkSerializer.Meta):
        fields = [*WorkSerializer.Meta.fields, "hidden"]
