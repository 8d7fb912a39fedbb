"""Turning an uploaded CV or publication list into plain text for evidence matching.

Accepted: PDF (read with pypdf), plain text (UTF-8, a byte-order mark is fine) and BibTeX
(`.bib`, read in profiles/evidence/bibtex.py; each entry becomes one line "Title", Authors,
Venue Year. doi:...). Anything else is refused with an `EvidenceFileError` whose `code` says
why, so the web form and the API can answer with a clear 4xx and store nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from functools import lru_cache
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from profiles import conf
from profiles.evidence import bib_worker, pdf_worker
from profiles.evidence.bibtex import looks_like_bibtex
from profiles.evidence.sandbox import Budget, PdfWorkerError, read_bibtex, read_pdf

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = conf.DEFAULTS["CLAIM_UPLOAD_MAX_BYTES"]
# Pasted CV text longer than this is refused; a long CV is about 60,000 characters.
MAX_CV_TEXT_CHARS = conf.DEFAULTS["CLAIM_MAX_CV_TEXT_CHARS"]
# Control characters other than tab and line breaks (NUL among them: PostgreSQL refuses it
# in text), and lone surrogates (not encodable), are dropped from every text we keep.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

EMPTY = "empty_file"
TOO_LARGE = "file_too_large"
NOT_PDF = "not_a_pdf"
PDF_UNREADABLE = "pdf_unreadable"
PDF_ENCRYPTED = "pdf_encrypted"
PDF_NO_TEXT = "pdf_no_text"
NOT_UTF8 = "not_utf8"
BAD_BIBTEX = bib_worker.UNREADABLE
BIBTEX_TOO_COSTLY = "bibtex_too_costly"
UNSUPPORTED = "unsupported_file_type"
TEXT_TOO_LONG = "cv_text_too_long"
PDF_TOO_COSTLY = "pdf_too_costly"

PDF_TYPES = {".pdf"}
TEXT_TYPES = {".txt", ".text", ".md", ".markdown", ""}
BIB_TYPES = {".bib", ".bibtex"}
ACCEPTED_EXTENSIONS = sorted(PDF_TYPES | BIB_TYPES | (TEXT_TYPES - {""}))


class EvidenceFileError(ValidationError):
    """An evidence file we cannot read. `message` is for the person, `code` for clients."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)
        self.code = code


def max_upload_bytes() -> int:
    return int(conf.CLAIM_UPLOAD_MAX_BYTES)


def max_text_chars() -> int:
    return int(conf.CLAIM_MAX_CV_TEXT_CHARS)


def strip_control(text: str) -> str:
    """`text` without control characters (tab and line breaks are kept) or lone surrogates."""
    return CONTROL_CHARS.sub("", text)


def check_cv_text(text: str) -> str:
    """Pasted CV text without control characters; refuse text longer than the limit (code
    `cv_text_too_long`)."""
    text = strip_control(text or "")
    limit = max_text_chars()
    if len(text or "") > limit:
        raise EvidenceFileError(
            _("The pasted text is %(n)s characters long; the limit is %(limit)s.")
            % {"n": f"{len(text):,}", "limit": f"{limit:,}"},
            TEXT_TOO_LONG,
        )
    return text or ""


def _read_limited(uploaded_file: IO[bytes]) -> bytes:
    limit = max_upload_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    if hasattr(uploaded_file, "seek"):
        with contextlib.suppress(OSError, ValueError):
            uploaded_file.seek(0)
    data: bytes = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise EvidenceFileError(_("The file is empty."), EMPTY)
    return data


def _too_large(limit: int) -> EvidenceFileError:
    return EvidenceFileError(
        _("The file is larger than %(limit)s; upload a shorter CV or paste its publication list.")
        % {"limit": filesizeformat(limit)},
        TOO_LARGE,
    )


def _extension(uploaded_file: IO[bytes]) -> str:
    name = getattr(uploaded_file, "name", "") or ""
    return os.path.splitext(os.path.basename(name))[1].lower()


def extract_evidence_text(uploaded_file: IO[bytes]) -> str:
    """The text of an uploaded CV (a Django UploadedFile or any object with `name` and
    `read`). Raises EvidenceFileError for an empty, oversized, unreadable or unsupported
    file; the message says what to do instead."""
    ext = _extension(uploaded_file)
    data = _read_limited(uploaded_file)
    if ext in PDF_TYPES or data[:5] == b"%PDF-":
        if ext not in PDF_TYPES and ext not in TEXT_TYPES:
            raise _unsupported()
        return pdf_text(data)
    if ext in BIB_TYPES:
        return bibtex_text(_decode(data))
    if ext in TEXT_TYPES:
        return _decode(data)
    raise _unsupported()


def _unsupported() -> EvidenceFileError:
    return EvidenceFileError(
        _("Upload a PDF, a plain-text (.txt) or a BibTeX (.bib) file."), UNSUPPORTED
    )


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EvidenceFileError(
            _(
                "This text file is not UTF-8. Save it as UTF-8 (most editors offer it under "
                "'Save as' / 'Encoding') and upload it again, or paste the text instead."
            ),
            NOT_UTF8,
        ) from None
    if "\x00" in text:
        raise EvidenceFileError(
            _("This does not look like a text file; upload a PDF, .txt or .bib file."),
            UNSUPPORTED,
        )
    return strip_control(text)


def pdf_budget() -> Budget:
    """What reading one PDF may cost (settings CLAIM_PDF_*; characters as for pasted text)."""
    return Budget(
        cpu_seconds=int(conf.CLAIM_PDF_CPU_SECONDS),
        memory_bytes=int(conf.CLAIM_PDF_MEMORY_MB) * 1024 * 1024,
        max_pages=int(conf.CLAIM_PDF_MAX_PAGES),
        max_chars=max_text_chars(),
    )


def _pdf_refusal(code: str) -> EvidenceFileError:
    if code == pdf_worker.ENCRYPTED:
        return EvidenceFileError(
            _("This PDF is password-protected. Upload a copy without a password."),
            PDF_ENCRYPTED,
        )
    if code == pdf_worker.TOO_MANY_PAGES:
        return EvidenceFileError(
            _("This PDF has more than %(n)s pages; upload your CV or publication list only.")
            % {"n": conf.CLAIM_PDF_MAX_PAGES},
            PDF_UNREADABLE,
        )
    if code == pdf_worker.TEXT_TOO_LONG:
        return EvidenceFileError(
            _("This PDF holds more than %(limit)s characters of text; upload your CV only.")
            % {"limit": f"{max_text_chars():,}"},
            TEXT_TOO_LONG,
        )
    if code == pdf_worker.TOO_COSTLY:
        return EvidenceFileError(
            _(
                "We could not read this file in time. Export your CV as PDF again from your "
                "word processor, or paste your publication list instead."
            ),
            PDF_TOO_COSTLY,
        )
    return EvidenceFileError(
        _("This PDF could not be read; it may be damaged. Export it again or paste the text."),
        PDF_UNREADABLE,
    )


def pdf_text(data: bytes) -> str:
    """Text of every page of a PDF, pages separated by blank lines, read in a worker process
    within `pdf_budget()` (profiles/evidence/sandbox.py)."""
    # Some writers put a few bytes of junk before the header; readers accept up to 1024.
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise EvidenceFileError(
            _("This file is called .pdf but is not a PDF. Export your CV as PDF again."),
            NOT_PDF,
        )
    try:
        text = strip_control(read_pdf(data, pdf_budget()))
    except PdfWorkerError as error:
        logger.info("PDF upload refused: %s", error.code)
        raise _pdf_refusal(error.code) from None
    if not text.strip():
        raise EvidenceFileError(
            _(
                "This PDF has no text we can read (it may be a scan). Upload a PDF with "
                "selectable text, or paste your publication list."
            ),
            PDF_NO_TEXT,
        )
    return text


def bibtex_text(text: str) -> str:
    """One line per BibTeX entry: `"Title", Given Family, ..., Venue Year. doi:... arXiv:...`
    (profiles/evidence/bibtex.py), LaTeX accents turned into letters, read in a worker process
    within `pdf_budget()`'s CPU, memory and character limits."""
    try:
        lines = read_bibtex(text, pdf_budget())
    except PdfWorkerError as error:
        logger.info("BibTeX upload refused: %s", error.code)
        raise _bibtex_refusal(error.code) from None
    if not lines:
        raise EvidenceFileError(_("This BibTeX file has no entries with a title."), BAD_BIBTEX)
    return "\n".join(lines)


def _bibtex_refusal(code: str) -> EvidenceFileError:
    if code == pdf_worker.TOO_COSTLY:
        return EvidenceFileError(
            _(
                "This BibTeX file is too long to read in time. Keep your own publications "
                "only, or paste your publication list as plain text."
            ),
            BIBTEX_TOO_COSTLY,
        )
    if code == bib_worker.TEXT_TOO_LONG:
        return EvidenceFileError(
            _("This BibTeX file holds more than %(limit)s characters of entries.")
            % {"limit": f"{max_text_chars():,}"},
            TEXT_TOO_LONG,
        )
    return EvidenceFileError(
        _("This BibTeX file could not be read. Check it for unbalanced braces."), BAD_BIBTEX
    )


@lru_cache(maxsize=8)
def pasted_bibtex_lines(text: str) -> str:
    """Pasted text that holds BibTeX entries as publication lines, read within the same
    budget as an uploaded file; any other text, or BibTeX that cannot be read in time,
    unchanged (it is then read as plain text). Cached: one claim's text is parsed by
    several scoring steps."""
    if not looks_like_bibtex(text):
        return text
    try:
        lines = read_bibtex(text, pdf_budget())
    except PdfWorkerError as error:
        logger.info("pasted BibTeX read as plain text: %s", error.code)
        return text
    return "\n".join(lines) if lines else text
