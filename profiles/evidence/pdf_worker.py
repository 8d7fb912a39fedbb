"""The child process that reads one PDF: `python -I pdf_worker.py CPU MEMORY PAGES CHARS`.

The PDF comes on stdin; one JSON object goes to stdout, `{"text": "..."}` or
`{"error": "<code>"}`. Before pypdf is imported the process caps its own CPU time
(RLIMIT_CPU: the kernel kills it with SIGXCPU) and address space (RLIMIT_AS: allocations
fail with MemoryError), so a PDF built to be costly to read costs this process only; the
parent (profiles/evidence/sandbox.py) also kills it after a wall-clock timeout. It imports
nothing but the standard library and pypdf, so it runs isolated (`-I`) from the project.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys

ENCRYPTED = "pdf_encrypted"
TOO_MANY_PAGES = "pdf_too_many_pages"
UNREADABLE = "pdf_unreadable"
TEXT_TOO_LONG = "pdf_text_too_long"
TOO_COSTLY = "pdf_too_costly"


# The worker gives way a little to the web processes (not so much that it starves under load).
NICENESS = 5


def limit_resources(cpu_seconds: int, memory_bytes: int) -> None:
    """Cap this process's CPU time and address space (soft and hard limits alike), and lower
    its priority."""
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def extract(data: bytes, max_pages: int, max_chars: int) -> dict[str, str]:
    """The text of every page, or the code of the reason it cannot be had."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return {"error": ENCRYPTED}
    if len(reader.pages) > max_pages:
        return {"error": TOO_MANY_PAGES}
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        text = (page.extract_text() or "").strip()
        total += len(text)
        if total > max_chars:
            return {"error": TEXT_TOO_LONG}
        if text:
            pages.append(text)
    return {"text": "\n\n".join(pages)}


def main(argv: list[str]) -> int:
    cpu_seconds, memory_bytes, max_pages, max_chars = (int(a) for a in argv[1:5])
    limit_resources(cpu_seconds, memory_bytes)
    data = sys.stdin.buffer.read()
    try:
        answer = extract(data, max_pages, max_chars)
    except MemoryError:
        answer = {"error": TOO_COSTLY}
    except Exception:  # pypdf raises many kinds of errors on broken files
        answer = {"error": UNREADABLE}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a child process
    sys.exit(main(sys.argv))
