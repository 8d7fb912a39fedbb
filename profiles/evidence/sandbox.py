"""Reading an uploaded PDF or BibTeX text in a child process with a hard budget (see
pdf_worker.py and bib_worker.py).

`read_pdf(data, budget)` and `read_bibtex(text, budget)` start the worker, hand it the input
and wait at most `budget.wall_seconds`; a worker that is still running then is killed. They
answer the text (the publication lines), or raise `PdfWorkerError` with the worker's code
(`pdf_too_costly` when the budget ran out: CPU time, memory or wall clock)."""

from __future__ import annotations

import json
import logging
import subprocess  # noqa: S404 - a fixed command line, no shell
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profiles.evidence import bib_worker, pdf_worker

logger = logging.getLogger(__name__)

WORKER = Path(pdf_worker.__file__).resolve()
BIB_WORKER = Path(bib_worker.__file__).resolve()
MIB = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """What one PDF may cost: CPU seconds, memory, pages and extracted characters."""

    cpu_seconds: int = 5
    memory_bytes: int = 512 * MIB
    max_pages: int = 60
    max_chars: int = 200_000

    @property
    def wall_seconds(self) -> float:
        # The interpreter and pypdf take a moment to start; a worker waiting on nothing
        # (no CPU used) is stopped by the clock.
        return self.cpu_seconds * 1.2 + 2


class PdfWorkerError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_pdf(data: bytes, budget: Budget) -> str:
    """The text of a PDF read by the worker within `budget`; PdfWorkerError otherwise."""
    limits = (budget.cpu_seconds, budget.memory_bytes, budget.max_pages, budget.max_chars)
    return str(_run(WORKER, limits, data, budget).get("text", ""))


def read_bibtex(text: str, budget: Budget) -> list[str]:
    """One publication line per BibTeX entry, parsed by the worker within `budget`;
    PdfWorkerError otherwise (`bibtex_unreadable`, `bibtex_text_too_long`, too costly)."""
    limits = (budget.cpu_seconds, budget.memory_bytes, budget.max_chars)
    lines = _run(BIB_WORKER, limits, text.encode("utf-8", errors="replace"), budget).get("lines")
    if not isinstance(lines, list):
        raise PdfWorkerError(pdf_worker.UNREADABLE)
    return [str(line) for line in lines]


def _run(script: Path, limits: tuple[int, ...], data: bytes, budget: Budget) -> dict[str, Any]:
    command = [sys.executable, "-I", str(script), *(str(n) for n in limits)]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            command, input=data, capture_output=True, timeout=budget.wall_seconds, check=False
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed the worker
        logger.warning(
            "%s stopped after %.1f s of wall-clock time", script.name, budget.wall_seconds
        )
        raise PdfWorkerError(pdf_worker.TOO_COSTLY) from None
    if done.returncode != 0:
        # Killed by SIGXCPU/SIGKILL (negative) or died of its memory cap before answering.
        logger.warning("%s ended with %s: %s", script.name, done.returncode, done.stderr[-500:])
        raise PdfWorkerError(pdf_worker.TOO_COSTLY)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise PdfWorkerError(pdf_worker.UNREADABLE) from None
    if not isinstance(answer, dict):
        raise PdfWorkerError(pdf_worker.UNREADABLE)
    if "error" in answer:
        raise PdfWorkerError(str(answer["error"]))
    return answer
