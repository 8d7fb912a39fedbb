"""Reading import files: one JSON object, a JSON array of objects, or JSON Lines (the OpenAlex
snapshot format, optionally gzip-compressed), from a path or `-` for standard input.

`read_objects` yields (location, object) pairs; a line that is not valid JSON yields
(location, ImportRecordError) instead, so one bad line never stops the file.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from profiles.importers import ImportRecordError


def _open(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115 - closed by read_objects


def _lines(name: str, lines: Iterable[str], first_number: int) -> Iterator[tuple[str, Any]]:
    for offset, text in enumerate(lines):
        if not text.strip():
            continue
        where = f"{name}:{first_number + offset}"
        try:
            yield where, json.loads(text)
        except json.JSONDecodeError as exc:
            yield where, ImportRecordError(f"not valid JSON: {exc.msg}")


def _looks_like_object(line: str) -> bool:
    try:
        return line.lstrip().startswith("{") and isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _whole(name: str, text: str, first_number: int) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        if len(lines) > 1 and any(_looks_like_object(line) for line in lines):
            # JSON Lines whose first line is broken.
            yield from _lines(name, lines, first_number)
        else:
            yield name, ImportRecordError(f"not valid JSON: {exc.msg} (line {exc.lineno})")
        return
    if isinstance(data, list):
        for i, item in enumerate(data, start=1):
            yield f"{name}[{i}]", item
    else:
        yield name, data


def read_objects(path: str) -> Iterator[tuple[str, Any]]:
    """Every object in the file with where it came from (`file:12` for line 12)."""
    name = "<stdin>" if path == "-" else path
    with _open(path) as handle:
        number, first = 1, handle.readline()
        while first and not first.strip():
            number, first = number + 1, handle.readline()
        if not _looks_like_object(first):
            # A pretty-printed object or an array: read it whole.
            yield from _whole(name, first + handle.read(), number)
            return
        # JSON Lines: streamed, so a snapshot file of any size fits in memory.
        yield from _lines(name, itertools.chain([first], handle), number)


def count_records(path: str) -> int | None:
    """How many records a JSON Lines file holds (its non-empty lines), for progress; None
    for standard input and for files that are not JSON Lines."""
    if path == "-":
        return None
    with _open(path) as handle:
        first = next((line for line in handle if line.strip()), "")
        if not _looks_like_object(first):
            return None
        return 1 + sum(1 for line in handle if line.strip())
