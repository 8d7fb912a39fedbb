"""Where a publication list prints its owner: the list-owner term of the score. Pure
functions, no database.

A publication list pasted from a homepage or exported as BibTeX has no name heading it; its
owner is the person printed in every entry. `author_run(lines, name)` reads the run of
author names in one entry (comma, "and" or semicolon separated, over one or more lines) and
says at which position `name` is printed; an entry written "(with H. Wang, Y. Qin, ...)"
leaves its owner out and names only the co-authors. `list_owner_term(...)` turns that into
points (docs/claims-scoring.md): where no name heads the list, the claimant printed at the
record's own author position across the matched entries is the list's owner signal.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from profiles.evidence.cv import CvEntry, ParsedCv
from profiles.evidence.facts import RecordFacts, WorkFacts
from profiles.evidence.matching import WorkMatch
from profiles.evidence.names import compare_names, fold
from profiles.evidence.report import Term

# The claimant printed at the record's own author position, where no name heads the list.
POINTS_LIST_OWNER = 10

# "(with H. Wang, Y. Qin, ...)", "(joint work with ...)", "Joint work with ...".
_WITH = re.compile(
    r"\(\s*(?:joint\s+(?:work\s+)?)?with\s+([^()]{3,400})\)|\bjoint\s+work\s+with\s+([^.()]{3,400})",
    re.IGNORECASE,
)
# A period ends a piece unless it follows an initial ("H. Wang").
_PIECE_SPLIT = re.compile(r"(?<![A-Z])\.\s+|,|;|\band\b|&|\t|\s[\u2013\u2014]\s")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][.]?|[^\W\d_][^\W\d_'\u2019.\-]*(?:[-'\u2019][^\W\d_]+)*)$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "du", "bin"}
_STRIP = " .*_\"'\u201c\u201d\u2018\u2019()[]\u2026"


def _is_name_word(word: str) -> bool:
    if word in _PARTICLES:
        return True
    if not _NAME_WORD.match(word) or not word[0].isupper():
        return False
    letters = word.replace(".", "").replace("-", "")
    # "ICNP", "NSDI", "ATP": a venue or an acronym, not a name ("H." is an initial).
    return len(letters) <= 1 or not letters.isupper()


def looks_like_author(piece: str) -> bool:
    """A piece of an author list: two to five words, each capitalised (or an initial, or a
    particle such as "van"), no digits or title punctuation."""
    words = piece.strip(_STRIP).split()
    if not 2 <= len(words) <= 5 or any(ch in piece for ch in ":?!/@"):
        return False
    return all(_is_name_word(w) for w in words)


def _pieces(lines: Sequence[str]) -> list[str]:
    """The entry's pieces between separators; a line a PDF broke at a hyphen ("In-",
    "Network Aggregation") is one piece with the next."""
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("-"):
            joined[-1] += line
        else:
            joined.append(line)
    return [
        p.strip(_STRIP)
        for line in joined
        for p in _PIECE_SPLIT.split(_WITH.sub(" | ", line))
        if p.strip(_STRIP)
    ]


def author_run(lines: Sequence[str], name: str, titles: Sequence[str] = ()) -> int:
    """The 1-based position at which `name` is printed in the entry's run of author names,
    or 0 when the entry does not print it in one. A piece of one of `titles` (a title
    broken over lines: "Efficient Data-Plane Memory") is not a name."""
    folded_titles = [f" {fold(t)} " for t in titles]
    run: list[str] = []
    for piece in [*_pieces(lines), ""]:
        in_title = any(f" {fold(piece)} " in t for t in folded_titles)
        if looks_like_author(piece) and not in_title:
            run.append(piece)
            continue
        for i, author in enumerate(run):
            if compare_names(author, name).matches:
                return i + 1
        run = []
    return 0


def with_names(lines: Sequence[str]) -> list[str]:
    """The co-authors an entry names in "(with ...)", in order; empty when it has none."""
    for match in _WITH.finditer(" ".join(lines)):
        listed = next(g for g in match.groups() if g)
        names = [p.strip(_STRIP) for p in re.split(r",|;|\band\b|&", listed)]
        found = [n for n in names if looks_like_author(n)]
        if found:
            return found
    return []


def without_title_header(cv: ParsedCv, facts: RecordFacts) -> ParsedCv:
    """The CV without its header name when that "name" is a line of one of the record's
    work titles ("Efficient Data-Plane Memory", a title broken over two lines)."""
    if cv.owner_name_source != "header":
        return cv
    folded = f" {fold(cv.owner_name)} "
    if not any(folded in f" {fold(title)} " for work in facts.works for title in work.titles):
        return cv
    return dataclasses.replace(cv, owner_name="", owner_name_source="")


def _entry(cv: ParsedCv, match: WorkMatch) -> CvEntry | None:
    if not match.cv_text:
        return None
    return next((e for e in cv.entries if e.text.startswith(match.cv_text)), None)


def entry_agrees(work: WorkFacts, entry: CvEntry, claimant_name: str) -> bool | None:
    """Whether the entry prints the claimant where the record's person is printed on the
    work (True), elsewhere (False), or says nothing about it (None). A "(with ...)" entry
    agrees when it names the work's other authors and leaves out exactly the record's one."""
    own = work.own_slot()
    if own is None:
        return None
    own_position, own_name = own
    lines = entry.lines or (entry.text,)
    listed = with_names(lines)
    if listed:
        if any(compare_names(n, claimant_name).matches for n in listed):
            return False
        others = [name for _pos, name, own in work.slots if not own]
        named = any(compare_names(n, o).matches for n in listed for o in others)
        leaves_out = not any(compare_names(n, own_name).matches for n in listed)
        return True if named and leaves_out else None
    position = author_run(lines, claimant_name, work.titles)
    if not position:
        return None
    return position == own_position


def list_owner_term(
    facts: RecordFacts, cv: ParsedCv, matched: Sequence[WorkMatch], claimant_name: str
) -> Term:
    """Where no name heads the list: POINTS_LIST_OWNER when the matched entries print the
    claimant at the record's own author position (or leave exactly that author out of a
    "(with ...)" list) more often than elsewhere, at least once."""
    term = Term()
    if cv.owner_name or not claimant_name:
        return term
    by_id = {w.work_id: w for w in facts.works}
    agree = disagree = 0
    for match in matched:
        entry = _entry(cv, match)
        verdict = entry_agrees(by_id[match.work_id], entry, claimant_name) if entry else None
        agree += verdict is True
        disagree += verdict is False
    if agree and agree > disagree:
        term.points = POINTS_LIST_OWNER
        term.reason(
            45,
            ngettext(
                "No name heads the list, but it prints you at this record's author position "
                "on %(n)d matched work: it reads as your own list.",
                "No name heads the list, but it prints you at this record's author position "
                "on %(n)d matched works: it reads as your own list.",
                agree,
            )
            % {"n": agree},
        )
    elif disagree:
        term.reason(
            45,
            _(
                "The list prints you at another author position than this record's "
                "researcher, or among the co-authors of a \u201c(with ...)\u201d entry."
            ),
        )
    return term
