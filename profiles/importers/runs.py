"""The bookkeeping of an import run, without the database: the progress line (rate and time
left), the rejects file (one JSON object per rejected record), the checkpoint that lets an
interrupted run resume, and the rejection reasons of the summary.

Locations are the ones `files.read_objects` gives (`part.jsonl:17`, `all.json[3]`), followed by
the record's id in brackets when it has one (`part.jsonl:17 (W123)`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import IO, Any

_WHERE = re.compile(r"^(?P<location>.*?)(?: \((?P<record>[^()]*)\))?$")
_LINE = re.compile(r"^(?P<file>.*):(?P<line>\d+)$")
_INDEX = re.compile(r"^(?P<file>.*)\[(?P<index>\d+)\]$")
# "W123: the work has no title" -> "the work has no title", so that reasons can be counted.
_ID_PREFIX = re.compile(r"^[AWITSPF]\d+: ")


def duration(seconds: float) -> str:
    """`3725.2` -> `1:02:05`."""
    whole = max(0, round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class ProgressLine:
    """The progress line: records done (of the total when known), rejected so far, the rate
    over this run and, with a total, the time left at that rate. `skipped` records (done by
    an earlier run that is being resumed) count as done but not in the rate."""

    def __init__(self, label: str, expected: int | None, skipped: int = 0) -> None:
        self.label, self.expected, self.skipped = label, expected, skipped
        self.started = time.monotonic()

    def line(self, done: int, rejected: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = (done - self.skipped) / elapsed
        text = f"{self.label}: {done}"
        if self.expected:
            text += f"/{self.expected} ({100 * done // self.expected}%)"
        text += f" records, {rejected} rejected, {rate:.0f} records/s"
        if self.expected and rate > 0:
            text += f", {duration(max(self.expected - done, 0) / rate)} left"
        return text


def reject_entry(where: str, reason: str) -> dict[str, Any]:
    """One line of the rejects file: the location as printed, its parts, the reason."""
    match = _WHERE.match(where)
    location = match.group("location") if match else where
    entry: dict[str, Any] = {"location": where}
    line, index = _LINE.match(location), _INDEX.match(location)
    if line:
        entry.update(file=line.group("file"), line=int(line.group("line")))
    elif index:
        entry.update(file=index.group("file"), index=int(index.group("index")))
    else:
        entry["file"] = location
    if match and match.group("record"):
        entry["record"] = match.group("record")
    entry["reason"] = reason
    return entry


class RejectsFile:
    """The rejects file, opened on the first rejection (a run without rejections leaves no
    new file, and empties one left by an earlier run). `append` continues a resumed run."""

    def __init__(self, path: str | None, *, append: bool = False) -> None:
        self.path, self.append = path, append
        self.count = 0
        self._handle: IO[str] | None = None

    def write(self, rejected: Iterable[tuple[str, str]]) -> None:
        if self.path is None:
            return
        for where, reason in rejected:
            if self._handle is None:
                self._handle = open(self.path, "a" if self.append else "w", encoding="utf-8")  # noqa: SIM115
            self._handle.write(json.dumps(reject_entry(where, reason), ensure_ascii=False) + "\n")
            self.count += 1
        if self._handle is not None:
            self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        elif self.path and not self.append and os.path.exists(self.path):
            open(self.path, "w").close()  # an earlier run's rejects no longer apply


def reasons(rejected: Iterable[tuple[str, str]]) -> list[tuple[str, int]]:
    """The rejection reasons with how many records each, most frequent first."""
    counts = Counter(_ID_PREFIX.sub("", reason) for _where, reason in rejected)
    return counts.most_common()


@dataclass
class Checkpoint:
    """What an interrupted run had committed: `done` records read (imported or rejected) and
    the counts, for the file of that `size` in bytes."""

    done: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    size: int = 0
    # When the run began (Unix seconds, the database's clock): the bulk path refreshes the
    # counters of what was touched since then once the file is done (0: not recorded).
    started: int = 0


def checkpoint_path(path: str) -> str:
    return f"{path}.checkpoint"


def load_checkpoint(path: str) -> Checkpoint | None:
    """The checkpoint next to the input, or None when there is none (or it is unreadable)."""
    try:
        with open(checkpoint_path(path), encoding="utf-8") as handle:
            data = json.load(handle)
        data.setdefault("started", 0)  # checkpoints written before it was recorded
        return Checkpoint(**{k: int(data[k]) for k in asdict(Checkpoint())})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_checkpoint(path: str, checkpoint: Checkpoint) -> None:
    """Written to a temporary file and renamed, so an interruption never leaves half of it."""
    target = checkpoint_path(path)
    with open(f"{target}.tmp", "w", encoding="utf-8") as handle:
        json.dump(asdict(checkpoint), handle)
    os.replace(f"{target}.tmp", target)


def remove_checkpoint(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(checkpoint_path(path))


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
