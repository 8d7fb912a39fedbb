"""Reading messy CV text: publication entries, their titles, DOIs and arXiv ids, and the name
of the CV's owner. Pure functions, no database.

Real CVs arrive as text extracted from PDFs or pasted from web pages (see the seed CVs in
tests/data/cvs/): entries wrapped over several lines, numbered or bulleted, titles in quotes,
italics, bold or HTML tags, venues on the same line, words hyphenated across line breaks,
tables flattened into tabs. We do not try to understand every layout. We split the text into
entries (a bullet, a number or a blank line starts one; wrapped lines join the one before),
clean each into comparable text, and keep likely title fragments; the matcher then compares
record titles against both, so a layout we did not foresee still matches by its words.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from profiles.evidence.names import compare_names, fold, name_tokens
from profiles.identifiers import find_arxiv_ids, find_dois

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_MD_LINK = re.compile(r"\[([^\]]{0,300})\]\([^)]{0,500}\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_BULLET = re.compile(
    r"^\s*(?:[-\u2013\u2014\u2022\u25cf\u25aa\u25e6\u00b7*+>|]+|\(?\d{1,3}[.)\]]|\[\d{1,3}\])\s+"
)
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|={3,}|_{3,}|\*{3,}|\|?[-:| ]{3,}\|?)\s*$")
# "Asyn-\nchronous", "Informa- tion": a word broken by a hyphen at a line end (PDF text).
_HYPHEN_BREAK = re.compile(r"([a-z]{2,})-\s*\n\s*([a-z]{2,})")
_HYPHEN_SPACE = re.compile(r"([a-z]{3,})- ([a-z]{2,})")
_QUOTED = re.compile(
    r"[\"\u201c\u201d\u201e\u00ab\u00bb]([^\"\u201c\u201d\u201e\u00ab\u00bb]{12,400})[\"\u201c\u201d\u201e\u00ab\u00bb]"
)
_ITALIC_OR_BOLD = re.compile(
    r"(?:<(i|em|b|strong)>(.{8,400}?)</\1>)|(?:\*\*(.{8,400}?)\*\*)|(?:(?<![*\w])\*(?!\s)(.{8,400}?)(?<!\s)\*(?![*\w]))",
    re.IGNORECASE | re.DOTALL,
)
# ", PhD" or ", Ph.D., M.D." after a name in a CV header.
_CREDENTIALS = re.compile(
    r"(?:,\s*(?:ph\.?\s?d|m\.?\s?d|m\.?\s?sc|b\.?\s?sc|m\.?a|m\.?s)\.?)+\s*$", re.I
)
_ENTRY_END = re.compile(r"(?:\b(?:19|20)\d{2}[a-z]?|https?://\S+)[\s.,;:)|*_\]]*$")
_TAG_SPLIT = re.compile(r"</?(?:i|em|b|strong|u|sup|br)\s*/?>", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")

# Words that head CV sections; a header line made of them is not the owner's name.
_SECTION_WORDS = {
    "cv",
    "curriculum",
    "vitae",
    "resume",
    "me",
    "about",
    "education",
    "experience",
    "experiences",
    "publications",
    "publication",
    "research",
    "contact",
    "profile",
    "summary",
    "skills",
    "awards",
    "honors",
    "teaching",
    "selected",
    "papers",
    "interests",
    "page",
    "homepage",
    "email",
}


@dataclass(frozen=True)
class CvEntry:
    """One block of a CV (usually one publication): its cleaned text for display, its folded
    text for comparison, likely title fragments, and the identifiers it carries."""

    text: str
    folded: str
    titles: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    arxiv_ids: tuple[str, ...] = ()
    # The entry's cleaned lines as printed (an author list often has a line of its own).
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedCv:
    """What the matcher needs from a CV."""

    entries: tuple[CvEntry, ...]
    owner_name: str = ""
    owner_name_source: str = ""  # "header" | "emphasis" | ""
    dois: tuple[str, ...] = ()
    arxiv_ids: tuple[str, ...] = ()
    emphasised_names: tuple[str, ...] = field(default=())
    has_text: bool = False


def _dehyphenate(text: str) -> str:
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    return _HYPHEN_SPACE.sub(r"\1\2", text)


def clean_markup(text: str) -> str:
    """Remove HTML tags, Markdown links, emphasis and escapes, keeping the words."""
    text = _MD_LINK.sub(r"\1", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = html.unescape(text).replace("\\", "")
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("**", " ").replace("<sup>", "")
    return " ".join(text.split())


def _title_fragments(raw: str) -> list[str]:
    """Likely titles in one entry: quoted text, italic or bold text, and the sentence-like
    pieces between periods and tabs (the matcher scores every fragment)."""
    found: list[str] = []
    for match in _QUOTED.finditer(raw):
        found.append(match.group(1))
    for match in _ITALIC_OR_BOLD.finditer(raw):
        found.append(next(g for g in match.groups()[1:] if g))
    for part in _TAG_SPLIT.split(raw):
        cleaned = clean_markup(part)
        for piece in re.split(r"\.\s+|\t+|\s[\u2013\u2014]\s|\s\|\s", cleaned):
            found.append(piece)
    result: list[str] = []
    for candidate in found:
        folded = fold(clean_markup(candidate))
        if len(folded) >= 8 and folded not in result:
            result.append(folded)
    return result


def split_entries(text: str) -> list[str]:
    """Split CV text into blocks: a bullet or number starts a block, a blank line or a rule
    ends one, other lines continue the block above (wrapped entries; a block keeps its line
    breaks)."""
    text = _dehyphenate((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or _RULE.match(line):
            if current:
                blocks.append(current)
                current = []
            continue
        if _BULLET.match(line) or _HEADING.match(line):
            if current:
                blocks.append(current)
            current = [_HEADING.sub("", _BULLET.sub("", line))]
            continue
        current.append(line)
        # A line that ends with a year or a link closes its entry: tables flattened from PDFs
        # print one publication per line without bullets or blank lines between them.
        if _ENTRY_END.search(line):
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    # Long lines with several <li> items are really several entries.
    entries: list[str] = []
    for block in blocks:
        joined = "\n".join(part.strip() for part in block)
        if joined.lower().count("<li>") > 1:
            entries.extend(p for p in re.split(r"(?i)<li>", joined) if p.strip())
        else:
            entries.append(joined)
    return entries


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 4:
        return False
    if any(ch.isdigit() or ch in "@:/|,;()" for ch in line):
        return False
    if {w.lower().strip(".") for w in words} & _SECTION_WORDS:
        return False
    for word in words:
        letters = word.replace("-", "").replace(".", "").replace("'", "")
        # "Sched-": a line a PDF broke inside a word (a title's), never a name.
        if not letters.isalpha() or word.endswith("-"):
            return False
        if not (word[0].isupper()):
            return False
    return True


def _titlecase_name(line: str) -> str:
    if line.isupper():
        return " ".join(w.capitalize() for w in line.split())
    return line


def header_name(text: str) -> str:
    """The owner's name when the CV starts with it (the first few non-empty lines)."""
    seen = 0
    for raw in _dehyphenate(text or "").split("\n"):
        line = clean_markup(_HEADING.sub("", raw)).strip(" #*_")
        line = _CREDENTIALS.sub("", line)
        if not line or _RULE.match(raw):
            continue
        seen += 1
        if seen > 6:
            break
        if _looks_like_name(line):
            return _titlecase_name(line)
    return ""


_EMPH_NAME = re.compile(
    r"\[([^\]]{3,60})\]\(#?\)|\*\*([^*\n]{3,60})\*\*|<b>([^<]{3,60})</b>|<u>([^<]{3,60})</u>",
    re.IGNORECASE,
)


def emphasised_names(text: str) -> list[str]:
    """Names a CV highlights in its author lists (bold, underlined, self-links), most
    frequent first. A CV highlights its owner's name in every entry."""
    counts: Counter[str] = Counter()
    for match in _EMPH_NAME.finditer(text or ""):
        value = next(g for g in match.groups() if g).strip(" ,.*")
        if _looks_like_name(value):
            counts[value] += 1
    return [name for name, n in counts.most_common() if n >= 2]


def parse_cv(text: str) -> ParsedCv:
    """Split, clean and index a CV's text for matching. Pasted BibTeX is read as BibTeX;
    HTML entities ("&#8217;", "&amp;") become the characters they stand for."""
    from profiles.evidence.text import pasted_bibtex_lines  # the sandbox needs settings

    text = html.unescape(pasted_bibtex_lines(text or ""))
    entries: list[CvEntry] = []
    for block in split_entries(text):
        raw = block.replace("\n", " ")
        cleaned = clean_markup(raw)
        folded = fold(cleaned)
        if len(folded) < 8:
            continue
        entries.append(
            CvEntry(
                text=cleaned[:600],
                folded=folded,
                titles=tuple(_title_fragments(raw)),
                dois=tuple(find_dois(cleaned)),
                arxiv_ids=tuple(find_arxiv_ids(cleaned)),
                lines=tuple(x for x in (clean_markup(b) for b in block.split("\n")) if x),
            )
        )
    flat = clean_markup(_dehyphenate(text))
    header = header_name(text)
    # A CV highlights its owner in its author lists; an advisor's linked name or a bold
    # award appears in fewer entries, so rank the highlighted names by entries naming them.
    emphasised = sorted(
        emphasised_names(text),
        key=lambda name: -sum(1 for e in entries if names_in(e.text, name)),
    )
    owner, source = "", ""
    if header:
        owner, source = header, "header"
    elif emphasised and sum(1 for e in entries if names_in(e.text, emphasised[0])) >= 2:
        owner, source = emphasised[0], "emphasis"
    return ParsedCv(
        entries=tuple(entries),
        owner_name=owner,
        owner_name_source=source,
        dois=tuple(find_dois(flat)),
        arxiv_ids=tuple(find_arxiv_ids(flat)),
        emphasised_names=tuple(emphasised),
        has_text=bool(text.strip()),
    )


def name_keys(name: str) -> frozenset[str]:
    """Order-free keys of a name for fast author-list comparison: "family|given" with the
    family name taken first or last, and "family|initial". "ChonLam Lao", "Lao ChonLam",
    "Chon Lam Lao" and "C. Lao" share "lao|c"; the first three also share "lao|chonlam"."""
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return frozenset()
    keys = set()
    for family, given in ((tokens[-1], tokens[:-1]), (tokens[0], tokens[1:])):
        if len(family) < 2:
            continue
        keys.add(f"{family}|{given[0][0]}")
        if all(len(g) > 1 for g in given):
            keys.add(f"{family}|{''.join(given)}")
    return frozenset(keys)


_NAME_LIST_SPLIT = re.compile(r",|;|\t|\band\b|\bet al\b|&")


@lru_cache(maxsize=2048)
def entry_name_keys(text: str) -> frozenset[str]:
    """Keys (see name_keys) of every name-like piece of an entry's comma-separated lists;
    for a longer piece, its first and last two or three words (a name next to a title or a
    venue)."""
    keys: set[str] = set()
    for piece in _NAME_LIST_SPLIT.split(text or ""):
        words = [w for w in piece.replace("*", " ").split() if not w.isdigit()]
        if not words:
            continue
        windows = [words] if len(words) <= 4 else []
        windows += [words[:2], words[:3], words[-2:], words[-3:]]
        for window in windows:
            keys |= name_keys(" ".join(window))
    return frozenset(keys)


def names_in(text: str, name: str) -> bool:
    """Whether `name` (in any spelling compare_names accepts) appears in the text's comma or
    'and' separated name lists."""
    if not name_tokens(name):
        return False
    for piece in re.split(r",|\band\b|;|\t", clean_markup(text)):
        piece = piece.strip(" .*")
        if 1 <= len(piece.split()) <= 5 and compare_names(piece, name).matches:
            return True
    return False
