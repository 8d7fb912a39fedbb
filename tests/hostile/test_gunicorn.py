"""Against the real server: gunicorn (config/gunicorn.py, 2 workers) on a SQLite file of its
own. Two concurrent uploads of a small PDF built to be costly are answered within 10 s with
a 4xx while another client's page loads in under a second."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.pdfs import make_costly_pdf

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CLAIMS_PREVIEW_PER_MINUTE": "100",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def server(tmp_path):
    pytest.importorskip("gunicorn")
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput")
    _manage(
        env, "shell", "-c", "from tests.factories import AuthorRecordFactory as F; F(slug='ada')"
    )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health/", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_costly_uploads_are_refused_in_time_while_pages_keep_loading(server):
    author = requests.get(f"{server}/api/v1/authors/?page_size=1", timeout=5).json()["results"][0]
    url = f"{server}/api/v1/authors/{author['id']}/claim-preview/"
    costly = make_costly_pdf()
    answers: list[tuple[int, str, float]] = []

    def upload() -> None:
        started = time.monotonic()
        response = requests.post(
            url, data={"name": "Ada"}, files={"cv_file": ("cv.pdf", costly)}, timeout=30
        )
        code = response.json()["error"]["code"] if response.status_code >= 400 else ""
        answers.append((response.status_code, code, time.monotonic() - started))

    for _ in range(8):  # every worker thread has served the page once (templates compiled)
        requests.get(f"{server}/researchers/ada/", timeout=10)
    uploads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in uploads:
        thread.start()
    time.sleep(1.0)  # both PDFs are being read now
    page_times = []
    for _ in range(3):
        started = time.monotonic()
        page = requests.get(f"{server}/researchers/ada/", timeout=10)
        page_times.append(time.monotonic() - started)
        assert page.status_code == 200
    for thread in uploads:
        thread.join(timeout=30)
    assert len(answers) == 2
    for status, code, elapsed in answers:
        assert status == 400 and code == "pdf_too_costly"
        assert elapsed < 10, elapsed
    assert max(page_times) < 1.0, page_times
