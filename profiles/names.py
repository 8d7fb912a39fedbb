"""Name normalisation shared by search and matching. Pure functions, no database."""

from __future__ import annotations

import re

from anyascii import anyascii

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """Lower-case ASCII with punctuation turned to spaces: "Chón-Lam  LAO" -> "chon lam lao"."""
    ascii_text = anyascii(text or "").lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


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
