"""Reading an ORCID public record (API v3.0 JSON, `/v3.0/{orcid}/record`) into dataclasses.

Only items whose `visibility` is `public` are kept (a public API response holds nothing else,
but a member-API export may). Reads: the iD, the name (given and family names, credit name),
other names, employments (the current one, else the latest, becomes the affiliation) and the
work summaries with their DOI and arXiv external ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from profiles.choices import WorkType
from profiles.identifiers import normalize_arxiv, normalize_doi, normalize_orcid
from profiles.importers import ImportRecordError
from profiles.importers.shape import as_dict as _dict
from profiles.importers.shape import as_list as _list
from profiles.importers.shape import as_text as _text

# ORCID work types (v3.0 vocabulary) mapped to ours; others become OTHER.
WORK_TYPES = {
    "journal-article": WorkType.ARTICLE,
    "magazine-article": WorkType.ARTICLE,
    "newspaper-article": WorkType.ARTICLE,
    "preprint": WorkType.PREPRINT,
    "working-paper": WorkType.PREPRINT,
    "conference-paper": WorkType.CONFERENCE_PAPER,
    "conference-abstract": WorkType.CONFERENCE_PAPER,
    "book": WorkType.BOOK,
    "edited-book": WorkType.BOOK,
    "book-chapter": WorkType.BOOK_CHAPTER,
    "dissertation-thesis": WorkType.DISSERTATION,
    "dissertation": WorkType.DISSERTATION,
    "data-set": WorkType.DATASET,
    "patent": WorkType.PATENT,
    "review": WorkType.REVIEW,
    "book-review": WorkType.REVIEW,
}


def _value(wrapper: Any) -> str:
    """ORCID wraps most scalars: {"value": "..."}."""
    return _text(_dict(wrapper).get("value"))


def _public(item: Any) -> bool:
    return isinstance(item, dict) and str(item.get("visibility", "")).lower() == "public"


def _year(date: Any) -> int | None:
    raw = _value(_dict(date).get("year"))
    return int(raw) if raw.isdigit() and 1500 <= int(raw) <= 2100 else None


@dataclass(frozen=True)
class EmploymentData:
    organization: str
    department: str = ""
    role: str = ""
    start_year: int | None = None
    end_year: int | None = None
    country_code: str = ""
    ror: str = ""


@dataclass(frozen=True)
class OrcidWorkData:
    title: str
    work_type: str = WorkType.OTHER
    year: int | None = None
    venue: str = ""
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""
    put_code: int | None = None


@dataclass(frozen=True)
class OrcidRecordData:
    orcid: str
    display_name: str
    given_names: str = ""
    family_name: str = ""
    credit_name: str = ""
    other_names: tuple[str, ...] = ()
    biography: str = ""
    employments: tuple[EmploymentData, ...] = ()
    works: tuple[OrcidWorkData, ...] = ()

    @property
    def current_employment(self) -> EmploymentData | None:
        """The employment without an end date that started last; None when every employment
        has ended (an ended job is not shown as the person's affiliation)."""
        current = [e for e in self.employments if e.end_year is None]
        return max(current, key=lambda e: e.start_year or 0) if current else None


def _employments(summary: dict[str, Any]) -> tuple[EmploymentData, ...]:
    found = []
    for group in _list(_dict(summary.get("employments")).get("affiliation-group")):
        for wrapped in _list(_dict(group).get("summaries")):
            item = _dict(_dict(wrapped).get("employment-summary"))
            if not _public(item):
                continue
            org = _dict(item.get("organization"))
            name = _text(org.get("name"))
            if not name:
                continue
            disamb = _dict(org.get("disambiguated-organization"))
            ror = ""
            if str(disamb.get("disambiguation-source", "")).upper() == "ROR":
                ror = _text(disamb.get("disambiguated-organization-identifier")).rsplit("/", 1)[-1]
            country = _text(_dict(org.get("address")).get("country")).upper()
            found.append(
                EmploymentData(
                    organization=name[:300],
                    department=_text(item.get("department-name"))[:200],
                    role=_text(item.get("role-title"))[:200],
                    start_year=_year(item.get("start-date")),
                    end_year=_year(item.get("end-date")),
                    country_code=country if len(country) == 2 else "",
                    ror=ror.lower(),
                )
            )
    return tuple(found)


def parse_work_summary(item: Any) -> OrcidWorkData | None:
    """One ORCID v3.0 work summary; None when it has no title."""
    item = _dict(item)
    title = _value(_dict(item.get("title")).get("title"))
    if not title:
        return None
    doi = arxiv = ""
    for ext in _list(_dict(item.get("external-ids")).get("external-id")):
        ext = _dict(ext)
        kind = str(ext.get("external-id-type", "")).lower()
        # Prefer ORCID's normalised value; fall back to the raw one. Values that do not parse
        # (the sample's "work:doi") are dropped, not fatal.
        raw = _value(ext.get("external-id-normalized")) or _text(ext.get("external-id-value"))
        if kind == "doi" and not doi:
            doi = normalize_doi(raw)
        elif kind == "arxiv" and not arxiv:
            arxiv = normalize_arxiv(raw if "arxiv" in raw.lower() else f"arXiv:{raw}")
    url = _value(item.get("url"))
    put_code = item.get("put-code")
    return OrcidWorkData(
        title=title[:1000],
        work_type=WORK_TYPES.get(_text(item.get("type")).lower(), WorkType.OTHER),
        year=_year(item.get("publication-date")),
        venue=_value(item.get("journal-title"))[:300],
        doi=doi,
        arxiv_id=arxiv,
        url=url if url.startswith(("http://", "https://")) and len(url) <= 200 else "",
        put_code=put_code if isinstance(put_code, int) else None,
    )


def _display_index(item: Any) -> int:
    item = _dict(item)
    raw = str(item.get("display-index") or "0")
    return int(raw) if raw.isdigit() else 0


def parse_work_groups(works: Any, *, public_only: bool = True) -> tuple[OrcidWorkData, ...]:
    """The works of an ORCID v3.0 works summary (`{"group": [...]}`, the `/works` answer or
    a record's `activities-summary.works`): one per group (ORCID groups versions of the same
    work), the first readable summary of each group by display index. `public_only` keeps
    only summaries marked public (a member-API export may hold others; the public API's
    answer holds nothing else)."""
    found = []
    for group in _list(_dict(works).get("group")):
        summaries = [
            s for s in _list(_dict(group).get("work-summary")) if _public(s) or not public_only
        ]
        summaries.sort(key=_display_index, reverse=True)
        for item in summaries:
            work = parse_work_summary(item)
            if work:
                found.append(work)
                break
    return tuple(found)


def parse_record(obj: Any) -> OrcidRecordData:
    """A full ORCID v3.0 record; raises ImportRecordError when it has no valid iD or no name."""
    if not isinstance(obj, dict):
        raise ImportRecordError(f"expected a JSON object, got {type(obj).__name__}")
    ident = _dict(obj.get("orcid-identifier"))
    raw_id = _text(ident.get("path")) or _text(ident.get("uri"))
    try:
        orcid = normalize_orcid(raw_id)
    except ValidationError:
        raise ImportRecordError(
            f"'orcid-identifier' holds no valid ORCID iD: {raw_id[:40]!r}"
        ) from None
    person = _dict(obj.get("person"))
    name = _dict(person.get("name"))
    given = family = credit = ""
    if _public(name):
        given = _value(name.get("given-names"))
        family = _value(name.get("family-name"))
        credit = _value(name.get("credit-name"))
    full = " ".join(part for part in (given, family) if part)
    display = credit or full
    if not display:
        raise ImportRecordError(f"{orcid}: the record has no public name")
    others: list[str] = []
    for item in _list(_dict(person.get("other-names")).get("other-name")):
        content = _text(_dict(item).get("content")) if _public(item) else ""
        if content and content not in others and content != display:
            others.append(content[:200])
    if full and full != display and full not in others:
        others.insert(0, full[:200])
    bio = _dict(person.get("biography"))
    summary = _dict(obj.get("activities-summary"))
    return OrcidRecordData(
        orcid=orcid,
        display_name=display[:200],
        given_names=given,
        family_name=family,
        credit_name=credit,
        other_names=tuple(others),
        biography=_text(bio.get("content")) if _public(bio) else "",
        employments=_employments(summary),
        works=parse_work_groups(summary.get("works")),
    )
