"""Splitting a record: a moderator detaches a wrongly attached work from a record; its author
slot goes to a chosen record or to a new one named as the work prints the name. Both
records are recounted; the history and the audit trail say who did it and why
(docs/moderation.md, "Merging and splitting records")."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from profiles.choices import AuditAction, ProfileEventKind, RecordSource
from profiles.errors import Conflict, Invalid, NotFound
from profiles.models import AuthorRecord, Authorship, ProfileEvent, Work
from profiles.services import audit
from profiles.services.moderation.merges import lock_pair
from profiles.services.moderation.sanctions import required_reason
from profiles.services.records import author_record_create, refresh_author_stats

SPLIT_REASON = "work detached"
NOT_ON_RECORD = "not_on_record"
SAME_RECORD = "same_record"
ALREADY_ON_WORK = "already_on_work"


def check_detach(*, record: AuthorRecord, work: Work, to_record: AuthorRecord | None) -> Authorship:
    """The record's slot on the work, or the refusal: the work is not the record's, the
    destination is the record itself, or the destination is on the work already."""
    slot = Authorship.objects.filter(author=record, work=work).first()
    if slot is None:
        raise NotFound(_("This work is not on the record."), code=NOT_ON_RECORD, field="work")
    if to_record is not None and to_record.pk == record.pk:
        raise Invalid(
            _("Choose another record, or a new one."), code=SAME_RECORD, field="to_record"
        )
    if to_record is not None and Authorship.objects.filter(author=to_record, work=work).exists():
        raise Conflict(
            _("That record is already an author of this work."),
            code=ALREADY_ON_WORK,
            field="to_record",
        )
    return slot


def _history(record: AuthorRecord, *, actor, work: Work, other: AuthorRecord, reason: str):
    ProfileEvent.objects.create(
        author=record,
        kind=ProfileEventKind.SPLIT,
        actor=actor,
        old_value=str(work.pk),
        new_value=other.slug[:100],
        reason=reason,
    )


@transaction.atomic
def detach_work(
    *,
    actor,
    record: AuthorRecord,
    work: Work,
    to_record: AuthorRecord | None = None,
    reason: str,
) -> AuthorRecord:
    """Move `record`'s slot on `work` to `to_record`, or to a new record (named as the slot
    prints it) when None. Returns the record the slot now belongs to."""
    reason = required_reason(reason)
    if to_record is None:
        record = AuthorRecord.objects.select_for_update().get(pk=record.pk)
    else:
        record, to_record = lock_pair(record.pk, to_record.pk)
    slot = check_detach(record=record, work=work, to_record=to_record)
    created = to_record is None
    if to_record is None:
        to_record = author_record_create(
            display_name=slot.raw_name or record.display_name, source=RecordSource.MODERATOR
        )
    slot.author = to_record
    slot.is_hidden = False  # the owner's choice to hide it was about their own record
    slot.save(update_fields=["author", "is_hidden"])
    _history(record, actor=actor, work=work, other=to_record, reason=reason)
    _history(to_record, actor=actor, work=work, other=record, reason=reason)
    before = {"record": record.pk, "works": record.works_count}
    record = refresh_author_stats(author=record, actor=actor, reason=SPLIT_REASON)
    to_record = refresh_author_stats(author=to_record, actor=actor, reason=SPLIT_REASON)
    audit.record(
        actor=actor,
        action=AuditAction.WORK_DETACHED,
        target=record,
        before={**before, "work": work.pk, "authorship": slot.pk},
        after={
            "record": record.pk,
            "works": record.works_count,
            "to_record": to_record.pk,
            "to_record_created": created,
            "to_record_works": to_record.works_count,
        },
        reason=reason,
    )
    return to_record
