"""Reading BibTeX, uploaded as a `.bib` file or pasted as it comes out of Google Scholar, DBLP
or a reference manager. Pure functions, no database.

Each entry becomes one publication line, `- "Title", Given Family, Given Family, Venue Year.
doi:... arXiv:...`, the shape the CV parser reads best: LaTeX accents and escapes are turned
into letters (`{\\'e}` -> é, `\\"o` -> ö, `\\&` -> &), "Family, Given" author names are
turned round and printed in the entry's author order, so that where the list's owner is
printed can be read like any other publication list.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

# A BibTeX entry starts a line: "@inproceedings{key," or "@article(key,".
_ENTRY_START = re.compile(r"^\s*@\s*[a-zA-Z]+\s*[{(]", re.MULTILINE)
_NOT_ENTRIES = {"comment", "preamble", "string"}
_OTHERS = {"others", "et al", "et al."}


class BibtexUnreadable(ValueError):
    """The text could not be read as BibTeX at all (unbalanced braces and the like)."""


def looks_like_bibtex(text: str) -> bool:
    """Whether pasted text holds BibTeX entries (at least one "@type{" at a line start that
    is not a comment, preamble or string definition)."""
    for match in _ENTRY_START.finditer(text or ""):
        kind = match.group(0).strip(" \t\n@{(").lower()
        if kind not in _NOT_ENTRIES:
            return True
    return False


def latex_text(value: str) -> str:
    """A BibTeX field as plain text: LaTeX accents and escapes as letters, no braces."""
    from bibtexparser.latexenc import latex_to_unicode

    with contextlib.suppress(IndexError, KeyError, ValueError):  # a stray backslash
        value = latex_to_unicode(value)
    value = value.replace("\\&", "&").replace("{", "").replace("}", "").replace("~", " ")
    return " ".join(value.replace("\\", "").split())


def author_names(field: str) -> list[str]:
    """The authors of a BibTeX `author` field in order, each as "Given Family" ("Lao,
    ChonLam" -> "ChonLam Lao"); "and others" is dropped."""
    names = []
    for raw in re.split(r"\s+and\s+", field or "", flags=re.IGNORECASE):
        name = latex_text(raw)
        if not name or name.lower() in _OTHERS:
            continue
        if "," in name:
            family, _sep, given = name.partition(",")
            name = " ".join(f"{given.strip()} {family.strip()}".split())
        names.append(name)
    return names


def _field(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def entry_line(entry: dict[str, Any]) -> str:
    """One BibTeX entry as one publication line (empty when it has no title)."""
    title = latex_text(_field(entry, "title"))
    if not title:
        return ""
    parts = [f"\u201c{title}\u201d", *author_names(_field(entry, "author"))]
    venue = latex_text(_field(entry, "booktitle", "journal", "publisher", "school"))
    year = _field(entry, "year").strip()
    if venue or year:
        parts.append(" ".join(x for x in (venue, year) if x))
    line = ", ".join(parts) + "."
    doi = _field(entry, "doi").strip()
    if doi:
        line += f" doi:{doi}"
    eprint = _field(entry, "eprint").strip()
    prefix = (_field(entry, "archiveprefix") + _field(entry, "eprinttype")).lower()
    if eprint and "arxiv" in prefix:
        line += f" arXiv:{eprint}"
    elif "arxiv" in (_field(entry, "journal") + _field(entry, "url")).lower():
        line += " " + " ".join(_field(entry, k) for k in ("journal", "url") if _field(entry, k))
    return "- " + line


def bibtex_lines(text: str) -> list[str]:
    """One publication line per BibTeX entry with a title. Raises BibtexUnreadable when the
    text cannot be parsed."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    try:
        database = bibtexparser.loads(text, parser=parser)
    except Exception as exc:  # bibtexparser 1.x raises assorted pyparsing errors
        raise BibtexUnreadable(repr(exc)) from None
    lines = (entry_line(entry) for entry in database.entries)
    return [line for line in lines if line]
