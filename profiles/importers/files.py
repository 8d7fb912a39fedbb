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
from collections.abc import Iterator
from typing import IO, Any

from profiles.importers import ImportRecordError


def _open(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115 - closed by read_objects


def _whole(name: str, text: str) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
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
        try:
            json_lines = first.lstrip().startswith("{") and bool(json.loads(first))
        except json.JSONDecodeError:
            json_lines = False
        if not json_lines:
            # A pretty-printed object or an array: read it whole.
            yield from _whole(name, first + handle.read())
            return
        # JSON Lines: streamed, so a snapshot file of any size fits in memory.
        for offset, text in enumerate(itertools.chain([first], handle)):
            if not text.strip():
                continue
            where = f"{name}:{number + offset}"
            try:
                yield where, json.loads(text)
            except json.JSONDecodeError as exc:
                yield where, ImportRecordError(f"not valid JSON: {exc.msg}")


def count_lines(path: str) -> int | None:
    """How many non-empty lines a plain file has, for progress; None for stdin."""
    if path == "-":
        return None
    with _open(path) as handle:
        return sum(1 for line in handle if line.strip())
