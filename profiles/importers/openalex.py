"""Reading OpenAlex objects (authors, works, institutions, topics) into plain dataclasses.

Codes for the documented shape (https://docs.openalex.org, "Entities"), tolerating missing keys
and nulls where OpenAlex leaves a value out. The object's kind comes from its `id`: the short
id's first letter (A, W, I, T) in `https://openalex.org/A5023888391` or a bare `A5023888391`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from profiles.choices import WorkType
from profiles.identifiers import normalize_doi, normalize_orcid
from profiles.importers import ImportRecordError
from profiles.importers.shape import as_dict as _dict
from profiles.importers.shape import as_list as _list
from profiles.importers.shape import as_text as _text

_SHORT_ID = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:\w+/)?)?([AWITSPF]\d+)/?$", re.I)
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})/?$", re.I)

KINDS = {"A": "author", "W": "work", "I": "institution", "T": "topic"}

# OpenAlex `type` values (docs: "Work object", type) mapped to our WorkType. Anything not
# listed becomes OTHER rather than failing: OpenAlex adds types from time to time.
WORK_TYPES = {
    "article": WorkType.ARTICLE,
    "letter": WorkType.ARTICLE,
    "editorial": WorkType.ARTICLE,
    "erratum": WorkType.ARTICLE,
    "preprint": WorkType.PREPRINT,
    "posted-content": WorkType.PREPRINT,
    "review": WorkType.REVIEW,
    "book": WorkType.BOOK,
    "monograph": WorkType.BOOK,
    "reference-book": WorkType.BOOK,
    "book-chapter": WorkType.BOOK_CHAPTER,
    "dissertation": WorkType.DISSERTATION,
    "dataset": WorkType.DATASET,
    "patent": WorkType.PATENT,
    "proceedings-article": WorkType.CONFERENCE_PAPER,
    "conference-paper": WorkType.CONFERENCE_PAPER,
}


def short_id(value: Any) -> str:
    """`https://openalex.org/A5023888391` -> `A5023888391` (upper-case letter); '' if none."""
    if not isinstance(value, str) or not value.strip():
        return ""
    match = _SHORT_ID.match(value.strip())
    return (match.group(1)[0].upper() + match.group(1)[1:]) if match else ""


def ror_id(value: Any) -> str:
    """`https://ror.org/00jmfr291` -> `00jmfr291`; '' if absent or not a ROR id."""
    if not isinstance(value, str):
        return ""
    match = _ROR.match(value.strip())
    return match.group(1).lower() if match else ""


def orcid_id(value: Any) -> str:
    """Canonical ORCID iD, or '' when absent or invalid (OpenAlex sometimes carries bad ones)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        return normalize_orcid(value)
    except ValidationError:
        return ""


def kind_of(obj: Any) -> str:
    """'author', 'work', 'institution' or 'topic' from the object's id; raises otherwise."""
    if not isinstance(obj, dict):
        raise ImportRecordError(f"expected a JSON object, got {type(obj).__name__}")
    oid = short_id(obj.get("id"))
    if not oid:
        raise ImportRecordError(f"no OpenAlex id in 'id': {str(obj.get('id'))[:80]!r}")
    kind = KINDS.get(oid[0])
    if kind is None:
        raise ImportRecordError(f"{oid}: OpenAlex objects of this kind are not imported")
    return kind


def _url(value: str) -> str:
    """An http(s) address that fits a URLField (200 characters), else ''."""
    return value if value.startswith(("http://", "https://")) and len(value) <= 200 else ""


def _names(values: Any) -> list[str]:
    seen: list[str] = []
    for value in _list(values):
        name = _text(value)
        if name and name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class InstitutionData:
    openalex_id: str
    name: str
    ror: str = ""
    country_code: str = ""
    homepage_url: str = ""
    alternative_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicData:
    openalex_id: str
    name: str
    subfield: str = ""
    field: str = ""
    domain: str = ""
    count: int = 0


@dataclass(frozen=True)
class AffiliationData:
    institution: InstitutionData
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class AuthorData:
    openalex_id: str
    display_name: str
    orcid: str = ""
    alternative_names: tuple[str, ...] = ()
    last_known_institutions: tuple[InstitutionData, ...] = ()
    affiliations: tuple[AffiliationData, ...] = ()
    topics: tuple[TopicData, ...] = ()
    external_ids: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthorshipData:
    position: int
    raw_name: str
    author_openalex_id: str = ""
    author_orcid: str = ""
    author_display_name: str = ""
    is_corresponding: bool = False
    institutions: tuple[InstitutionData, ...] = ()


@dataclass(frozen=True)
class WorkData:
    openalex_id: str
    title: str
    work_type: str = WorkType.OTHER
    year: int | None = None
    venue: str = ""
    abstract: str = ""
    doi: str = ""
    url: str = ""
    authorships: tuple[AuthorshipData, ...] = ()
    topics: tuple[TopicData, ...] = ()


def _require_name(obj: dict[str, Any], oid: str, key: str = "display_name") -> str:
    name = _text(obj.get(key))
    if not name:
        raise ImportRecordError(f"{oid}: '{key}' is missing or empty")
    return name


def parse_institution(obj: dict[str, Any]) -> InstitutionData:
    """An institution object, or the dehydrated one nested in authors and authorships."""
    obj = _dict(obj)
    oid = short_id(obj.get("id"))
    if not oid.startswith("I"):
        raise ImportRecordError(f"not an OpenAlex institution id: {str(obj.get('id'))[:80]!r}")
    country = _text(obj.get("country_code")).upper()
    homepage = _text(obj.get("homepage_url"))
    return InstitutionData(
        openalex_id=oid,
        name=_require_name(obj, oid)[:300],
        ror=ror_id(obj.get("ror")) or ror_id(_dict(obj.get("ids")).get("ror")),
        country_code=country if len(country) == 2 else "",
        homepage_url=_url(homepage),
        alternative_names=tuple(
            n for n in _names(obj.get("display_name_alternatives")) if n != obj.get("display_name")
        ),
    )


def parse_topic(obj: dict[str, Any]) -> TopicData:
    """A topic object, or a topic as listed in an author's or a work's `topics`."""
    obj = _dict(obj)
    oid = short_id(obj.get("id"))
    if not oid.startswith("T"):
        raise ImportRecordError(f"not an OpenAlex topic id: {str(obj.get('id'))[:80]!r}")
    count = obj.get("count")
    return TopicData(
        openalex_id=oid,
        name=_require_name(obj, oid)[:300],
        subfield=_text(_dict(obj.get("subfield")).get("display_name"))[:200],
        field=_text(_dict(obj.get("field")).get("display_name"))[:200],
        domain=_text(_dict(obj.get("domain")).get("display_name"))[:200],
        count=count if isinstance(count, int) and count > 0 else 0,
    )


_Item = TypeVar("_Item", "InstitutionData", "TopicData")


def _unique(values: Any, parse: Callable[[Any], _Item]) -> tuple[_Item, ...]:
    """Nested institutions or topics, once each by OpenAlex id; ones without a usable id
    or name are skipped, not fatal."""
    found: dict[str, _Item] = {}
    for value in _list(values):
        try:
            item = parse(value)
        except ImportRecordError:
            continue
        found.setdefault(item.openalex_id, item)
    return tuple(found.values())


def _institutions(values: Any) -> tuple[InstitutionData, ...]:
    return _unique(values, parse_institution)


def _topics(values: Any) -> tuple[TopicData, ...]:
    return _unique(values, parse_topic)


def parse_author(obj: dict[str, Any]) -> AuthorData:
    """An author object: ids, name and alternatives, institutions and topics."""
    obj = _dict(obj)
    oid = short_id(obj.get("id"))
    if not oid.startswith("A"):
        raise ImportRecordError(f"not an OpenAlex author id: {str(obj.get('id'))[:80]!r}")
    name = _require_name(obj, oid)[:200]
    ids = _dict(obj.get("ids"))
    affiliations = []
    for item in _list(obj.get("affiliations")):
        item = _dict(item)
        insts = _institutions([item.get("institution")])
        if insts:
            years = tuple(sorted({y for y in _list(item.get("years")) if isinstance(y, int)}))
            affiliations.append(AffiliationData(institution=insts[0], years=years))
    last_known = _institutions(obj.get("last_known_institutions"))
    if not last_known:
        # Older author objects carry a single `last_known_institution`.
        last_known = _institutions([obj.get("last_known_institution")])
    external = {
        key: str(value)
        for key, value in ids.items()
        if key not in {"openalex", "orcid"} and isinstance(value, (str, int)) and value
    }
    return AuthorData(
        openalex_id=oid,
        display_name=name,
        orcid=orcid_id(obj.get("orcid")) or orcid_id(ids.get("orcid")),
        alternative_names=tuple(
            n for n in _names(obj.get("display_name_alternatives")) if n != name
        ),
        last_known_institutions=last_known,
        affiliations=tuple(affiliations),
        topics=_topics(obj.get("topics")),
        external_ids=external,
    )


# The longest abstract stored, in characters (real ones stay under 5,000). A longer one (a
# whole paper pasted in, or a broken record) is cut at a word before the limit, ending "…".
MAX_ABSTRACT_CHARS = 20_000


def cap_abstract(text: str) -> str:
    """The abstract as stored: at most MAX_ABSTRACT_CHARS characters."""
    if len(text) <= MAX_ABSTRACT_CHARS:
        return text
    cut = text[: MAX_ABSTRACT_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_ABSTRACT_CHARS // 2 else cut).rstrip() + "\u2026"


def rebuild_abstract(index: Any) -> str:
    """Plain text from OpenAlex's `abstract_inverted_index` ({word: [positions]}), capped
    at MAX_ABSTRACT_CHARS."""
    if not isinstance(index, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for pos in _list(positions):
            if isinstance(pos, int) and pos >= 0:
                placed[pos] = str(word)
    return cap_abstract(" ".join(placed[pos] for pos in sorted(placed)))


def _check_types(obj: dict[str, Any], oid: str) -> None:
    """A value of the wrong type where the import depends on it rejects the work (rather than
    storing it without its authors or its year)."""
    if obj.get("authorships") is not None and not isinstance(obj["authorships"], list):
        kind = type(obj["authorships"]).__name__
        raise ImportRecordError(f"{oid}: 'authorships' is not a list (a {kind})")
    year = obj.get("publication_year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ImportRecordError(f"{oid}: 'publication_year' is not a number: {str(year)[:40]!r}")


def parse_work(obj: dict[str, Any]) -> WorkData:
    """A work object: ids, title, type, year, venue, abstract, authorships in printed order."""
    obj = _dict(obj)
    oid = short_id(obj.get("id"))
    if not oid.startswith("W"):
        raise ImportRecordError(f"not an OpenAlex work id: {str(obj.get('id'))[:80]!r}")
    _check_types(obj, oid)
    title = _text(obj.get("title")) or _text(obj.get("display_name"))
    if not title:
        raise ImportRecordError(f"{oid}: the work has no title")
    year = obj.get("publication_year")
    if not isinstance(year, int) or not 1500 <= year <= 2100:
        year = None
    location = _dict(obj.get("primary_location"))
    venue = _text(_dict(location.get("source")).get("display_name"))
    doi = normalize_doi(_text(obj.get("doi"))) or normalize_doi(
        _text(_dict(obj.get("ids")).get("doi"))
    )
    url = _text(location.get("landing_page_url"))
    authorships = []
    for i, item in enumerate(_list(obj.get("authorships")), start=1):
        item = _dict(item)
        author = _dict(item.get("author"))
        raw = _text(item.get("raw_author_name")) or _text(author.get("display_name"))
        if not raw:
            raise ImportRecordError(f"{oid}: authorship {i} has no author name")
        authorships.append(
            AuthorshipData(
                position=i,
                raw_name=raw[:200],
                author_openalex_id=short_id(author.get("id")),
                author_orcid=orcid_id(author.get("orcid")),
                author_display_name=_text(author.get("display_name"))[:200],
                is_corresponding=item.get("is_corresponding") is True,
                institutions=_institutions(item.get("institutions")),
            )
        )
    return WorkData(
        openalex_id=oid,
        title=title[:1000],
        work_type=WORK_TYPES.get(_text(obj.get("type")).lower(), WorkType.OTHER),
        year=year,
        venue=venue[:300],
        abstract=rebuild_abstract(obj.get("abstract_inverted_index")),
        doi=doi,
        url=_url(url),
        authorships=tuple(authorships),
        topics=_topics(obj.get("topics")),
    )


Parsed = AuthorData | WorkData | InstitutionData | TopicData

PARSERS: dict[str, Callable[[dict[str, Any]], Parsed]] = {
    "author": parse_author,
    "work": parse_work,
    "institution": parse_institution,
    "topic": parse_topic,
}


def parse(obj: Any) -> Parsed:
    """Any supported OpenAlex object, its kind detected from its id."""
    return PARSERS[kind_of(obj)](obj)
