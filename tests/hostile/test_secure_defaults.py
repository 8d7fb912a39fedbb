"""Secure defaults: a Content-Security-Policy without inline scripts (and templates that need
none), Permissions-Policy and Referrer-Policy on every page, the same password validators for
headless and web sign-up, and connection settings that suit each server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/researchers/", "/accounts/login/", "/api/v1/authors/"])
def test_every_answer_has_the_security_headers(url):
    response = Client().get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_load_no_inline_script(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert (
        "'unsafe-inline'"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert not re.search(rb"<script(?![^>]*\bsrc=)[^>]*>", response.content)


def test_no_template_has_an_inline_script_style_or_handler():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",
            r"<style\b",
            r"\sstyle=\"",
            r"\son[a-z]+=\"",
            r"javascript:",
        ):
            if re.search(pattern, text):
                found.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert found == []


PASSWORD_LIKE_EMAIL = "ada.lovelace@example.org"


@pytest.mark.django_db
def test_headless_sign_up_refuses_a_password_equal_to_the_email():
    response = Client().post(
        "/_allauth/app/v1/auth/signup",
        {"email": PASSWORD_LIKE_EMAIL, "password": PASSWORD_LIKE_EMAIL, "name": "Ada Lovelace"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(e.get("param") == "password" for e in errors)
    assert "similar" in str(errors).lower()
    assert not User.objects.filter(email=PASSWORD_LIKE_EMAIL).exists()


@pytest.mark.django_db
def test_web_sign_up_refuses_it_too():
    response = Client().post(
        "/accounts/signup/",
        {
            "email": PASSWORD_LIKE_EMAIL,
            "password1": PASSWORD_LIKE_EMAIL,
            "password2": PASSWORD_LIKE_EMAIL,
            "name": "Ada Lovelace",
        },
    )
    assert response.status_code == 200
    assert "similar" in response.content.decode().lower()
    assert not User.objects.filter(email=PASSWORD_LIKE_EMAIL).exists()


@pytest.mark.django_db
def test_headless_sign_up_still_accepts_a_good_password():
    response = Client().post(
        "/_allauth/app/v1/auth/signup",
        {"email": "grace@example.org", "password": "a long and unusual passphrase", "name": "G"},
        content_type="application/json",
    )
    assert response.status_code == 401  # signed up; the email is to be verified
    assert User.objects.filter(email="grace@example.org").exists()


@pytest.mark.parametrize(
    ("module", "expected"),
    [("config.settings.production", "60 True"), ("config.settings.local", "0 True")],
)
def test_connections_suit_each_server(module, expected):
    """gunicorn's few long-lived workers keep their connections (checked before reuse); the
    threaded development server, one thread per request, closes them."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "profiles.example.org",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "SITE_URL": "https://profiles.example.org",
    }
    env.pop("CONN_MAX_AGE", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == expected
