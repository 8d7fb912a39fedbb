"""The pieces of `manage.py bench`: what to measure on the current database, a gunicorn with
2 workers to measure it on, wrk to load it, and the import measurements.

Every figure is reported beside the same run's baseline (a view that does nothing, served by
the same gunicorn), so machines and runs can be compared by ratio, never by a fixed time.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from profiles.evidence.names import fold
from profiles.models import AuthorRecord

HELLO = "/__bench__/hello/"
SEARCH_QUERIES = 200


@dataclass
class Target:
    """One thing to measure: a name and the paths wrk cycles through."""

    name: str
    paths: list[str]
    figures: dict[str, Any] = field(default_factory=dict)


def _median_author() -> AuthorRecord | None:
    qs = AuthorRecord.objects.order_by("works_count", "id")
    count = qs.count()
    return qs[count // 2] if count else None


def _heavy_author() -> AuthorRecord | None:
    top = AuthorRecord.objects.aggregate(m=Max("works_count"))["m"]
    return AuthorRecord.objects.filter(works_count=top).order_by("id").first() if top else None


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def search_queries(names: list[str], seed: int = 1) -> list[str]:
    """Mixed search queries over real names: exact, reordered, accent-free, initials, a typo,
    and misses, in equal parts."""
    rng = random.Random(seed)
    queries = []
    for i in range(SEARCH_QUERIES):
        name = names[i % len(names)] if names else "nobody"
        parts = name.split()
        kind = i % 6
        if kind == 1 and len(parts) > 1:
            name = " ".join(reversed(parts))
        elif kind == 2:
            name = fold(name)
        elif kind == 3 and len(parts) > 1:
            name = f"{parts[0][0]}. {parts[-1]}"
        elif kind == 4:
            name = " ".join(_typo(p, rng) for p in parts)
        elif kind == 5:
            name = f"zq{rng.randrange(10**6)} xv"
        queries.append(name)
    return queries


def targets() -> list[Target]:
    """The pages and endpoints to load, chosen from the data: a typical author (the median by
    works), the one with most works, and searches over real names."""
    typical, heavy = _median_author(), _heavy_author()
    names = list(
        AuthorRecord.objects.order_by("?").values_list("display_name", flat=True)[:SEARCH_QUERIES]
    )
    quote = urllib.parse.quote
    found = [Target("baseline (a view that does nothing)", [HELLO])]
    for label, author in (("typical author", typical), ("author with most works", heavy)):
        if author is None:
            continue
        found += [
            Target(
                f"profile page, {label} ({author.works_count} works)",
                [f"/researchers/{author.slug}/"],
            ),
            Target(f"author API, {label}", [f"/api/v1/authors/{author.pk}/"]),
            Target(f"works API, {label}", [f"/api/v1/authors/{author.pk}/works/"]),
            Target(f"graph page, {label}", [f"/researchers/{author.slug}/graph/"]),
            Target(f"graph API, {label}", [f"/api/v1/authors/{author.pk}/graph/"]),
        ]
    queries = search_queries(names)
    found += [
        Target(
            "search API (200 mixed queries)", [f"/api/v1/authors/?q={quote(q)}" for q in queries]
        ),
        Target(
            "directory search (200 mixed queries)", [f"/researchers/?q={quote(q)}" for q in queries]
        ),
        Target("directory", ["/researchers/"]),
    ]
    return found


def count_queries(target: Target) -> int:
    """The SQL queries the target's first path runs, in this process."""
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target.paths[0])
    target.figures["status"] = response.status_code
    return len(captured.captured_queries)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(workers: int = 2) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A gunicorn serving the site with the benchmark settings on a free loopback port."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env)  # noqa: S603 - our own arguments
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + HELLO, server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


WRK_SCRIPT = """
local paths = %s
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests":%%d,"duration_us":%%d,"errors":%%d,"non2xx":%%d,'
    .. '"p50_us":%%d,"p95_us":%%d,"p99_us":%%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _lua_list(paths: list[str]) -> str:
    return "{" + ",".join(json.dumps(p) for p in paths) + "}"


def load(base: str, target: Target, *, seconds: int, connections: int) -> dict[str, float]:
    """Load the target with wrk (2 threads) and read its summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % _lua_list(target.paths))
    try:
        wrk = shutil.which("wrk") or "wrk"
        command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", script.name, base]
        # Our own arguments only: the script and a loopback address.
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        Path(script.name).unlink()
    summary = json.loads(out.strip().splitlines()[-1])
    seconds_run = summary["duration_us"] / 1e6
    return {
        "rps": summary["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": summary["p50_us"] / 1000,
        "p95_ms": summary["p95_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "errors": summary["errors"],
        "non2xx": summary["non2xx"],
    }


def worker_rss_mb(server: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of gunicorn's workers (Linux /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if not children.exists():
        return []
    sizes = []
    for pid in children.read_text().split():
        status = Path(f"/proc/{pid}/status")
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


def wrk_available() -> bool:
    return shutil.which("wrk") is not None
