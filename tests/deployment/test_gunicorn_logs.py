"""gunicorn with production's log format (GUNICORN_LOG_FORMAT=json, as `make prod` runs it):
its own lines and the app's request lines are each one JSON object."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_health(
    tmp_path: Path, *, access_line: bool = False, **extra: str
) -> tuple[list[dict], requests.Response]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_LOG_FORMAT": "json",
        **extra,
    }
    log = (tmp_path / "gunicorn.log").open("w+")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "config.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    response = None
    try:
        deadline = time.monotonic() + 60
        while response is None and time.monotonic() < deadline:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/health/", timeout=2)
            except requests.RequestException:
                time.sleep(0.2)
        assert response is not None and response.status_code == 200
        rid = response.headers["X-Request-ID"] if access_line else ""
        while rid not in Path(log.name).read_text() and time.monotonic() < deadline:
            time.sleep(0.1)  # the access line is written once the response has gone
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = Path(log.name).read_text()
    try:
        lines = [json.loads(line) for line in text.splitlines() if line]
    except json.JSONDecodeError:
        raise AssertionError(f"a line is not JSON:\n{text}") from None
    return lines, response


def test_gunicorn_writes_json_lines(tmp_path):
    lines, response = _serve_health(tmp_path, access_line=True)
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers
    assert any("Listening at" in line["message"] for line in lines)
    # (a first attempt may have timed out while the worker loaded the app: find ours)
    (access,) = [
        line
        for line in lines
        if line["logger"] == "gunicorn.access"
        and line["request_id"] == response.headers["X-Request-ID"]
    ]
    assert "GET /health/" in access["message"]


def test_without_an_access_log_gunicorn_writes_no_access_line(tmp_path):
    """As `make prod` runs it: the app's request line is the only one per request."""
    lines, _ = _serve_health(tmp_path, GUNICORN_ACCESSLOG="")
    assert any("Listening at" in line["message"] for line in lines)
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]
