"""Finding a record's works in a CV: by DOI, arXiv id, title or author list.

`find_matches(facts, cv)` returns one `WorkMatch` per work found, in the record's order.
Title similarity is rapidfuzz's (0-100); the thresholds are documented in
docs/claims-scoring.md and pinned by tests/evidence/test_matching.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz, process

from profiles.evidence.cv import ParsedCv, entry_name_keys, name_keys
from profiles.evidence.facts import RecordFacts, WorkFacts
from profiles.evidence.names import compare_names, fold
from profiles.identifiers import normalize_arxiv, normalize_doi

# Title similarity a work's title needs against a CV entry.
TITLE_MIN_SIMILARITY = 90
TITLE_EXACT_SIMILARITY = 97
# Titles shorter than this (folded characters) or with fewer significant words are "short":
# fuzz alone never matches them; they need an exact fragment plus the year or venue.
SHORT_TITLE_CHARS = 30
SHORT_TITLE_WORDS = 4
# A work matched by its author list alone needs this many of its names printed in one entry.
AUTHOR_LIST_MIN_NAMES = 4
# A reason sentence names at most this many matched works.
REASON_MAX_WORKS = 5
_STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "via", "by"}


class MatchedBy(TextChoices):
    """How a work was found in the CV (the API's `matched_by`)."""

    DOI = "doi", "same DOI"
    ARXIV = "arxiv", "same arXiv id"
    TITLE = "title", "similar title"
    AUTHORS = "authors", "same author list"


@dataclass(frozen=True)
class WorkMatch:
    """One of the record's works found in the CV."""

    work_id: int
    title: str
    year: int | None
    venue: str
    matched_by: MatchedBy
    similarity: float
    cv_text: str
    # The other title of the work the CV lists it under; for the reasons, not the API.
    listed_as: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "work_id": self.work_id,
            "title": self.title,
            "year": self.year,
            "venue": self.venue,
            "matched_by": str(self.matched_by),
            "similarity": self.similarity,
            "cv_text": self.cv_text,
        }


@dataclass(frozen=True)
class CoauthorSlot:
    """A matched work on which the claimant's name is printed in another author's slot."""

    work_id: int
    title: str
    printed_as: str
    position: int

    def as_dict(self) -> dict[str, object]:
        return {
            "work_id": self.work_id,
            "title": self.title,
            "printed_as": self.printed_as,
            "position": self.position,
        }


def _significant_words(folded: str) -> list[str]:
    return [w for w in folded.split() if w not in _STOPWORDS]


def is_short_title(folded: str) -> bool:
    return len(folded) < SHORT_TITLE_CHARS or len(_significant_words(folded)) < SHORT_TITLE_WORDS


def _numbers(folded: str) -> set[str]:
    """Number tokens of a folded text: "Part 2" and "Part 3" are different works, however
    similar the rest of the title."""
    return {w for w in folded.split() if w.isdigit()}


class CvIndex:
    """A CV's entries indexed once per scoring, so that comparing them with hundreds of
    works stays fast: each title is compared (rapidfuzz) only with entries sharing at least
    half of its significant words, and author lists are looked up by name key."""

    def __init__(self, cv: ParsedCv):
        self.entries = cv.entries
        self.dois = set(cv.dois)
        self.arxiv_ids = set(cv.arxiv_ids)
        self.words = [frozenset(e.folded.split()) for e in cv.entries]
        self.by_word: dict[str, set[int]] = {}
        for i, words in enumerate(self.words):
            for word in words:
                self.by_word.setdefault(word, set()).add(i)
        self._by_name: dict[str, set[int]] | None = None

    def candidates(self, folded_title: str) -> list[int]:
        significant = set(_significant_words(folded_title)) or set(folded_title.split())
        counts: dict[int, int] = {}
        for word in significant:
            for i in self.by_word.get(word, ()):
                counts[i] = counts.get(i, 0) + 1
        need = max(1, len(significant) // 2)
        return sorted(i for i, n in counts.items() if n >= need)

    def by_name(self) -> dict[str, set[int]]:
        if self._by_name is None:
            self._by_name = {}
            for i, entry in enumerate(self.entries):
                for key in entry_name_keys(entry.text):
                    self._by_name.setdefault(key, set()).add(i)
        return self._by_name

    def corroborated(self, work: WorkFacts, venue: str, i: int) -> bool:
        """The work's year (give or take one: preprint vs proceedings) or venue is printed
        in entry i."""
        if work.year and any(
            str(y) in self.words[i] for y in (work.year - 1, work.year, work.year + 1)
        ):
            return True
        return len(venue) >= 3 and f" {venue} " in f" {self.entries[i].folded} "


# (similarity, which of the work's titles matched, the CV entry's text)
TitleHit = tuple[float, str, str]
NO_HIT: TitleHit = (0.0, "", "")


def _short_title_hit(work: WorkFacts, title: str, folded: str, index: CvIndex) -> TitleHit:
    """A short title matches only as an exact title fragment of an entry that also prints
    the work's year or venue."""
    venue = fold(work.venue)
    for i in index.candidates(folded):
        entry = index.entries[i]
        if folded in entry.titles and index.corroborated(work, venue, i):
            return (100.0, title, entry.text)
    return NO_HIT


def _fragment_hit(title: str, folded: str, index: CvIndex, best: TitleHit) -> TitleHit:
    """The best entry title fragment similar to the whole title (numbers must agree)."""
    numbers = _numbers(folded)
    fragments = [(f, i) for i in index.candidates(folded) for f in index.entries[i].titles]
    for choice, sim, k in process.extract(
        folded,
        [f for f, _i in fragments],
        scorer=fuzz.ratio,
        score_cutoff=TITLE_MIN_SIMILARITY,
        limit=5,
    ):
        if sim > best[0] and numbers <= _numbers(choice):
            return (sim, title, index.entries[fragments[k][1]].text)
    return best


def _inside_entry_hit(title: str, folded: str, index: CvIndex, best: TitleHit) -> TitleHit:
    """The title found inside a whole entry at least as long as it (best aligned substring),
    so a short entry is never "found inside" a long title."""
    numbers = _numbers(folded)
    longer = [i for i in index.candidates(folded) if len(index.entries[i].folded) >= len(folded)]
    for _choice, sim, k in process.extract(
        folded,
        [index.entries[i].folded for i in longer],
        scorer=fuzz.partial_ratio,
        score_cutoff=min(100.0, max(TITLE_MIN_SIMILARITY, best[0] + 0.001)),
        limit=5,
    ):
        entry = index.entries[longer[k]]
        if sim > best[0] and numbers <= _numbers(entry.folded):
            return (sim, title, entry.text)
    return best


def match_title(work: WorkFacts, index: CvIndex) -> TitleHit:
    """The best match of any of the work's titles in the CV, or NO_HIT."""
    best = NO_HIT
    for title in work.titles:
        folded = fold(title)
        if not folded:
            continue
        if is_short_title(folded):
            hit = _short_title_hit(work, title, folded, index)
            if hit[0]:
                return hit
            continue
        best = _fragment_hit(title, folded, index, best)
        if best[0] >= 100:
            return best
        best = _inside_entry_hit(title, folded, index, best)
    return best


def match_authors(work: WorkFacts, index: CvIndex) -> str:
    """A CV entry printing the same author list (at least 4 names and 80 % of the work's
    authors) with the work's year or venue: the same work listed under another title."""
    if len(work.slots) < AUTHOR_LIST_MIN_NAMES:
        return ""
    need = max(AUTHOR_LIST_MIN_NAMES, -(-len(work.slots) * 4 // 5))
    by_name = index.by_name()
    counts: dict[int, int] = {}
    for _pos, name, _own in work.slots:
        hits: set[int] = set()
        for key in name_keys(name):
            hits |= by_name.get(key, set())
        for i in hits:
            counts[i] = counts.get(i, 0) + 1
    venue = fold(work.venue)
    for i in sorted(i for i, n in counts.items() if n >= need):
        if index.corroborated(work, venue, i):
            return index.entries[i].text
    return ""


def _match_work(work: WorkFacts, cv: ParsedCv, index: CvIndex) -> WorkMatch | None:
    # Stored ids are already bare (profiles/identifiers.py); normalising again tolerates
    # records imported before that rule.
    doi = normalize_doi(work.doi)
    arxiv_id = normalize_arxiv(f"arXiv:{work.arxiv_id}") if work.arxiv_id else ""
    listed_as = ""
    if doi and doi in index.dois:
        how, similarity = MatchedBy.DOI, 100.0
        entry_text = next((e.text for e in cv.entries if doi in e.dois), "")
    elif arxiv_id and arxiv_id in index.arxiv_ids:
        how, similarity = MatchedBy.ARXIV, 100.0
        entry_text = next((e.text for e in cv.entries if arxiv_id in e.arxiv_ids), "")
    else:
        sim, title, entry_text = match_title(work, index)
        how, similarity = MatchedBy.TITLE, round(sim, 1)
        listed_as = title if title != work.title else ""
        if not sim:
            entry_text = match_authors(work, index)
            how, similarity = MatchedBy.AUTHORS, 0.0
            if not entry_text:
                return None
    return WorkMatch(
        work_id=work.work_id,
        title=work.title,
        year=work.year,
        venue=work.venue,
        matched_by=how,
        similarity=similarity,
        cv_text=entry_text[:300],
        listed_as=listed_as,
    )


def find_matches(facts: RecordFacts, cv: ParsedCv) -> list[WorkMatch]:
    """The record's works found in the CV, each once, in the record's order."""
    if not cv.entries:
        return []
    index = CvIndex(cv)
    found = (_match_work(work, cv, index) for work in facts.works)
    return [match for match in found if match is not None]


# --------------------------------------------------------------------------- printed where


def _printed_in_own_slot(work: WorkFacts, claimant_name: str) -> bool:
    return any(own and compare_names(claimant_name, name).matches for _pos, name, own in work.slots)


def _coauthor_slot(work: WorkFacts, claimant_name: str) -> CoauthorSlot | None:
    for pos, name, own in work.slots:
        if not own and compare_names(claimant_name, name).matches:
            return CoauthorSlot(work.work_id, work.title, printed_as=name, position=pos)
    return None


def printed_positions(
    facts: RecordFacts, matched: Sequence[WorkMatch], claimant_name: str
) -> tuple[list[str], list[CoauthorSlot]]:
    """Titles of the matched works where the claimant is printed in the record's own slot,
    and the matched works where they are printed as another author instead."""
    by_id = {w.work_id: w for w in facts.works}
    as_record: list[str] = []
    coauthor_of: list[CoauthorSlot] = []
    for match in matched:
        work = by_id[match.work_id]
        if _printed_in_own_slot(work, claimant_name):
            as_record.append(work.title)
            continue
        slot = _coauthor_slot(work, claimant_name)
        if slot:
            coauthor_of.append(slot)
    return as_record, coauthor_of


# --------------------------------------------------------------------------- in reasons


def describe_match(match: WorkMatch) -> str:
    where = ", ".join(str(x) for x in (match.venue, match.year) if x)
    label = f"\u201c{match.title}\u201d" + (f" ({where})" if where else "")
    how = {
        MatchedBy.DOI: _("same DOI"),
        MatchedBy.ARXIV: _("same arXiv id"),
        MatchedBy.TITLE: _("title %(sim)s%% similar") % {"sim": f"{match.similarity:g}"},
        MatchedBy.AUTHORS: _("same author list and year or venue, under another title"),
    }[match.matched_by]
    if match.listed_as:
        how += _(", listed in the CV under its other title \u201c%(alt)s\u201d") % {
            "alt": match.listed_as
        }
    return f"{label}, {how}"


def describe_matches(matched: Sequence[WorkMatch]) -> str:
    """The matched works for a reason sentence, at most REASON_MAX_WORKS of them."""
    shown = "; ".join(describe_match(m) for m in matched[:REASON_MAX_WORKS])
    more = len(matched) - REASON_MAX_WORKS
    if more > 0:
        shown += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return shown
