"""Shared pieces of the importers' database writes: outcomes, the import report, small helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

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
