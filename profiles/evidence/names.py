"""Name folding and comparison, the way a careful moderator would. Pure functions, no database.

`fold(text)` is the one normaliser (lower-case ASCII, punctuation to spaces) used for names,
titles and search; `tokens(text)` is the one tokenizer (the folded words), and a name's
tokens (`name_tokens`) are those words without honorifics or a bracketed note, "Family,
Given" turned round. Names are compared without caring about order ("Lao ChonLam"), spacing
("Chon Lam"), hyphens ("Chon-Lam"), or initials ("C. Lao", "Lao, C."). anyascii
transliterates "Chón" and "老" alike.

`compare_names(a, b)` answers with a `NameMatch`: a strength from 0 to 1 and a kind word
(`exact`, `initials`, `surname`, `none`) that the scoring turns into points and reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

EXACT = "exact"
INITIALS = "initials"
SURNAME = "surname"
NONE = "none"

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^()]*\)")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
# Honorifics and degrees that CVs print around a name and that say nothing about who it is.
_NOISE = {
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "phd",
    "md",
    "msc",
    "bsc",
    "jr",
    "sr",
    "ii",
    "iii",
    "sir",
    "doctor",
    "mx",
    "assoc",
}


@dataclass(frozen=True)
class NameMatch:
    """How well two names agree: `strength` 0..1 and the `kind` of agreement."""

    strength: float
    kind: str

    @property
    def matches(self) -> bool:
        """True for a full match (exact or initials-compatible)."""
        return self.kind in (EXACT, INITIALS)


def fold(text: str) -> str:
    """Lower-case ASCII with punctuation turned to spaces: "Chón-Lam  LAO" -> "chon lam lao"."""
    ascii_text = anyascii(text or "").lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text: "Dr. Chón-Lam" -> ["dr", "chon", "lam"]."""
    return fold(text).split()


def search_text(names: list[str]) -> str:
    """What a record is searched by: each folded name, plus each with spaces removed so that
    "chonlam" finds "Chon Lam" and the other way round."""
    parts: list[str] = []
    for name in names:
        folded = fold(name)
        if folded and folded not in parts:
            parts.append(folded)
            joined = folded.replace(" ", "")
            if joined not in parts:
                parts.append(joined)
    return " | ".join(parts)


def context_text(texts: list[str]) -> str:
    """What a record is also found by (affiliation, topics): each folded text once."""
    parts: list[str] = []
    for text in texts:
        folded = fold(text)
        if folded and folded not in parts:
            parts.append(folded)
    return " | ".join(parts)


def _ascii(name: str) -> str:
    return anyascii(name or "").lower()


def _meaningful(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in _NOISE]


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name, without honorifics or a bracketed note: "Dr.
    Chón-Lam LAO" -> ("chon", "lam", "lao"), "Yiming Qin (Student)" -> ("yiming", "qin"). A
    "Family, Given" comma form is read as given-then-family. Cached: author lists repeat."""
    text = _BRACKETED.sub(" ", name or "")
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        # "Lao, C." and "Lao, ChonLam": the part after the comma is the given name, unless it
        # is only a suffix or degree ("Smith, Jr.").
        text = f"{given} {family}" if given and _ascii(given).strip(". ") not in _NOISE else family
    return tuple(_meaningful(text))


def compact(name: str) -> str:
    """The name's letters only, sorted by token, so order and spacing do not matter."""
    return "".join(sorted(name_tokens(name)))


def _joined(tokens: tuple[str, ...]) -> str:
    return "".join(tokens)


def _same_letters_any_order(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Chon Lam Lao" vs "ChonLam Lao" vs "Lao ChonLam": same tokens once spaces between
    tokens are allowed anywhere, in any order of the family name."""
    if _joined(a) == _joined(b):
        return True
    # Try every rotation, so the family name may come first or last.
    ja = _joined(a)
    for i in range(1, len(b)):
        if _joined(b[i:] + b[:i]) == ja:
            return True
    return any(_joined(a[i:] + a[:i]) == _joined(b) for i in range(1, len(a)))


def _family_candidates(tokens: tuple[str, ...]) -> set[str]:
    """A family name is printed first or last depending on the culture; accept both."""
    if not tokens:
        return set()
    return {tokens[0], tokens[-1]}


def _initials_compatible(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """ "C. Lao" / "Lao, C." / "C L Lao" against "ChonLam Lao": the family names agree and each
    initial is the start of a given-name token (or of the joined given names)."""
    if not full or not short:
        return False
    initials = [t for t in short if len(t) == 1]
    words = [t for t in short if len(t) > 1]
    if not initials or len(words) != 1:
        return False
    family = words[0]
    if family not in _family_candidates(full):
        return False
    given = [t for t in full if t != family] or []
    if not given:
        return False
    given_joined = "".join(given)
    # Each initial must start a given token, in order; "C. L. Lao" fits "Chon Lam Lao",
    # and "C. Lao" fits "ChonLam Lao".
    if len(initials) == 1:
        return given_joined.startswith(initials[0])
    if len(initials) <= len(given):
        return all(g.startswith(i) for i, g in zip(initials, given, strict=False))
    # More initials than given-name tokens: "C. L. Lao" for "ChonLam Lao", whose joined
    # given name must start with the first initial and contain the others in order.
    if not given_joined.startswith(initials[0]):
        return False
    rest = iter(given_joined[1:])
    return all(i in rest for i in initials[1:])


def _abbreviated(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """ "Max Lam" for "Maximilian Lam": the same family name, and each given name of the
    short form (three letters or more) starts the matching given name of the full form."""
    if len(full) != len(short) or len(full) < 2:
        return False
    for family_index in (len(full) - 1, 0):
        if full[family_index] != short[family_index]:
            continue
        given_full = [t for i, t in enumerate(full) if i != family_index]
        given_short = [t for i, t in enumerate(short) if i != family_index]
        if all(
            len(s) >= 3 and f.startswith(s) for f, s in zip(given_full, given_short, strict=True)
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def compare_names(a: str, b: str) -> NameMatch:
    """Compare two names. Symmetric. Examples (see tests/evidence/test_names.py):
    "Lao ChonLam" ~ "ChonLam Lao" exact; "C. Lao" ~ "ChonLam Lao" initials;
    "Maximilian Lam" vs "ChonLam Lao" none; "Hao Wang" vs "ChonLam Lao" none."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return NameMatch(0.0, NONE)
    if _same_letters_any_order(ta, tb) or sorted(ta) == sorted(tb):
        return NameMatch(1.0, EXACT)
    # Tolerate a single typo in long names ("Chonlam Loa" is not enough, "Chonlamm Lao" is).
    ja, jb = "".join(sorted(ta)), "".join(sorted(tb))
    if min(len(ja), len(jb)) >= 8 and fuzz.ratio(ja, jb) >= 94 and set(ta) & set(tb):
        return NameMatch(0.9, EXACT)
    if _initials_compatible(ta, tb) or _initials_compatible(tb, ta):
        return NameMatch(0.7, INITIALS)
    if _abbreviated(ta, tb) or _abbreviated(tb, ta):
        return NameMatch(0.6, INITIALS)
    fa = {t for t in _family_candidates(ta) if len(t) > 1}
    fb = {t for t in _family_candidates(tb) if len(t) > 1}
    if fa & fb:
        return NameMatch(0.3, SURNAME)
    return NameMatch(0.0, NONE)


def best_match(name: str, candidates: list[str]) -> tuple[NameMatch, str]:
    """The strongest comparison of `name` against several forms of one person's name."""
    best = (NameMatch(0.0, NONE), "")
    for candidate in candidates:
        result = compare_names(name, candidate)
        if result.strength > best[0].strength:
            best = (result, candidate)
    return best


# Cyrillic and Greek letters that look like Latin ones, mapped before folding: anyascii reads
# the Cyrillic "Н" as "N" and the Greek "Η" as "I", so "Наo Wang" would not fold to "hao wang".
_LOOKALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеѕіјорсхуԁһԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοκνρτυχ",
    "ABESIJKMHOPCTXYaesijopcxydhqwABEZHIKMNOPTYXaoknptux",
)


def name_keys(name: str) -> set[str]:
    """What two names must share to be the same name whatever the spelling tricks: the
    compact form (order, spacing, punctuation, case and accents ignored) of the name as
    written and with look-alike Cyrillic and Greek letters read as the Latin ones."""
    return {key for key in (compact(name), compact((name or "").translate(_LOOKALIKES))) if key}


def name_search_tokens(name: str) -> list[str]:
    """Folded words of a name (look-alikes read as Latin) to look it up in `search_text`."""
    return list(name_tokens((name or "").translate(_LOOKALIKES)))
