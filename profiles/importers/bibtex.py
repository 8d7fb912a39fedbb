"""Reading BibTeX files for `manage.py import_bibtex`: entries with where they start, and each
entry as a plain WorkData-like value. LaTeX accents and escapes are converted and "Family,
Given" names turned round by profiles/evidence/bibtex.py (`{\\'E}lodie` -> Élodie).

`read_entries` yields (location, entry) pairs, the location `refs.bib:12 (key)` (the line the
entry starts on, and its key); a file bibtexparser cannot read yields one ImportRecordError.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from profiles.choices import WorkType
from profiles.evidence.bibtex import BibtexUnreadable, author_names, latex_text
from profiles.identifiers import normalize_arxiv, normalize_doi
from profiles.importers import ImportRecordError
from profiles.importers.openalex import cap_abstract

# "@article{key," at a line start; comments, preambles and string definitions are no entries.
_ENTRY = re.compile(r"^[ \t]*@[ \t]*([a-zA-Z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
_NOT_ENTRIES = {"comment", "preamble", "string"}

TYPES = {
    "article": WorkType.ARTICLE,
    "inproceedings": WorkType.CONFERENCE_PAPER,
    "conference": WorkType.CONFERENCE_PAPER,
    "proceedings": WorkType.BOOK,
    "book": WorkType.BOOK,
    "booklet": WorkType.BOOK,
    "inbook": WorkType.BOOK_CHAPTER,
    "incollection": WorkType.BOOK_CHAPTER,
    "phdthesis": WorkType.DISSERTATION,
    "mastersthesis": WorkType.DISSERTATION,
    "thesis": WorkType.DISSERTATION,
    "techreport": WorkType.PREPRINT,
    "unpublished": WorkType.PREPRINT,
    "dataset": WorkType.DATASET,
    "patent": WorkType.PATENT,
}


@dataclass(frozen=True)
class BibtexWorkData:
    key: str
    title: str
    authors: tuple[str, ...]
    work_type: str = WorkType.OTHER
    year: int | None = None
    venue: str = ""
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""
    abstract: str = ""


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _starts(text: str) -> dict[str, int]:
    """The line each entry key starts on (the first, should a key repeat)."""
    lines: dict[str, int] = {}
    for match in _ENTRY.finditer(text):
        if match.group(1).lower() not in _NOT_ENTRIES:
            lines.setdefault(match.group(2), text.count("\n", 0, match.start()) + 1)
    return lines


def count_entries(path: str) -> int | None:
    """How many entries the file holds (for progress); None for standard input."""
    if path == "-":
        return None
    return len(_starts(_read_text(path)))


def _parse(text: str) -> list[dict[str, Any]]:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    try:
        entries: list[dict[str, Any]] = bibtexparser.loads(text, parser=parser).entries
    except Exception as exc:  # bibtexparser 1.x raises assorted pyparsing errors
        raise BibtexUnreadable(repr(exc)[:200]) from None
    return entries


def read_entries(path: str) -> Iterator[tuple[str, Any]]:
    """Every entry of the file with where it starts, in file order."""
    name = "<stdin>" if path == "-" else path
    text = _read_text(path)
    try:
        entries = _parse(text)
    except BibtexUnreadable as exc:
        yield name, ImportRecordError(f"not readable as BibTeX: {exc}")
        return
    lines = _starts(text)
    for entry in entries:
        key = str(entry.get("ID", ""))
        line = lines.get(key)
        where = f"{name}:{line}" if line else name
        yield (f"{where} ({key})" if key else where), entry


def _field(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _year(entry: dict[str, Any]) -> int | None:
    match = re.search(r"\b(1[5-9]\d\d|20\d\d|2100)\b", _field(entry, "year", "date"))
    return int(match.group(1)) if match else None


def _arxiv(entry: dict[str, Any]) -> str:
    prefix = (_field(entry, "archiveprefix") + _field(entry, "eprinttype")).lower()
    eprint = _field(entry, "eprint")
    if eprint and "arxiv" in prefix:
        return normalize_arxiv(f"arXiv:{eprint}")
    return normalize_arxiv(" ".join(_field(entry, k) for k in ("journal", "url", "note")))


def _work_type(entry: dict[str, Any], arxiv_id: str) -> str:
    kind = _field(entry, "ENTRYTYPE").lower()
    journal = _field(entry, "journal").lower()
    if arxiv_id and (kind == "misc" or "arxiv" in journal):
        return WorkType.PREPRINT
    return TYPES.get(kind, WorkType.OTHER)


def parse_entry(entry: Any) -> BibtexWorkData:
    """One entry as a work; raises ImportRecordError when it has no title or no author."""
    if not isinstance(entry, dict):
        raise ImportRecordError(f"expected a BibTeX entry, got {type(entry).__name__}")
    key = str(entry.get("ID", ""))
    title = latex_text(_field(entry, "title"))
    if not title:
        raise ImportRecordError("the entry has no title")
    authors = tuple(name[:200] for name in author_names(_field(entry, "author", "editor")))
    if not authors:
        raise ImportRecordError("the entry has no authors")
    url = _field(entry, "url")
    arxiv_id = _arxiv(entry)
    return BibtexWorkData(
        key=key,
        title=title[:1000],
        authors=authors,
        work_type=_work_type(entry, arxiv_id),
        year=_year(entry),
        venue=latex_text(_field(entry, "journal", "booktitle", "publisher", "school"))[:300],
        doi=normalize_doi(_field(entry, "doi")),
        arxiv_id=arxiv_id,
        url=url if url.startswith(("http://", "https://")) and len(url) <= 200 else "",
        abstract=cap_abstract(latex_text(_field(entry, "abstract"))),
    )
