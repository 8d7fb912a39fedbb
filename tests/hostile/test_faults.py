"""Graceful faults: liveness and readiness probes; with the database unreachable pages and
the API answer 503 with Retry-After and recover by themselves; production refuses to start
without its secrets; with Redis stopped (our own redis-server, never the machine's) the
cache fails open and the site keeps serving, then uses Redis again once it is back."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from profiles.checks import site_url_is_public
from tests.factories import AuthorRecordFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"


def test_health_answers_without_touching_the_database(client):
    response = client.get("/health/")  # no django_db mark: a query would fail the test
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_reports_the_database_and_the_cache(client):
    response = client.get("/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def _refused(self, *args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.django_db
def test_with_the_database_unreachable_pages_and_api_answer_503_then_recover(monkeypatch):
    author = AuthorRecordFactory()
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(UserFactory(verified=True))
    # Every new cursor now fails as a refused connection does.
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", _refused)
    for client in (anonymous, signed_in):
        page = client.get(f"/researchers/{author.slug}/")
        assert page.status_code == 503 and int(page["Retry-After"]) > 0
        assert b"Back in a moment" in page.content
        api = client.get(f"/api/v1/authors/{author.pk}/")
        assert api.status_code == 503 and int(api["Retry-After"]) > 0
        assert api.json()["error"]["code"] == "service_unavailable"
    ready = anonymous.get("/ready/")
    assert ready.status_code == 503 and ready.json()["checks"]["database"]["ok"] is False
    assert anonymous.get("/health/").status_code == 200
    monkeypatch.undo()  # the database is back: no restart needed
    assert anonymous.get(f"/researchers/{author.slug}/").status_code == 200
    assert signed_in.get(f"/api/v1/authors/{author.pk}/").status_code == 200
    assert anonymous.get("/ready/").status_code == 200


@pytest.mark.parametrize("missing", ["SECRET_KEY", "REDIS_URL", "SITE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL", "SITE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="profiles.example.org",
        REDIS_URL="redis://127.0.0.1:1/0",
        SITE_URL="https://profiles.example.org",
    )
    del env[missing]
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and missing in done.stderr


@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("http://127.0.0.1:8000", ["profiles.W001"]),
        ("http://localhost", ["profiles.W001"]),
        ("http://profiles.example.org", ["profiles.W002"]),
        ("https://profiles.example.org", []),
    ],
)
def test_the_deploy_check_warns_about_a_local_site_url(settings, url, ids):
    settings.SITE_URL = url
    assert [w.id for w in site_url_is_public()] == ids


# --- Redis stopped mid-test: our own server on a free port, never the machine's.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(port: int, tmp_path: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.05)
    server.kill()
    pytest.fail("our redis-server did not start")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = _free_port()
    servers = [_start_redis(port, tmp_path)]
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": f"test-{port}",
        }
    }

    class Control:
        def stop(self) -> None:
            _stop(servers[-1])

        def start(self) -> None:
            servers.append(_start_redis(port, tmp_path))

    yield Control()
    for server in servers:
        if server.poll() is None:
            _stop(server)


def _login(client: Client, email: str):
    return client.post(
        "/_allauth/app/v1/auth/login",
        {"email": email, "password": PASSWORD},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_with_redis_stopped_reads_and_log_ins_keep_working(own_redis):
    from django.core.cache import cache

    author = AuthorRecordFactory()
    user = UserFactory(verified=True)
    client = Client(raise_request_exception=False)
    assert cache.healthy()
    assert client.get(f"/api/v1/authors/{author.pk}/").status_code == 200
    assert client.get("/ready/").status_code == 200

    own_redis.stop()
    assert not cache.healthy()
    assert client.get(f"/researchers/{author.slug}/").status_code == 200
    assert client.get(f"/api/v1/authors/{author.pk}/").status_code == 200
    assert _login(client, user.email).status_code == 200
    ready = client.get("/ready/")
    assert ready.status_code == 503 and ready.json()["checks"]["cache"]["ok"] is False
    # Limits still count, per process, while Redis is away.
    cache.set("probe", 1)
    assert cache.get("probe") == 1 and cache.add("lock", True) and not cache.add("lock", True)

    own_redis.start()  # back: used again without a restart
    assert cache.healthy()
    cache.set("probe", 2)
    assert cache.get("probe") == 2
    assert client.get("/ready/").status_code == 200
