"""The following feed in words people read: "added a work: <title>", "updated their
profile: headline, bio", "is now verified at L3 (was L1)". The history stores machine
values ("added work 21", "L1" → "L3", field names); this turns them into sentences, for the
home page and `GET /api/v1/me/feed/` alike. Pure wording: the objects come hydrated."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from profiles.choices import ProfileEventKind
from profiles.mathtext import plain_text

# "added work 21", "hid work 21", "showed work 21" (profiles/services/owner.py)
WORK_EVENT = re.compile(r"^(added|hid|showed) work (\d+)$")

FIELD_WORDS = {
    "headline": "headline",
    "bio": "bio",
    "affiliation": "affiliation",
    "open_to_collaborate": "openness to collaborate",
    "hide_followers": "followers list",
    "links": "links",
    "names": "names",
}


def event_work_id(new_value: str) -> int | None:
    """The work an owner's works event names, if any."""
    match = WORK_EVENT.match(new_value or "")
    return int(match.group(2)) if match else None


def _work_phrase(verb: str, title: str) -> str:
    if verb == "added":
        return _("added a work: %(title)s") % {"title": title}
    if verb == "hid":
        return _("hid a work from their page: %(title)s") % {"title": title}
    return _("showed a work on their page again: %(title)s") % {"title": title}


def _edited(new_value: str, work) -> str:
    match = WORK_EVENT.match(new_value or "")
    if match:
        title = plain_text(work.title) if work is not None else _("a work no longer listed")
        return _work_phrase(match.group(1), title)
    fields = [f.strip() for f in (new_value or "").split(",") if f.strip()]
    if not fields:
        return _("profile edited")
    words = ", ".join(FIELD_WORDS.get(f, f.replace("_", " ")) for f in fields)
    return _("updated their profile: %(fields)s") % {"fields": words}


def _level(old_value: str, new_value: str) -> str:
    if old_value and new_value:
        return _("verification level changed from %(old)s to %(new)s") % {
            "old": old_value,
            "new": new_value,
        }
    return _("verification level changed to %(new)s") % {"new": new_value or "?"}


def describe(kind: str, event=None, work=None) -> str:
    """One feed line, lower-case first (pages capitalise it after the researcher's name)."""
    if kind == "work":
        return _work_phrase("added", plain_text(work.title) if work is not None else "")
    if event is None:
        return ""
    if event.kind == ProfileEventKind.EDITED:
        return _edited(event.new_value, work)
    if event.kind == ProfileEventKind.LEVEL:
        return _level(event.old_value, event.new_value)
    if event.kind == ProfileEventKind.CLAIMED:
        return _("claimed their record")
    if event.kind == ProfileEventKind.RELEASED:
        return _("released their record: it is unclaimed again")
    return str(event.get_kind_display())
