"""Author records from OpenAlex: ids, names, institutions, topics and pending slots."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from profiles.choices import RecordSource
from profiles.importers import openalex
from profiles.models import (
    AuthorRecord,
    Authorship,
    AuthorTopic,
    NameVariant,
)
from profiles.selectors.records import merged_record
from profiles.services.imports.common import CREATED, UNCHANGED, UPDATED
from profiles.services.imports.institutions import _institution_upsert, _topics_upsert
from profiles.services.records import author_record_create, refresh_later

# ---------------------------------------------------------------- author records


def _free_id(field: str, value: str, record: AuthorRecord | None) -> str:
    """The identifier (`orcid`, `openalex_id`) if no other record holds it: two records
    cannot share one."""
    if not value:
        return ""
    taken = AuthorRecord.objects.filter(**{field: value})
    if record is not None:
        taken = taken.exclude(pk=record.pk)
    return "" if taken.exists() else value


def _add_variants(record: AuthorRecord, names: Iterable[str], source: str) -> bool:
    """Add public name variants to an unclaimed record; existing ones (private ones above
    all) stay exactly as they are."""
    if record.is_claimed:
        return False
    have = set(record.name_variants.values_list("name", flat=True))
    new = [
        NameVariant(author=record, name=name, source=source)
        for name in dict.fromkeys(n[:200] for n in names)
        if name and name != record.display_name and name not in have
    ]
    NameVariant.objects.bulk_create(new)
    return bool(new)


def _update_record(record: AuthorRecord, values: dict[str, Any]) -> bool:
    """Apply imported values: all of them on an unclaimed record, only the empty ones on a
    claimed record (its owner edits it)."""
    if record.is_claimed:
        values = {
            key: value
            for key, value in values.items()
            if key not in {"display_name"} and not getattr(record, key)
        }
    values = {key: value for key, value in values.items() if value not in ("", None)}
    if "display_name" in values:
        # The old name stays findable as a variant.
        old = record.display_name
        if old != values["display_name"] and not record.is_claimed:
            NameVariant.objects.get_or_create(
                author=record, name=old, defaults={"source": record.source}
            )
    diff = [key for key, value in values.items() if getattr(record, key) != value]
    if "display_name" in diff:
        NameVariant.objects.filter(
            author=record, name=values["display_name"], is_private=False
        ).delete()
    for key in diff:
        setattr(record, key, values[key])
    extra = []
    if "affiliation" in diff and record.affiliation_by_owner:
        record.affiliation_by_owner = False  # the source names it now, not only the owner
        extra.append("affiliation_by_owner")
    if diff:
        record.full_clean(validate_unique=False)
        record.save(update_fields=[*diff, *extra, "updated_at"])
    return bool(diff)


def _merged_external_ids(record: AuthorRecord | None, new: dict) -> dict:
    current = dict(getattr(record, "external_ids", None) or {})
    for key, value in new.items():
        current.setdefault(key, value)
    return current


def _link_pending_slots(record: AuthorRecord) -> bool:
    """Link slots imported before this record that name it by OpenAlex id or ORCID iD, once
    per work."""
    keys = Q()
    if record.openalex_id:
        keys |= Q(author_openalex_id=record.openalex_id)
    if record.orcid:
        keys |= Q(author_orcid=record.orcid)
    if not keys:
        return False
    already = Authorship.objects.filter(author=record).values("work_id")
    linked_works: set[int] = set()
    changed = False
    for slot in (
        Authorship.objects.filter(keys, author=None)
        .exclude(work_id__in=already)
        .order_by("work_id", "position")
    ):
        if slot.work_id in linked_works:
            continue
        slot.author = record
        slot.save(update_fields=["author"])
        linked_works.add(slot.work_id)
        changed = True
    return changed


def _set_imported_topics(record: AuthorRecord, topics: Iterable[openalex.TopicData]) -> bool:
    """Store OpenAlex's per-author topic counts; the recount keeps them (records.py)."""
    topics = list(topics)
    by_id = _topics_upsert(topics)
    wanted = {by_id[data.openalex_id].pk: max(data.count, 1) for data in topics}
    current = dict(
        AuthorTopic.objects.filter(author=record, imported_works_count__gt=0).values_list(
            "topic_id", "imported_works_count"
        )
    )
    if current == wanted:
        return False
    AuthorTopic.objects.filter(author=record).exclude(topic_id__in=wanted).update(
        imported_works_count=0
    )
    rows = {row.topic_id: row for row in AuthorTopic.objects.filter(author=record)}
    changed_rows = []
    for topic_id, count in wanted.items():
        row = rows.get(topic_id)
        if row is None:
            rows[topic_id] = AuthorTopic(author=record, topic_id=topic_id)
        elif row.imported_works_count == count:
            continue
        rows[topic_id].imported_works_count = count
        changed_rows.append(rows[topic_id])
    AuthorTopic.objects.bulk_create([r for r in changed_rows if r.pk is None])
    AuthorTopic.objects.bulk_update(
        [r for r in changed_rows if r.pk is not None], ["imported_works_count"]
    )
    return True


def _find_record(openalex_id: str, orcid_value: str) -> AuthorRecord | None:
    record = None
    if openalex_id:
        record = AuthorRecord.objects.filter(openalex_id=openalex_id).first()
    if record is None and orcid_value:
        record = AuthorRecord.objects.filter(orcid=orcid_value).first()
    return record


def _merged_into(openalex_id: str, orcid_value: str) -> AuthorRecord | None:
    """The record a moderator merged the author's old record into, if any."""
    record = merged_record(openalex_id=openalex_id) if openalex_id else None
    if record is None and orcid_value:
        record = merged_record(orcid=orcid_value)
    return record


@transaction.atomic
def import_openalex_author(data: openalex.AuthorData) -> tuple[AuthorRecord, str]:
    """Create or update the author record an OpenAlex author object describes."""
    record = _find_record(data.openalex_id, data.orcid)
    merged = record is None and (record := _merged_into(data.openalex_id, data.orcid)) is not None
    affiliation = None
    if data.last_known_institutions:
        affiliation, _ = _institution_upsert(data.last_known_institutions[0], full=False)
    for item in data.affiliations:
        _institution_upsert(item.institution, full=False)
    if record is None:
        record = author_record_create(
            display_name=data.display_name,
            affiliation=affiliation,
            orcid=_free_id("orcid", data.orcid, None) or None,
            openalex_id=data.openalex_id,
            external_ids=dict(data.external_ids),
            source=RecordSource.OPENALEX,
        )
        outcome = CREATED
        changed = True
    else:
        values = {
            "display_name": data.display_name,
            "affiliation": affiliation,
            "orcid": _free_id("orcid", data.orcid, record) or None,
            "openalex_id": _free_id("openalex_id", data.openalex_id, record) or None,
            "external_ids": _merged_external_ids(record, data.external_ids),
        }
        if merged:  # the survivor keeps its own name and ids; the old ones are its variants
            values = {
                k: v for k, v in values.items() if k != "display_name" and not getattr(record, k)
            }
        changed = _update_record(record, values)
        outcome = UNCHANGED
    names = [*data.alternative_names, *([data.display_name] if merged else [])]
    changed = _add_variants(record, names, RecordSource.OPENALEX) or changed
    changed = _set_imported_topics(record, data.topics) or changed
    changed = _link_pending_slots(record) or changed
    if changed:
        refresh_later(author_ids=[record.pk])
        outcome = CREATED if outcome == CREATED else UPDATED
    return record, outcome
