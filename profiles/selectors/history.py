"""A record's public trust history: each change of its verification level and trust score,
with its date and a cause worded for people (docs/claims.md, "Trust history").

The history is read from ProfileEvent rows of the level and trust kinds. What a moderator or
a service wrote in `reason` is never shown: it may name a person, an abuse report or a
moderator's note. It is mapped to one of the public causes below; anything unknown reads as
"the record's public data changed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.choices import ProfileEventKind
from profiles.models import AuthorRecord, ProfileEvent

HISTORY_KINDS = (ProfileEventKind.LEVEL, ProfileEventKind.TRUST)

# Public causes, and the words each is told in.
CAUSES = {
    "claim_approved": gettext_lazy("the researcher's claim on this record was approved"),
    "identity_proven": gettext_lazy("the researcher proved their identity"),
    "report_upheld": gettext_lazy("moderators upheld an abuse report"),
    "moderator": gettext_lazy("a moderator adjusted it"),
    "ownership_released": gettext_lazy("the record's ownership ended"),
    "followers": gettext_lazy("its verified followers changed"),
    "profile_edited": gettext_lazy("the owner edited the profile"),
    "works_changed": gettext_lazy("the record's works changed"),
    "record_updated": gettext_lazy("the record's public data changed"),
}

# The start of the `reason` each service writes (English, as stored), and its cause.
_REASON_CAUSES = (
    ("claim approved", "claim_approved"),
    ("identity proven", "identity_proven"),
    ("abuse report", "report_upheld"),
    ("moderator adjustment", "moderator"),
    ("new verified follower", "followers"),
    ("verified follower left", "followers"),
    ("profile edited", "profile_edited"),
    ("works changed", "works_changed"),
    ("work confirmed by", "works_changed"),
    ("records merged", "works_changed"),
    ("work detached", "works_changed"),
)


@dataclass(frozen=True)
class HistoryLine:
    """One public line of the history."""

    kind: str  # "level" or "trust"
    old_value: str
    new_value: str
    cause: str  # a key of CAUSES
    created_at: datetime

    @property
    def cause_text(self) -> str:
        return str(CAUSES[self.cause])

    @property
    def text(self) -> str:
        """The whole line, worded for people."""
        values = {"old": self.old_value, "new": self.new_value, "cause": self.cause_text}
        if self.kind == ProfileEventKind.LEVEL:
            return _("Verification level went from %(old)s to %(new)s: %(cause)s.") % values
        return _("Trust score went from %(old)s to %(new)s: %(cause)s.") % values


def cause_for(*, kind: str, reason: str, new_value: str) -> str:
    """The public cause of a history row (a key of CAUSES)."""
    lowered = (reason or "").strip().lower()
    for start, cause in _REASON_CAUSES:
        if lowered.startswith(start):
            return cause
    if kind == ProfileEventKind.LEVEL and new_value == "L1":
        return "ownership_released"
    return "record_updated"


def trust_history(*, author: AuthorRecord) -> QuerySet[ProfileEvent]:
    """The record's level and trust rows, newest first, in one query (no actor is read)."""
    return (
        ProfileEvent.objects.filter(author=author, kind__in=HISTORY_KINDS)
        .only("kind", "old_value", "new_value", "reason", "created_at")
        .order_by("-created_at", "-id")
    )


def history_line(event: ProfileEvent) -> HistoryLine:
    return HistoryLine(
        kind=event.kind,
        old_value=event.old_value,
        new_value=event.new_value,
        cause=cause_for(kind=event.kind, reason=event.reason, new_value=event.new_value),
        created_at=event.created_at,
    )


def history_lines(events) -> list[HistoryLine]:
    return [history_line(event) for event in events]
