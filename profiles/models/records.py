"""Author records and what describes them: institutions, topics, name variants, history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profiles.choices import ProfileEventKind, RecordSource, VerificationLevel
from profiles.identifiers import validate_orcid


class Institution(models.Model):
    """A university, lab or company, shaped after the OpenAlex institution object. Its email
    domains (InstitutionDomain) let a verified address prove membership."""

    name = models.CharField(_("name"), max_length=300)
    openalex_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    ror = models.CharField(_("ROR id"), max_length=64, unique=True, null=True, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    homepage_url = models.URLField(blank=True)
    alternative_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstitutionDomain(models.Model):
    """An email domain that belongs to an institution (`harvard.edu`); subdomains match too."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain__regex=r"^[a-z0-9.-]+\.[a-z]{2,}$"),
                name="institution_domain_lowercase_hostname",
            )
        ]

    def __str__(self) -> str:
        return self.domain


class Topic(models.Model):
    """A research topic (OpenAlex topic with its subfield, field and domain names)."""

    name = models.CharField(max_length=300)
    openalex_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    subfield = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=200, blank=True)
    domain = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuthorRecord(models.Model):
    """A public author record: one researcher as the scholarly record shows them. It exists
    before anyone claims it; `owner` is set once a claim is approved. Counters are kept by
    the services that change what they count (profiles/services/records.py), so pages read them
    without counting."""

    slug = models.SlugField(max_length=120, unique=True)
    display_name = models.CharField(_("name"), max_length=200)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown; rendered safely."))
    affiliation = models.ForeignKey(
        Institution,
        verbose_name=_("affiliation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # True when the owner chose the affiliation on their profile: an address at its domains
    # is no identity proof (docs/claims.md, "Identity proofs"). Imports set it back to False.
    affiliation_by_owner = models.BooleanField(default=False, editable=False)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_orcid],
    )
    openalex_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    external_ids = models.JSONField(_("external ids"), default=dict, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    open_to_collaborate = models.BooleanField(_("open to collaborate"), default=True)
    source = models.CharField(
        max_length=16, choices=RecordSource.choices, default=RecordSource.SEED
    )

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_record",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        choices=VerificationLevel.choices, default=VerificationLevel.L1
    )
    trust_score = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    trust_breakdown = models.JSONField(default=list, blank=True, editable=False)
    hide_followers = models.BooleanField(_("hide my followers list"), default=False)
    # Set by moderators granting a request about an unclaimed record
    # (profiles/services/moderation/requests.py): a hidden record answers 410 and leaves
    # search; "do not contact" removes the follow and invite actions.
    hidden = models.BooleanField(_("hidden"), default=False, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(blank=True, editable=False)
    do_not_contact = models.BooleanField(_("do not contact"), default=False, editable=False)

    works_count = models.PositiveIntegerField(default=0, editable=False)
    followers_count = models.PositiveIntegerField(default=0, editable=False)
    topics_count = models.PositiveIntegerField(default=0, editable=False)
    collaborators_count = models.PositiveIntegerField(default=0, editable=False)

    # Lower-cased ASCII of the name and public variants, for search that ignores accents.
    search_text = models.TextField(default="", blank=True, editable=False)
    # The same fold of the affiliation's names and the record's main topics: a search for
    # "hkust" or "federated learning" finds the record, ranked below name matches. On
    # PostgreSQL both columns carry a trigram GIN index (migration 0002_search).
    search_context = models.TextField(default="", blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trust_score__gte=0) & Q(trust_score__lte=100),
                name="author_trust_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(verification_level__gte=1) & Q(verification_level__lte=4),
                name="author_verification_level_1_4",
            ),
            # Only a claimed record can be above L1, and a claimed record is at least L2.
            models.CheckConstraint(
                condition=(Q(owner__isnull=True) & Q(verification_level=1))
                | (Q(owner__isnull=False) & Q(verification_level__gte=2)),
                name="author_level_matches_ownership",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(claimed_at__isnull=False),
                name="author_claimed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(hidden=False) | Q(hidden_at__isnull=False),
                name="author_hidden_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["display_name"]),
            # Few records are hidden: the moderators' list of them reads this small index.
            models.Index(fields=["hidden_at"], condition=Q(hidden=True), name="author_hidden"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("profiles:detail", kwargs={"slug": self.slug})

    @property
    def is_claimed(self) -> bool:
        return self.owner_id is not None


class NameVariant(models.Model):
    """Another form of a record's name ("Lao ChonLam", "C. Lao", a former name). Private
    variants still count when matching claims but are never shown."""

    author = models.ForeignKey(AuthorRecord, on_delete=models.CASCADE, related_name="name_variants")
    name = models.CharField(max_length=200)
    is_private = models.BooleanField(_("private (former name)"), default=False)
    source = models.CharField(
        max_length=16, choices=RecordSource.choices, default=RecordSource.SEED
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["author", "name"], name="name_variant_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AuthorTopic(models.Model):
    """A topic a researcher works on, with how many of their works carry it."""

    # No index of its own: the (author, topic) unique constraint leads with it.
    author = models.ForeignKey(
        AuthorRecord, on_delete=models.CASCADE, related_name="author_topics", db_index=False
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="author_topics")
    works_count = models.PositiveIntegerField(default=0)
    # How many works OpenAlex counts for this topic on the author (profiles/services/imports/);
    # it covers works we have not imported, so a recount keeps the larger of the two.
    imported_works_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-works_count", "topic__name"]
        constraints = [
            models.UniqueConstraint(fields=["author", "topic"], name="author_topic_unique"),
        ]
        indexes = [models.Index(fields=["author", "-works_count"], name="author_topic_rank")]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.topic_id} ({self.works_count})"


class ProfileEvent(models.Model):
    """One line of a profile's history: a trust or level change, a claim, an edit. Written in
    the same transaction as the change it records."""

    author = models.ForeignKey(AuthorRecord, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=ProfileEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_value = models.CharField(max_length=100, blank=True)
    new_value = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.get_kind_display()} {self.old_value} → {self.new_value}"


class RecordRedirect(models.Model):
    """A record merged into another (profiles/services/moderation/merges.py): its id, slug,
    name and source ids live on here, pointing at the record that survived, so its old page
    and API URLs answer 301 and a re-import that names it lands on the survivor. When the
    survivor is merged in turn, its redirects move on with it: one step always resolves."""

    old_id = models.PositiveBigIntegerField(unique=True)
    old_slug = models.SlugField(max_length=120, unique=True)
    old_name = models.CharField(max_length=200)
    old_openalex_id = models.CharField(max_length=32, blank=True, db_index=True)
    old_orcid = models.CharField(max_length=19, blank=True, db_index=True)
    target = models.ForeignKey(
        AuthorRecord, on_delete=models.CASCADE, related_name="redirects_here"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.target_id}"
