"""Defensive readers for source JSON: real records put `null`, a string or nothing where the
documentation promises an object or a list, so parsers read every value through these."""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    """The value if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """The value if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """The value with its whitespace collapsed if it is a string, else ''."""
    return " ".join(value.split()) if isinstance(value, str) else ""
