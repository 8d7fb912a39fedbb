"""Moderators' views of records, works and institutions. Changes that carry rules (counters,
trust) go through the services."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from profiles.admin.audit import AuditTrailLinkMixin
from profiles.admin.merges import RecordMergeMixin
from profiles.models import (
    AuthorRecord,
    Authorship,
    Follow,
    Institution,
    InstitutionDomain,
    NameVariant,
    ProfileEvent,
    Topic,
    Work,
)
from profiles.services.records import refresh_author_stats


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0


class ProfileEventInline(admin.TabularInline):
    model = ProfileEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "kind", "actor", "old_value", "new_value", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuthorRecord)
class AuthorRecordAdmin(RecordMergeMixin, AuditTrailLinkMixin, admin.ModelAdmin):
    list_display = [
        "display_name",
        "slug",
        "verification_level",
        "trust_score",
        "owner",
        "works_count",
        "followers_count",
    ]
    list_filter = ["verification_level", "open_to_collaborate", "source"]
    search_fields = ["display_name", "slug", "orcid", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "affiliation"]
    readonly_fields = [
        "owner",
        "claimed_at",
        "verification_level",
        "trust_score",
        "trust_breakdown",
        "works_count",
        "followers_count",
        "topics_count",
        "collaborators_count",
        "created_at",
        "updated_at",
        "moderator_override",
        "audit_trail",
        "detach_link",
    ]
    inlines = [NameVariantInline, ProfileEventInline]
    actions = ["refresh_stats", "merge_two"]

    @admin.display(description=_("moderator override"))
    def moderator_override(self, obj: AuthorRecord) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:profiles_trustoverride_add")
        return format_html(
            '<a href="{}?author={}">{}</a>', url, obj.pk, _("Set the level or adjust the trust")
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        refresh_author_stats(author=obj, actor=request.user, reason="edited in admin")

    @admin.action(description="Recount works, followers, topics and trust")
    def refresh_stats(self, request, queryset) -> None:
        for author in queryset:
            refresh_author_stats(author=author, actor=request.user, reason="admin refresh")
        self.message_user(request, f"Refreshed {queryset.count()} record(s).")


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    raw_id_fields = ["author"]
    ordering = ["position"]


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ["title", "work_type", "year", "venue", "doi", "arxiv_id"]
    list_filter = ["work_type", "source"]
    search_fields = ["title", "doi", "arxiv_id"]
    inlines = [AuthorshipInline]

    def save_related(self, request, form, formsets, change) -> None:
        """Authorship edits change the linked records' counters and trust: recount them,
        including records that were just unlinked."""
        before = set(
            form.instance.authorships.exclude(author=None).values_list("author", flat=True)
        )
        super().save_related(request, form, formsets, change)
        after = set(form.instance.authorships.exclude(author=None).values_list("author", flat=True))
        for author in AuthorRecord.objects.filter(pk__in=before | after):
            refresh_author_stats(author=author, actor=request.user, reason="work edited in admin")


class InstitutionDomainInline(admin.TabularInline):
    model = InstitutionDomain
    extra = 1


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country_code", "ror"]
    search_fields = ["name", "ror", "domains__domain"]
    inlines = [InstitutionDomainInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "field", "domain"]
    search_fields = ["name"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "author", "created_at"]
    raw_id_fields = ["user", "author"]
