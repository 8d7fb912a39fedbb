"""Reading a person's public works from the ORCID public API (v3.0).

`fetch_public_works(orcid)` asks `https://pub.<ORCID_BASE_DOMAIN>/v3.0/<iD>/works` and returns
plain dicts `{"title", "year", "doi", "arxiv_id"}`. `parse_works(data)` reads the JSON shape of
ORCID's API v3.0 (a works summary, or a full record whose `activities-summary.works` holds it),
as in the ORCID sample record; an item that does not fit is skipped, never the whole list.
The remote server is mocked in tests.
"""

from __future__ import annotations

import logging

import requests
from django.core.cache import cache

from profiles import conf
from profiles.identifiers import normalize_arxiv, normalize_doi, normalize_orcid

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 8
CACHE_SECONDS = 60 * 60


class OrcidUnavailable(Exception):
    """The ORCID public API did not answer usefully (network error, 4xx/5xx, bad JSON)."""


def public_api_url(orcid: str) -> str:
    base = conf.ORCID_BASE_DOMAIN or conf.DEFAULTS["ORCID_BASE_DOMAIN"]
    return f"https://pub.{base}/v3.0/{normalize_orcid(orcid)}/works"


def fetch_public_works(orcid: str) -> list[dict]:
    """The public works of an ORCID iD. Raises OrcidUnavailable when ORCID cannot be read.
    Answers are cached for CACHE_SECONDS (live previews ask often); failures are not."""
    key = f"orcid-works:{normalize_orcid(orcid)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    works = _fetch(orcid)
    cache.set(key, works, CACHE_SECONDS)
    return works


def _fetch(orcid: str) -> list[dict]:
    try:
        response = requests.get(
            public_api_url(orcid),
            headers={"Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.info("ORCID public API unavailable for %s: %r", orcid, exc)
        raise OrcidUnavailable(str(exc)) from exc
    return parse_works(data)


def _value(obj, *path):
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def parse_works(data: dict) -> list[dict]:
    """Works from an ORCID v3.0 works summary or full record; malformed items are skipped."""
    if not isinstance(data, dict):
        return []
    works = data
    if "activities-summary" in data:
        works = _value(data, "activities-summary", "works") or {}
    groups = works.get("group") if isinstance(works, dict) else None
    result: list[dict] = []
    for group in groups or []:
        if not isinstance(group, dict):
            continue
        for summary in group.get("work-summary") or []:
            try:
                item = _parse_summary(summary)
            except (TypeError, ValueError, AttributeError) as exc:
                logger.info("skipping an ORCID work summary that does not parse: %r", exc)
                continue
            if item:
                result.append(item)
    return result


def _parse_summary(summary: dict) -> dict | None:
    if not isinstance(summary, dict):
        return None
    title = _value(summary, "title", "title", "value") or ""
    year_text = _value(summary, "publication-date", "year", "value")
    year = int(year_text) if year_text and str(year_text).isdigit() else None
    doi = arxiv = ""
    for ext in _value(summary, "external-ids", "external-id") or []:
        if not isinstance(ext, dict):
            continue
        kind = (ext.get("external-id-type") or "").lower()
        value = _value(ext, "external-id-normalized", "value") or ext.get("external-id-value") or ""
        if kind == "doi" and not doi:
            doi = normalize_doi(value)
        elif kind == "arxiv" and not arxiv:
            arxiv = normalize_arxiv(f"arXiv:{value}") or normalize_arxiv(value)
    if not (title or doi or arxiv):
        return None
    return {"title": str(title), "year": year, "doi": doi, "arxiv_id": arxiv}
