"""Merging duplicate records (issue "Moderation console", merging and splitting): a moderator
previews what moves from one record (the source) to the one that survives (the target) and
what collapses, then merges. The source's works, follows, topics, names, claims, disputes,
invitations, reports, history and overrides move to the target; what both have is kept once;
the source is removed and its id, slug and source ids answer as redirects to the target
(RecordRedirect). Refusals: the same record, two owned records, an owned source (the owner's
record survives), pending claims on both, pending claims on a source going into an owned
record, open disputes on the source. docs/moderation.md, "Merging and splitting records"."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.choices import AuditAction, ClaimStatus, DisputeStatus, ProfileEventKind
from profiles.errors import Conflict, Invalid, ServiceError
from profiles.models import (
    AuthorRecord,
    Authorship,
    AuthorTopic,
    Block,
    Claim,
    ClaimObjection,
    Dispute,
    Follow,
    Invitation,
    NameVariant,
    Participant,
    ProfileEvent,
    RecordRedirect,
    Report,
    TrustOverride,
    Work,
)
from profiles.services import audit
from profiles.services.moderation.sanctions import required_reason
from profiles.services.records import refresh_author_stats, refresh_later

PREVIEW_ITEMS = 20  # collapsing items named on the preview; the counts are always exact
MERGE_REASON = "records merged"

SAME_RECORD = "same_record"
BOTH_OWNED = "both_owned"
OWNER_SURVIVES = "owner_survives"
BOTH_PENDING = "both_pending_claims"
PENDING_INTO_OWNED = "pending_claims_into_owned"
OPEN_DISPUTES = "open_disputes"
ALREADY_MERGED = "already_merged"

KIND_LABELS = {
    "works": gettext_lazy("works (authorships)"),
    "follows": gettext_lazy("follows"),
    "topics": gettext_lazy("topics"),
    "name_variants": gettext_lazy("name variants"),
    "claims": gettext_lazy("claims"),
    "disputes": gettext_lazy("disputes"),
    "invitations": gettext_lazy("invitations"),
    "reports": gettext_lazy("reports"),
    "history": gettext_lazy("history lines"),
    "overrides": gettext_lazy("trust overrides"),
    "other_links": gettext_lazy("blocks, conversations and objections naming it"),
}


@dataclass(frozen=True)
class Collapse:
    """What both records have, kept once on the survivor: how many, and the first few."""

    count: int
    items: list[str]


@dataclass
class MergePreview:
    """What a merge of `source` into `target` would do, counted per kind. `moves[kind]` is the
    number of the source's rows that move; `collapses[kind]` those the target already has;
    `refusal` the error the merge would raise now (None when it may go ahead)."""

    source: AuthorRecord
    target: AuthorRecord
    moves: dict[str, int] = field(default_factory=dict)
    collapses: dict[str, Collapse] = field(default_factory=dict)
    ids_moving: dict[str, str] = field(default_factory=dict)
    ids_redirected: dict[str, str] = field(default_factory=dict)
    refusal: ServiceError | None = None

    def lines(self) -> list[tuple[str, int, Collapse | None]]:
        """(label, moving, collapsing) per kind, in the preview's order."""
        return [
            (str(label), self.moves.get(kind, 0), self.collapses.get(kind))
            for kind, label in KIND_LABELS.items()
        ]


def check_merge(*, source: AuthorRecord, target: AuthorRecord) -> None:
    """Refuse a merge the rules forbid (see the module's doc). Read-only: the preview asks it,
    and merge_records asks it again under both row locks."""
    if source.pk == target.pk:
        raise Invalid(_("A record cannot be merged into itself."), code=SAME_RECORD)
    if source.owner_id and target.owner_id:
        raise Conflict(
            _("Both records are claimed by different people; they cannot be merged."),
            code=BOTH_OWNED,
        )
    if source.owner_id:
        raise Conflict(
            _("The claimed record must be the one that survives: swap the two records."),
            code=OWNER_SURVIVES,
        )
    pending = Claim.objects.filter(status=ClaimStatus.PENDING)
    source_pending = pending.filter(author=source).exists()
    if source_pending and pending.filter(author=target).exists():
        raise Conflict(_("Both records have pending claims; decide them first."), code=BOTH_PENDING)
    if source_pending and target.owner_id:
        raise Conflict(
            _("The duplicate has pending claims and the survivor is claimed; decide them first."),
            code=PENDING_INTO_OWNED,
        )
    if Dispute.objects.filter(author=source, status=DisputeStatus.OPEN).exists():
        raise Conflict(_("The duplicate has open disputes; decide them first."), code=OPEN_DISPUTES)


def _shared_works(source, target) -> Collapse:
    shared = Work.objects.filter(authorships__author=source).filter(authorships__author=target)
    return Collapse(shared.count(), list(shared.values_list("title", flat=True)[:PREVIEW_ITEMS]))


def _shared_follows(source, target):
    """The source's follows the target already has (or that its owner made)."""
    return Follow.objects.filter(author=source).filter(
        Q(user__in=Follow.objects.filter(author=target).values("user"))
        | Q(user_id=target.owner_id or 0)
    )


def _shared_topics(source, target) -> Collapse:
    shared = AuthorTopic.objects.filter(
        author=source, topic__in=AuthorTopic.objects.filter(author=target).values("topic")
    ).select_related("topic")
    return Collapse(shared.count(), [row.topic.name for row in shared[:PREVIEW_ITEMS]])


def _target_names(target) -> set[str]:
    return {target.display_name, *target.name_variants.values_list("name", flat=True)}


def _variant_plan(source, target) -> tuple[list[str], list[str]]:
    """The source's names that become the target's variants, and those it already has."""
    names = [source.display_name, *source.name_variants.values_list("name", flat=True)]
    have = _target_names(target)
    moving = list(dict.fromkeys(n for n in names if n not in have))
    return moving, list(dict.fromkeys(n for n in names if n in have))


def _id_plan(source, target) -> tuple[dict[str, str], dict[str, str]]:
    """The source's ids the target takes (it has none of that kind), and those kept only as
    redirects (the target has its own)."""
    moving: dict[str, str] = {}
    redirected: dict[str, str] = {}
    for name in ("openalex_id", "orcid"):
        value = getattr(source, name)
        if value:
            (redirected if getattr(target, name) else moving)[name] = value
    return moving, redirected


def _counts(source) -> dict[str, int]:
    return {
        "works": Authorship.objects.filter(author=source).count(),
        "follows": Follow.objects.filter(author=source).count(),
        "topics": AuthorTopic.objects.filter(author=source).count(),
        "claims": Claim.objects.filter(author=source).count(),
        "disputes": Dispute.objects.filter(author=source).count(),
        "invitations": Invitation.objects.filter(
            Q(sender_record=source) | Q(recipient_record=source)
        ).count(),
        "reports": Report.objects.filter(reported_record=source).count(),
        "history": ProfileEvent.objects.filter(author=source).count(),
        "overrides": TrustOverride.objects.filter(author=source).count(),
        "other_links": Block.objects.filter(blocked_record=source).count()
        + Participant.objects.filter(record=source).count()
        + ClaimObjection.objects.filter(objector_record=source).count(),
    }


def preview_merge(*, source: AuthorRecord, target: AuthorRecord) -> MergePreview:
    """What merging `source` into `target` would move and collapse, with the refusal the
    merge would meet. Stores nothing; a fixed number of queries."""
    preview = MergePreview(source=source, target=target)
    try:
        check_merge(source=source, target=target)
    except ServiceError as error:
        preview.refusal = error
    counts = _counts(source)
    shared_follows = _shared_follows(source, target)
    collapses = {
        "works": _shared_works(source, target),
        "follows": Collapse(
            shared_follows.count(),
            [str(f.user) for f in shared_follows.select_related("user")[:PREVIEW_ITEMS]],
        ),
        "topics": _shared_topics(source, target),
    }
    moving_names, kept_names = _variant_plan(source, target)
    collapses["name_variants"] = Collapse(len(kept_names), kept_names[:PREVIEW_ITEMS])
    counts["name_variants"] = len(moving_names)
    for kind in ("works", "follows", "topics"):
        counts[kind] -= collapses[kind].count
    preview.moves, preview.collapses = counts, collapses
    preview.ids_moving, preview.ids_redirected = _id_plan(source, target)
    return preview


def lock_pair(source_id: int, target_id: int) -> tuple[AuthorRecord, AuthorRecord]:
    """Both rows under a lock, the lower id first (two merges of the same pair never wait on
    each other crosswise). A record that is gone was merged already."""
    locked = {}
    for pk in sorted({source_id, target_id}):
        record = AuthorRecord.objects.select_for_update().filter(pk=pk).first()
        if record is None:
            raise Conflict(_("One of the records was already merged."), code=ALREADY_MERGED)
        locked[pk] = record
    return locked[source_id], locked[target_id]


def _move_works(source, target) -> set[int]:
    """Move the source's author slots; on a work both are on, drop the source's slot (the
    target's keeps its hidden choice, and becomes corresponding if either was). Returns the
    other records on the source's works, whose co-author counts change."""
    works = Authorship.objects.filter(author=source).values("work_id")
    coauthors = set(
        Authorship.objects.filter(work_id__in=works)
        .exclude(author__isnull=True)
        .exclude(author__in=[source, target])
        .values_list("author_id", flat=True)
    )
    duplicate = Authorship.objects.filter(
        author=source, work_id__in=Authorship.objects.filter(author=target).values("work_id")
    )
    Authorship.objects.filter(
        author=target, work_id__in=duplicate.filter(is_corresponding=True).values("work_id")
    ).update(is_corresponding=True)
    duplicate.delete()
    Authorship.objects.filter(author=source).update(author=target)
    return coauthors


def _move_topics(source, target) -> None:
    """The recount rebuilds topics from the works; what an import counted on either record
    survives as the larger of the two counts (never a sum: the works may be the same)."""
    theirs = {row.topic_id: row for row in AuthorTopic.objects.filter(author=target)}
    for row in AuthorTopic.objects.filter(author=source, imported_works_count__gt=0):
        mine = theirs.get(row.topic_id)
        if mine is None:
            AuthorTopic.objects.create(
                author=target, topic_id=row.topic_id, imported_works_count=row.imported_works_count
            )
        elif row.imported_works_count > mine.imported_works_count:
            mine.imported_works_count = row.imported_works_count
            mine.save(update_fields=["imported_works_count"])


def _move_names(source, target) -> None:
    have = _target_names(target)
    NameVariant.objects.filter(author=source).exclude(name__in=have).update(author=target)
    if source.display_name not in have:
        NameVariant.objects.create(author=target, name=source.display_name, source=source.source)


def _repoint(source, target) -> None:
    """Everything else that names the source names the target."""
    _shared_follows(source, target).delete()
    Follow.objects.filter(author=source).update(author=target)
    for model, fields in (
        (Claim, ["author"]),
        (Dispute, ["author"]),
        (Invitation, ["sender_record", "recipient_record"]),
        (Report, ["reported_record"]),
        (ProfileEvent, ["author"]),
        (TrustOverride, ["author"]),
        (Block, ["blocked_record"]),
        (Participant, ["record"]),
        (ClaimObjection, ["objector_record"]),
        (RecordRedirect, ["target"]),
    ):
        for name in fields:
            model.objects.filter(**{name: source}).update(**{name: target})


def _snapshot(record: AuthorRecord) -> dict:
    return {
        "id": record.pk,
        "slug": record.slug,
        "name": record.display_name,
        "owner": record.owner_id,
        "level": record.verification_level,
        "trust": record.trust_score,
        "works": record.works_count,
        "followers": record.followers_count,
        "topics": record.topics_count,
        "orcid": record.orcid,
        "openalex_id": record.openalex_id,
    }


def _take_ids(source: AuthorRecord, target: AuthorRecord, moving: dict[str, str]) -> None:
    """After the source is gone (its ids are unique): the target takes the ids it lacked and
    the source's other external ids it has no value for."""
    for name, value in moving.items():
        setattr(target, name, value)
    target.external_ids = {**(source.external_ids or {}), **(target.external_ids or {})}
    target.save(update_fields=[*moving, "external_ids", "updated_at"])


@transaction.atomic
def merge_records(
    *, actor, source: AuthorRecord, target: AuthorRecord, reason: str
) -> AuthorRecord:
    """Merge `source` into `target` (see the module's doc) and return the survivor with
    exact counters. Writes the survivor's history line and one audit entry."""
    reason = required_reason(reason)
    source, target = lock_pair(source.pk, target.pk)
    check_merge(source=source, target=target)
    preview = preview_merge(source=source, target=target)
    before = {"source": _snapshot(source), "target": _snapshot(target)}
    coauthors = _move_works(source, target)
    _move_topics(source, target)
    _move_names(source, target)
    _repoint(source, target)
    RecordRedirect.objects.create(
        old_id=source.pk,
        old_slug=source.slug,
        old_name=source.display_name,
        old_openalex_id=source.openalex_id or "",
        old_orcid=source.orcid or "",
        target=target,
    )
    source_pk = source.pk
    source.delete()
    source.pk = source_pk
    _take_ids(source, target, preview.ids_moving)
    ProfileEvent.objects.create(
        author=target,
        kind=ProfileEventKind.MERGED,
        actor=actor,
        old_value=source.slug[:100],
        new_value=target.slug[:100],
        reason=reason,
    )
    target = refresh_author_stats(author=target, actor=actor, reason=MERGE_REASON)
    refresh_later(author_ids=coauthors)
    audit.record(
        actor=actor,
        action=AuditAction.RECORDS_MERGED,
        target=target,
        before=before,
        after={
            "survivor": _snapshot(target),
            "merged": source_pk,
            "moved": preview.moves,
            "collapsed": {kind: c.count for kind, c in preview.collapses.items()},
        },
        reason=reason,
    )
    return target
