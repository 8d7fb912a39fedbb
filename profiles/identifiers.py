"""Scholarly identifiers: normalising and validating ORCID iDs, DOIs and arXiv ids.

Pure functions without database access; models, importers and evidence scoring share them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_INVALID = "orcid_invalid"
_ORCID_RE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_ARXIV_PREFIX = r"arxiv(?:\.org)?[:\s./]*(?:abs/|pdf/)?"
_ARXIV_NEW_RE = re.compile(rf"(?:{_ARXIV_PREFIX})?\b(\d{{4}}\.\d{{4,5}})(?:v\d+)?\b", re.I)
_ARXIV_OLD_RE = re.compile(rf"\b{_ARXIV_PREFIX}([a-z\-]+(?:\.[A-Z]{{2}})?/\d{{7}})", re.I)


def orcid_checksum(base_digits: str) -> str:
    """The ISO 7064 11,2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for char in base_digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(value: str) -> str:
    """Return the canonical `0000-0000-0000-0000` form, accepting URLs and missing dashes.

    Raises ValidationError (code `orcid_invalid`) when the shape or the check digit is wrong.
    """
    raw = (value or "").strip()
    raw = re.sub(r"^https?://(www\.|sandbox\.)?orcid\.org/", "", raw, flags=re.I).strip("/")
    match = _ORCID_RE.match(raw.upper())
    if not match:
        raise ValidationError(
            _("An ORCID iD has 16 characters, like 0000-0002-1825-0097."), code=ORCID_INVALID
        )
    digits = "".join(match.groups())
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD's check digit is wrong; please copy it again from orcid.org."),
            code=ORCID_INVALID,
        )
    return "-".join(match.groups())


def validate_orcid(value: str) -> None:
    """Model-field validator: the stored value must already be canonical and valid."""
    if value and normalize_orcid(value) != value:
        raise ValidationError(_("Store ORCID iDs as 0000-0000-0000-0000."), code=ORCID_INVALID)


def normalize_doi(value: str | None) -> str:
    """Lower-cased bare DOI (`10.1234/abc`) from a DOI, `doi:` prefix or doi.org URL; '' if none."""
    if not value:
        return ""
    match = _DOI_RE.search(value.strip())
    if not match:
        return ""
    return match.group(1).rstrip(".,;)]}").lower()


def find_dois(text: str) -> list[str]:
    """Every DOI in a block of text, normalised, in order of appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in _DOI_RE.finditer(text or ""):
        seen.setdefault(match.group(1).rstrip(".,;)]}").lower(), None)
    return list(seen)


def normalize_arxiv(value: str | None) -> str:
    """Bare arXiv id without version (`2301.10904`, `hep-th/9901001`); '' if none."""
    if not value:
        return ""
    ids = find_arxiv_ids(value)
    return ids[0] if ids else ""


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id in a block of text (new and old style), without versions or repeats."""
    seen: dict[str, None] = {}
    for match in _ARXIV_OLD_RE.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    for match in _ARXIV_NEW_RE.finditer(text or ""):
        # New-style ids appear bare in many CVs, but a bare "2021.1234" could be anything,
        # so we accept them only next to the word arXiv or inside an arxiv.org URL.
        context = (text or "")[max(0, match.start() - 12) : match.start()].lower()
        if "arxiv" in match.group(0).lower() or "arxiv" in context:
            seen.setdefault(match.group(1), None)
    return list(seen)


# Row ids coming from outside (URLs, form fields, API bodies). A row id is at most 18 digits:
# anything longer cannot be a row of a 64-bit primary key and, passed on, would reach the
# database as an integer it cannot hold (a 500 instead of a 404 or a 400). The URL converter
# (config/converters.py), the form field (profiles/forms/fields.py) and the API fields
# (profiles/api/fields.py) all apply this one rule.
ROW_ID_REGEX = r"[0-9]{1,18}"
MAX_ROW_ID = 10**18 - 1


def parse_row_id(value) -> int | None:
    """The id as an int, or None when it cannot be a row id."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number >= 1 else None
