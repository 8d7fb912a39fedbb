"""Institutions and topics from OpenAlex."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from profiles.importers import openalex
from profiles.models import (
    Institution,
    InstitutionDomain,
    Topic,
)
from profiles.services.imports.common import (
    CREATED,
    UNCHANGED,
    UPDATED,
    _save_changes,
    email_domain_for,
)

# ---------------------------------------------------------------- institutions and topics


def _institution_upsert(data: openalex.InstitutionData, *, full: bool) -> tuple[Institution, str]:
    """`full` is True for an institution object; the short ones nested in authors and works
    carry no homepage or alternatives, so they never erase those."""
    inst = Institution.objects.filter(openalex_id=data.openalex_id).first()
    if inst is None and data.ror:
        inst = Institution.objects.filter(ror=data.ror).first()
    values: dict[str, Any] = {"name": data.name, "openalex_id": data.openalex_id}
    holders = Institution.objects.filter(ror=data.ror)
    if inst is not None:
        holders = holders.exclude(pk=inst.pk)
    if data.ror and not holders.exists():
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
    by_id = {data.openalex_id: data for data in items}
    found = _topics_by_id(by_id)
    missing = [
        Topic(openalex_id=oid, **_topic_values(data))
        for oid, data in by_id.items()
        if oid not in found
    ]
    Topic.objects.bulk_create(missing)
    for oid, topic in found.items():
        _save_changes(topic, _topic_values(by_id[oid]))
    if missing:
        found = _topics_by_id(by_id)
    return found


def _topics_by_id(ids: Iterable[str]) -> dict[str, Topic]:
    topics = Topic.objects.filter(openalex_id__in=list(ids))
    return {t.openalex_id: t for t in topics if t.openalex_id is not None}


@transaction.atomic
def import_openalex_topic(data: openalex.TopicData) -> tuple[Topic, str]:
    """Create or update a topic from an OpenAlex topic object."""
    return _topic_upsert(data)
