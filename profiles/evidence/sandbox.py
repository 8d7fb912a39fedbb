"""Reading a PDF in a child process with a hard budget (see pdf_worker.py).

`read_pdf(data, budget)` starts the worker, hands it the bytes and waits at most
`budget.wall_seconds`; a worker that is still running then is killed. It answers the text,
or raises `PdfWorkerError` with the worker's code (`pdf_too_costly` when the budget ran
out: CPU time, memory or wall clock)."""

from __future__ import annotations

import json
import logging
import subprocess  # noqa: S404 - a fixed command line, no shell
import sys
from dataclasses import dataclass
from pathlib import Path

from profiles.evidence import pdf_worker

logger = logging.getLogger(__name__)

WORKER = Path(pdf_worker.__file__).resolve()
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
    command = [
        sys.executable,
        "-I",
        str(WORKER),
        str(budget.cpu_seconds),
        str(budget.memory_bytes),
        str(budget.max_pages),
        str(budget.max_chars),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            command, input=data, capture_output=True, timeout=budget.wall_seconds, check=False
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed the worker
        logger.warning("PDF worker stopped after %.1f s of wall-clock time", budget.wall_seconds)
        raise PdfWorkerError(pdf_worker.TOO_COSTLY) from None
    if done.returncode != 0:
        # Killed by SIGXCPU/SIGKILL (negative) or died of its memory cap before answering.
        logger.warning("PDF worker ended with %s: %s", done.returncode, done.stderr[-500:])
        raise PdfWorkerError(pdf_worker.TOO_COSTLY)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise PdfWorkerError(pdf_worker.UNREADABLE) from None
    if not isinstance(answer, dict):
        raise PdfWorkerError(pdf_worker.UNREADABLE)
    if "error" in answer:
        raise PdfWorkerError(str(answer["error"]))
    return str(answer.get("text", ""))
