"""Reading a person's public works from the ORCID public API (v3.0).

`fetch_public_works(orcid)` asks `https://pub.<ORCID_BASE_DOMAIN>/v3.0/<iD>/works` (or
`<ORCID_API_URL>/v3.0/<iD>/works`) and returns
`OrcidWorkData` values (title, year, DOI, arXiv id...). `parse_works(data)` reads the JSON shape
of ORCID's API v3.0 (a works summary, or a full record whose `activities-summary.works` holds
it) with the same parser the ORCID importer uses; an item that does not fit is skipped, never
the whole list. Tests serve the API from a local fake ORCID server (tests/fake_orcid.py).
"""

from __future__ import annotations

import logging

import requests
from django.core.cache import cache

from profiles import conf
from profiles.identifiers import normalize_orcid
from profiles.importers.orcid import OrcidWorkData, parse_work_groups

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 8
CACHE_SECONDS = 60 * 60


class OrcidUnavailable(Exception):
    """The ORCID public API did not answer usefully (network error, 4xx/5xx, bad JSON)."""


def public_api_url(orcid: str) -> str:
    """The works URL of an iD: `ORCID_API_URL` when set (a sandbox or a test server),
    else https://pub.<ORCID_BASE_DOMAIN>."""
    api = str(conf.ORCID_API_URL or "").rstrip("/")
    if not api:
        api = f"https://pub.{conf.ORCID_BASE_DOMAIN or conf.DEFAULTS['ORCID_BASE_DOMAIN']}"
    return f"{api}/v3.0/{normalize_orcid(orcid)}/works"


def fetch_public_works(orcid: str) -> list[OrcidWorkData]:
    """The public works of an ORCID iD. Raises OrcidUnavailable when ORCID cannot be read.
    Answers are cached for CACHE_SECONDS (live previews ask often); failures are not."""
    key = f"orcid-works:v2:{normalize_orcid(orcid)}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    works = _fetch(orcid)
    cache.set(key, works, CACHE_SECONDS)
    return works


def _fetch(orcid: str) -> list[OrcidWorkData]:
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


def parse_works(data: object) -> list[OrcidWorkData]:
    """Works from an ORCID v3.0 works summary or full record, read by the importer's parser
    (profiles/importers/orcid.py); an item that does not parse is skipped."""
    if not isinstance(data, dict):
        return []
    works: object = data
    if "activities-summary" in data:
        summary = data["activities-summary"]
        works = summary.get("works") if isinstance(summary, dict) else None
    return list(parse_work_groups(works, public_only=False))
