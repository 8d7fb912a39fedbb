"""Loading public records read by profiles/importers into the database.

Each `import_*` function writes one source record in its own transaction and returns whether
it created, updated or left unchanged what it touched; `import_openalex_objects` and
`import_orcid_records` run a batch, collecting a per-record error instead of stopping.

Rules (docs/importers.md):
- Records are matched by OpenAlex id, then ORCID iD; institutions by OpenAlex id, then ROR;
  topics by OpenAlex id; works by OpenAlex id, DOI, arXiv id, then exact title.
- A claimed record belongs to its owner: an import only fills fields that are still empty
  (affiliation, headline, bio, ORCID, OpenAlex id, missing external ids) and never touches
  its name or name variants. Private name variants are never changed on any record.
- Importing the same data twice changes nothing: every write compares first.
- Email domains come from an institution's homepage only when its host is under an
  academic-only suffix (.edu, .ac.xx, .edu.xx); otherwise the institution gets none and a
  moderator adds them by hand, because a domain lets an email address prove membership.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from profiles.choices import RecordSource
from profiles.evidence.names import fold
from profiles.importers import ImportRecordError, openalex, orcid
from profiles.models import (
    AuthorRecord,
    Authorship,
    AuthorTopic,
    Institution,
    InstitutionDomain,
    NameVariant,
    Topic,
    Work,
)
from profiles.services.records import author_record_create, refresh_author_stats
from profiles.services.works import AuthorSlot, work_upsert

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

_ACADEMIC_HOST = re.compile(r"(?:^|\.)([a-z0-9-]+\.(?:edu|ac\.[a-z]{2}|edu\.[a-z]{2}))$")


@dataclass
class ImportReport:
    """What a batch did: counts per outcome and one message per record that failed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def email_domain_for(homepage_url: str) -> str:
    """The email domain a homepage vouches for (`https://www.umich.edu` -> `umich.edu`), or ''
    when the host is not under an academic-only suffix."""
    host = (urlparse(homepage_url or "").hostname or "").lower().rstrip(".")
    match = _ACADEMIC_HOST.search(host)
    return match.group(1) if match else ""


def _save_changes(obj, values: dict[str, Any]) -> bool:
    diff = [key for key, value in values.items() if getattr(obj, key) != value]
    for key in diff:
        setattr(obj, key, values[key])
    if diff:
        obj.save(update_fields=diff)
    return bool(diff)


# ---------------------------------------------------------------- institutions and topics


def _institution_upsert(data: openalex.InstitutionData, *, full: bool) -> tuple[Institution, str]:
    """`full` is True for an institution object; the short ones nested in authors and works
    carry no homepage or alternatives, so they never erase those."""
    inst = Institution.objects.filter(openalex_id=data.openalex_id).first()
    if inst is None and data.ror:
        inst = Institution.objects.filter(ror=data.ror).first()
    values: dict[str, Any] = {"name": data.name, "openalex_id": data.openalex_id}
    if (
        data.ror
        and not Institution.objects.filter(ror=data.ror)
        .exclude(pk=getattr(inst, "pk", None))
        .exists()
    ):
        values["ror"] = data.ror
    if data.country_code:
        values["country_code"] = data.country_code
    if full:
        values["homepage_url"] = data.homepage_url
        values["alternative_names"] = list(data.alternative_names)
    if inst is None:
        inst = Institution(**values)
        inst.full_clean(validate_unique=False)
        inst.save()
        outcome = CREATED
    else:
        outcome = UPDATED if _save_changes(inst, values) else UNCHANGED
    if full:
        domain = email_domain_for(data.homepage_url)
        if domain and not InstitutionDomain.objects.filter(domain=domain).exists():
            InstitutionDomain.objects.create(institution=inst, domain=domain)
            outcome = UPDATED if outcome == UNCHANGED else outcome
    return inst, outcome


@transaction.atomic
def import_openalex_institution(data: openalex.InstitutionData) -> tuple[Institution, str]:
    """Create or update an institution from an OpenAlex institution object."""
    return _institution_upsert(data, full=True)


def _topic_values(data: openalex.TopicData) -> dict[str, str]:
    return {
        "name": data.name,
        "subfield": data.subfield,
        "field": data.field,
        "domain": data.domain,
    }


def _topic_upsert(data: openalex.TopicData) -> tuple[Topic, str]:
    topic = Topic.objects.filter(openalex_id=data.openalex_id).first()
    if topic is None:
        return Topic.objects.create(openalex_id=data.openalex_id, **_topic_values(data)), CREATED
    return topic, UPDATED if _save_changes(topic, _topic_values(data)) else UNCHANGED


def _topics_upsert(items: Iterable[openalex.TopicData]) -> dict[str, Topic]:
    """Many topics at once (an author lists up to 25): one read, one insert, and an update
    only for those whose names changed."""
    items = {data.openalex_id: data for data in items}
    found = {t.openalex_id: t for t in Topic.objects.filter(openalex_id__in=list(items))}
    missing = [
        Topic(openalex_id=oid, **_topic_values(data))
        for oid, data in items.items()
        if oid not in found
    ]
    Topic.objects.bulk_create(missing)
    for oid, topic in found.items():
        _save_changes(topic, _topic_values(items[oid]))
    if missing:
        found = {t.openalex_id: t for t in Topic.objects.filter(openalex_id__in=list(items))}
    return found


@transaction.atomic
def import_openalex_topic(data: openalex.TopicData) -> tuple[Topic, str]:
    """Create or update a topic from an OpenAlex topic object."""
    return _topic_upsert(data)


# ---------------------------------------------------------------- author records


def _free_orcid(value: str, record: AuthorRecord | None) -> str:
    """The ORCID iD if no other record holds it (two records cannot share one)."""
    if not value:
        return ""
    taken = AuthorRecord.objects.filter(orcid=value).exclude(pk=getattr(record, "pk", None))
    return "" if taken.exists() else value


def _free_openalex(value: str, record: AuthorRecord | None) -> str:
    if not value:
        return ""
    taken = AuthorRecord.objects.filter(openalex_id=value).exclude(pk=getattr(record, "pk", None))
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
    if diff:
        record.full_clean(validate_unique=False)
        record.save(update_fields=[*diff, "updated_at"])
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


@transaction.atomic
def import_openalex_author(data: openalex.AuthorData) -> tuple[AuthorRecord, str]:
    """Create or update the author record an OpenAlex author object describes."""
    record = _find_record(data.openalex_id, data.orcid)
    affiliation = None
    if data.last_known_institutions:
        affiliation, _ = _institution_upsert(data.last_known_institutions[0], full=False)
    for item in data.affiliations:
        _institution_upsert(item.institution, full=False)
    if record is None:
        record = author_record_create(
            display_name=data.display_name,
            affiliation=affiliation,
            orcid=_free_orcid(data.orcid, None) or None,
            openalex_id=data.openalex_id,
            external_ids=dict(data.external_ids),
            source=RecordSource.OPENALEX,
        )
        outcome = CREATED
        changed = True
    else:
        changed = _update_record(
            record,
            {
                "display_name": data.display_name,
                "affiliation": affiliation,
                "orcid": _free_orcid(data.orcid, record) or None,
                "openalex_id": _free_openalex(data.openalex_id, record) or None,
                "external_ids": _merged_external_ids(record, data.external_ids),
            },
        )
        outcome = UNCHANGED
    changed = _add_variants(record, data.alternative_names, RecordSource.OPENALEX) or changed
    changed = _set_imported_topics(record, data.topics) or changed
    changed = _link_pending_slots(record) or changed
    if changed:
        record = refresh_author_stats(author=record)
        outcome = CREATED if outcome == CREATED else UPDATED
    return record, outcome


# ---------------------------------------------------------------- works


@transaction.atomic
def import_openalex_work(data: openalex.WorkData) -> tuple[Work, str]:
    """Create or update a work with its authors in printed order, linking each slot to the
    record with the same OpenAlex author id or ORCID iD when we hold one."""
    institutions: dict[str, Institution] = {}
    for slot in data.authorships:
        for inst_data in slot.institutions:
            if inst_data.openalex_id not in institutions:
                institutions[inst_data.openalex_id], _ = _institution_upsert(inst_data, full=False)
    by_topic = _topics_upsert(data.topics)
    topics = [by_topic[t.openalex_id] for t in data.topics]
    by_openalex = {
        r.openalex_id: r
        for r in AuthorRecord.objects.filter(
            openalex_id__in=[s.author_openalex_id for s in data.authorships if s.author_openalex_id]
        )
    }
    by_orcid = {
        r.orcid: r
        for r in AuthorRecord.objects.filter(
            orcid__in=[s.author_orcid for s in data.authorships if s.author_orcid]
        )
    }
    slots = []
    for slot in data.authorships:
        record = by_openalex.get(slot.author_openalex_id) or by_orcid.get(slot.author_orcid)
        slots.append(
            AuthorSlot(
                raw_name=slot.raw_name,
                author=record,
                is_corresponding=slot.is_corresponding,
                institutions=tuple(institutions[i.openalex_id] for i in slot.institutions),
                author_openalex_id=slot.author_openalex_id,
                author_orcid=slot.author_orcid,
            )
        )
    existed = Work.objects.filter(openalex_id=data.openalex_id).first()
    before = _work_snapshot(existed) if existed else None
    work = work_upsert(
        title=data.title,
        authors=slots,
        work_type=data.work_type,
        year=data.year,
        venue=data.venue,
        abstract=data.abstract,
        doi=data.doi,
        topics=topics,
        source=RecordSource.OPENALEX,
        openalex_id=data.openalex_id,
        url=data.url,
    )
    if before is None:
        return work, CREATED
    return work, UNCHANGED if _work_snapshot(work) == before else UPDATED


def _work_snapshot(work: Work) -> tuple:
    work = Work.objects.get(pk=work.pk)
    return (
        work.updated_at,
        tuple(work.authorships.values_list("pk", "author_id", "is_corresponding")),
        tuple(work.topics.values_list("pk", flat=True)),
    )


# ---------------------------------------------------------------- ORCID records


def _employment_institution(emp: orcid.EmploymentData) -> Institution:
    inst = None
    if emp.ror:
        inst = Institution.objects.filter(ror=emp.ror).first()
    if inst is None:
        inst = Institution.objects.filter(name__iexact=emp.organization).order_by("pk").first()
    if inst is None:
        inst = Institution(
            name=emp.organization, ror=emp.ror or None, country_code=emp.country_code
        )
        inst.full_clean(validate_unique=False)
        inst.save()
    return inst


def _orcid_work(record: AuthorRecord, data: orcid.OrcidWorkData) -> bool:
    """Add a work from the ORCID record, or link the record to it. ORCID summaries do not list
    co-authors, so an existing work keeps its author list; the record is linked to a slot
    printed with one of its names, if any is free."""
    existing = None
    if data.doi:
        existing = Work.objects.filter(doi=data.doi).first()
    if existing is None and data.arxiv_id:
        existing = Work.objects.filter(arxiv_id=data.arxiv_id).first()
    if existing is None and not data.doi and not data.arxiv_id:
        existing = Work.objects.filter(title=data.title).first()
    if existing is None:
        work_upsert(
            title=data.title,
            authors=[
                AuthorSlot(raw_name=record.display_name, author=record, author_orcid=record.orcid)
            ],
            work_type=data.work_type,
            year=data.year,
            venue=data.venue,
            doi=data.doi,
            arxiv_id=data.arxiv_id,
            url=data.url,
            author_list_complete=False,
            source=RecordSource.ORCID,
        )
        return True
    if existing.authorships.filter(author=record).exists():
        return False
    names = {fold(record.display_name)} | {
        fold(n) for n in record.name_variants.values_list("name", flat=True)
    }
    for slot in existing.authorships.filter(author=None):
        if fold(slot.raw_name) in names and slot.author_orcid in ("", record.orcid):
            slot.author = record
            slot.save(update_fields=["author"])
            return True
    return False


@transaction.atomic
def import_orcid_record(data: orcid.OrcidRecordData) -> tuple[AuthorRecord, str]:
    """Create or update the record an ORCID record describes (matched by ORCID iD), its
    affiliation, headline, other names and works."""
    record = AuthorRecord.objects.filter(orcid=data.orcid).first()
    emp = data.current_employment
    affiliation = _employment_institution(emp) if emp else None
    headline = ", ".join(p for p in (emp.role, emp.department) if p)[:300] if emp else ""
    if record is None:
        record = author_record_create(
            display_name=data.display_name,
            headline=headline,
            affiliation=affiliation,
            orcid=data.orcid,
            source=RecordSource.ORCID,
        )
        outcome, changed = CREATED, True
        if data.biography:
            record.bio = data.biography
            record.save(update_fields=["bio"])
    else:
        outcome = UNCHANGED
        changed = _update_record(
            record,
            {
                "display_name": data.display_name,
                "affiliation": affiliation,
                "headline": headline,
                "bio": data.biography,
            },
        )
    changed = _add_variants(record, data.other_names, RecordSource.ORCID) or changed
    for work in data.works:
        changed = _orcid_work(record, work) or changed
    changed = _link_pending_slots(record) or changed
    if changed:
        record = refresh_author_stats(author=record)
        outcome = CREATED if outcome == CREATED else UPDATED
    return record, outcome


# ---------------------------------------------------------------- batches

_OPENALEX_IMPORTERS: dict[str, Callable] = {
    "author": import_openalex_author,
    "work": import_openalex_work,
    "institution": import_openalex_institution,
    "topic": import_openalex_topic,
}

_FAILURES = (ImportRecordError, ValidationError, DatabaseError, ValueError, TypeError)


def _label(obj: Any) -> str:
    if isinstance(obj, dict):
        return openalex.short_id(obj.get("id")) or str(obj.get("id") or "")[:40]
    return ""


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or exc.__class__.__name__


def import_openalex_object(obj: Any) -> str:
    """Parse and write one OpenAlex object; returns the outcome, raises on failure."""
    kind = openalex.kind_of(obj)
    data = openalex.PARSERS[kind](obj)
    _, outcome = _OPENALEX_IMPORTERS[kind](data)
    return outcome


def import_orcid_object(obj: Any) -> str:
    """Parse and write one ORCID v3.0 record; returns the outcome, raises on failure."""
    _, outcome = import_orcid_record(orcid.parse_record(obj))
    return outcome


def run_batch(
    items: Iterable[tuple[str, Any]],
    importer: Callable[[Any], str],
    *,
    progress: Callable[[ImportReport], None] = lambda report: None,
) -> ImportReport:
    """Import each (location, object) pair in its own transaction. An object that fails is
    recorded with its location and the batch goes on. `object` may be an exception raised
    while reading it (bad JSON), which is recorded the same way."""
    report = ImportReport()
    for location, obj in items:
        if isinstance(obj, Exception):
            report.errors.append((location, _message(obj)))
        else:
            try:
                report.add(importer(obj))
            except _FAILURES as exc:
                label = _label(obj)
                where = f"{location} ({label})" if label else location
                report.errors.append((where, _message(exc)))
        progress(report)
    return report
