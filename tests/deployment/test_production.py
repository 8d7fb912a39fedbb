"""Production settings as they start: sessions that survive a Redis outage, static files
collected under hashed names beside gzip copies and referenced by those names in pages,
JSON log lines, and a read replica only when DATABASE_REPLICA_URL names one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "profiles.example.org",
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens: the cache fails open
        "SITE_URL": "https://profiles.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        **extra,
    }
    for name in ("DATABASE_REPLICA_URL", "CONN_MAX_AGE", "LOG_LEVEL"):
        if name not in extra:
            env.pop(name, None)
    return env


def _python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


SETTINGS = """
import json, django; django.setup(); from django.conf import settings as s
print(json.dumps({
    "session": s.SESSION_ENGINE, "static": s.STORAGES["staticfiles"]["BACKEND"],
    "aliases": sorted(s.DATABASES), "routers": s.DATABASE_ROUTERS,
    "replica_age": s.DATABASES.get("replica", {}).get("CONN_MAX_AGE"),
    "formatter": s.LOGGING["formatters"]["json"]["()"],
    "exempt": s.SECURE_REDIRECT_EXEMPT,
}))
"""


def test_production_settings(tmp_path):
    found = json.loads(_python(_production_env(tmp_path), SETTINGS))
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["formatter"] == "config.logs.JSONFormatter"
    assert found["aliases"] == ["default"] and found["routers"] == []
    assert r"^ready/$" in found["exempt"]


def test_a_replica_url_adds_the_alias_and_the_router(tmp_path):
    env = _production_env(tmp_path, DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/p")
    found = json.loads(_python(env, SETTINGS))
    assert found["aliases"] == ["default", "replica"]
    assert found["routers"] == ["config.db_routers.ReadReplicaRouter"]
    assert found["replica_age"] == 60  # persistent, like the primary's


@pytest.mark.django_db
@pytest.mark.parametrize(("engine", "signed_in"), [("cached_db", True), ("cache", False)])
def test_sessions_survive_losing_the_cache_with_cached_db(settings, engine, signed_in):
    """Redis flushed or away (the cache fails open to an empty per-process one): with
    production's cached_db engine the session is still in the database."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    client = Client()
    client.force_login(UserFactory(verified=True))
    assert client.get("/api/v1/me/").status_code == 200
    cache.clear()
    assert (client.get("/api/v1/me/").status_code == 200) is signed_in


PAGE = """
import django; django.setup()
from django.test import Client
client = Client(HTTP_HOST="profiles.example.org")
page = client.get("/no-such-page/", secure=True)
print(page.status_code)
print(page.content.decode())
"""


def test_collectstatic_writes_hashed_and_compressed_files_that_pages_use(tmp_path):
    env = _production_env(tmp_path)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    static = tmp_path / "static"
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (static / hashed).is_file() and (static / f"{hashed}.gz").is_file()
    status, _, body = _python(env, PAGE).partition("\n")
    assert status == "404"
    assert f'href="/static/{hashed}"' in body
    assert 'href="/static/css/site.css"' not in body
    # whitenoise serves the hashed name, gzipped for a client that asks, cached for a year.
    served = _python(
        env,
        "import django; django.setup(); from django.test import Client; "
        f"r = Client().get('/static/{hashed}', secure=True, HTTP_HOST='profiles.example.org', "
        "HTTP_ACCEPT_ENCODING='gzip'); "
        "print(r.status_code, r['Content-Encoding'], r['Cache-Control'])",
    )
    assert served.split(" ", 2)[:2] == ["200", "gzip"]
    assert "max-age=315360000" in served
