"""The one audit trail: every moderation decision (claims, reports, sanctions, overrides)
writes an AuditEntry in its own transaction, through `record`. Entries are never changed or
deleted (profiles.models.moderation.AuditEntry refuses it); `csv_rows` streams them out."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet

from profiles.models import AuditEntry

CSV_HEADER = [
    "time",
    "action",
    "actor",
    "target_type",
    "target_id",
    "target",
    "before",
    "after",
    "reason",
]


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    actor_repr: str = "",
) -> AuditEntry:
    """Write one entry about `target`. Must run inside the decision's transaction, so the
    entry exists exactly when the decision does. `actor_repr` names an actor without an
    account (the address someone not signed in gave with a request)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An audit entry is written inside the decision's transaction.")
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if signed_in else None,
        actor_repr=(getattr(actor, "email", "") if signed_in else actor_repr)[:254],
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        target_repr=str(target)[:300],
        before=before or {},
        after=after or {},
        reason=reason or "",
    )


def for_object(obj: models.Model) -> QuerySet[AuditEntry]:
    """The entries about one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        target_id=obj.pk,
    )


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula (names and reasons come from
    people): a leading =, +, -, @ gets a quote in front."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _row(entry: AuditEntry, type_labels: dict[int, str]) -> list[str]:
    return [
        entry.created_at.isoformat(),
        entry.action,
        _cell(entry.actor_repr) or "system",
        type_labels.get(entry.target_type_id, ""),
        str(entry.target_id),
        _cell(entry.target_repr),
        json.dumps(entry.before, sort_keys=True, ensure_ascii=False),
        json.dumps(entry.after, sort_keys=True, ensure_ascii=False),
        _cell(entry.reason),
    ]


def csv_rows(entries: QuerySet[AuditEntry], *, chunk_size: int = 2000) -> Iterable[str]:
    """The CSV lines (header first) of `entries`, read from the database in chunks with
    `.iterator()`, so a year of decisions never sits in memory at once."""
    writer = csv.writer(_Echo())
    type_labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_HEADER)
        for entry in entries.order_by("created_at", "id").iterator(chunk_size=chunk_size):
            yield writer.writerow(_row(entry, type_labels))

    return lines()
