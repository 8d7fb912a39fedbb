"""Works and who wrote them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profiles.choices import RecordSource, WorkType
from profiles.models.records import AuthorRecord, Topic


class Work(models.Model):
    """A published or preprinted work. DOI and arXiv id are stored bare and lower-cased
    (profiles/identifiers.py) so evidence can match them exactly."""

    title = models.CharField(_("title"), max_length=1000)
    work_type = models.CharField(
        _("type"), max_length=32, choices=WorkType.choices, default=WorkType.ARTICLE
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    # Other titles the same work was published or listed under (a preprint renamed for its
    # conference version); evidence matching reads them too.
    alternative_titles = models.JSONField(_("alternative titles"), default=list, blank=True)
    # False when the source named only some authors (the seed page names none), so pages say
    # "and others" instead of implying a complete list.
    author_list_complete = models.BooleanField(default=True)
    doi = models.CharField(_("DOI"), max_length=255, unique=True, null=True, blank=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=40, unique=True, null=True, blank=True)
    openalex_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    url = models.URLField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="works")
    source = models.CharField(
        max_length=16, choices=RecordSource.choices, default=RecordSource.SEED
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | (Q(year__gte=1500) & Q(year__lte=2100)),
                name="work_year_plausible",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="work_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class Authorship(models.Model):
    """One author slot on a work, in printed order. `raw_name` keeps the name exactly as the
    work prints it; `author` links the record when we know who it is."""

    # No index of its own: the (work, position) unique constraint leads with it.
    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="authorships", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    raw_name = models.CharField(_("name as printed"), max_length=200)
    # Indexed with the work (Meta.indexes): a record's slots, and its latest ones first.
    author = models.ForeignKey(
        AuthorRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
        db_index=False,
    )
    is_corresponding = models.BooleanField(default=False)
    institutions = models.ManyToManyField(
        "profiles.Institution", blank=True, related_name="authorships"
    )
    # Who the source says this is (OpenAlex author id, ORCID iD), kept so a record imported
    # later links itself to slots imported before it: indexed on the unlinked slots only.
    author_openalex_id = models.CharField(max_length=32, blank=True)
    author_orcid = models.CharField(max_length=19, blank=True)
    # The record's owner may hide a work from their page without deleting the fact.
    is_hidden = models.BooleanField(_("hidden from the profile"), default=False)

    class Meta:
        ordering = ["work", "position"]
        # Only slots no record holds yet are looked up by the source's ids: a snapshot
        # imported authors first leaves these indexes nearly empty, and cheap to write.
        indexes = [
            models.Index(fields=["author", "work"], name="authorship_author_work"),
            models.Index(
                fields=["author_openalex_id"],
                condition=Q(author__isnull=True),
                name="authorship_pending_openalex",
            ),
            models.Index(
                fields=["author_orcid"],
                condition=Q(author__isnull=True),
                name="authorship_pending_orcid",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="authorship_position_unique"),
            models.UniqueConstraint(
                fields=["work", "author"],
                condition=Q(author__isnull=False),
                name="authorship_author_once_per_work",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.raw_name} ({self.position}) on {self.work_id}"
