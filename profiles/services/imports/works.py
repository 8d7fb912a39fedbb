"""Works from OpenAlex with their authorships in printed order."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from profiles.choices import RecordSource
from profiles.importers import openalex
from profiles.models import (
    AuthorRecord,
    Institution,
    Work,
)
from profiles.selectors.records import find_work
from profiles.services.imports.common import CREATED, UNCHANGED, UPDATED
from profiles.services.imports.institutions import _institution_upsert, _topics_upsert
from profiles.services.works import AuthorSlot, work_upsert

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
    wanted = {s.author_openalex_id for s in data.authorships if s.author_openalex_id}
    by_openalex: dict[str, AuthorRecord] = {}
    # Also records that took in a merged record's OpenAlex id (RecordRedirect): same query.
    for r in AuthorRecord.objects.filter(
        Q(openalex_id__in=wanted) | Q(redirects_here__old_openalex_id__in=wanted)
    ).annotate(merged_id=F("redirects_here__old_openalex_id")):
        for key in (r.openalex_id, r.merged_id):
            if key in wanted:
                by_openalex.setdefault(key, r)
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
    existed = find_work(openalex_id=data.openalex_id, doi=data.doi or "", title=data.title)
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
