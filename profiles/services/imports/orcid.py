"""Author records and works from ORCID public records."""

from __future__ import annotations

from django.db import transaction

from profiles.choices import RecordSource
from profiles.evidence.names import fold
from profiles.importers import orcid
from profiles.models import (
    AuthorRecord,
    Institution,
)
from profiles.selectors.records import find_work, merged_record
from profiles.services.imports.authors import _add_variants, _link_pending_slots, _update_record
from profiles.services.imports.common import CREATED, UNCHANGED, UPDATED
from profiles.services.records import author_record_create, refresh_author_stats
from profiles.services.works import AuthorSlot, work_upsert

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
    existing = find_work(doi=data.doi, arxiv_id=data.arxiv_id, title=data.title)
    if existing is None:
        work_upsert(
            title=data.title,
            authors=[
                AuthorSlot(
                    raw_name=record.display_name, author=record, author_orcid=record.orcid or ""
                )
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
    confirmed = existing.source == RecordSource.OWNER
    if confirmed:  # an owner typed it in; a known source now lists it (trust counts it)
        existing.source = RecordSource.ORCID
        existing.save(update_fields=["source", "updated_at"])
        for other in AuthorRecord.objects.filter(authorships__work=existing).exclude(pk=record.pk):
            refresh_author_stats(author=other, reason="work confirmed by ORCID")
    if existing.authorships.filter(author=record).exists():
        return confirmed
    names = {fold(record.display_name)} | {
        fold(n) for n in record.name_variants.values_list("name", flat=True)
    }
    for slot in existing.authorships.filter(author=None):
        if fold(slot.raw_name) in names and slot.author_orcid in ("", record.orcid):
            slot.author = record
            slot.save(update_fields=["author"])
            return True
    return confirmed


@transaction.atomic
def import_orcid_record(data: orcid.OrcidRecordData) -> tuple[AuthorRecord, str]:
    """Create or update the record an ORCID record describes (matched by ORCID iD), its
    affiliation, headline, other names and works."""
    record = AuthorRecord.objects.filter(orcid=data.orcid).first()
    merged = record is None and (record := merged_record(orcid=data.orcid)) is not None
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
                # a record merged into this one: the survivor keeps its name
                "display_name": "" if merged else data.display_name,
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
