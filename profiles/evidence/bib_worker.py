"""The child process that reads BibTeX: `python -I bib_worker.py CPU MEMORY CHARS`.

bibtexparser reads a few hundred entries a second, so a long `.bib` file (or pasted BibTeX)
would cost a web process many seconds of CPU. The text comes on stdin (UTF-8); one JSON
object goes to stdout, `{"lines": [...]}` (one publication line per entry, see bibtex.py) or
`{"error": "<code>"}`. The process caps its CPU time and memory as pdf_worker.py does before
it imports the parser; the parent (sandbox.py) also kills it after a wall-clock timeout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Isolated mode (-I) leaves the project off sys.path; the parser lives in this package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from profiles.evidence.pdf_worker import TOO_COSTLY, limit_resources  # noqa: E402

UNREADABLE = "bibtex_unreadable"
TEXT_TOO_LONG = "bibtex_text_too_long"


def read(text: str, max_chars: int) -> dict[str, object]:
    from profiles.evidence.bibtex import BibtexUnreadable, bibtex_lines

    try:
        lines = bibtex_lines(text)
    except BibtexUnreadable:
        return {"error": UNREADABLE}
    if sum(len(line) + 1 for line in lines) > max_chars:
        return {"error": TEXT_TOO_LONG}
    return {"lines": lines}


def main(argv: list[str]) -> int:
    cpu_seconds, memory_bytes, max_chars = (int(a) for a in argv[1:4])
    limit_resources(cpu_seconds, memory_bytes)
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    try:
        answer = read(text, max_chars)
    except MemoryError:
        answer = {"error": TOO_COSTLY}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a child process
    sys.exit(main(sys.argv))
