"""Staff reach the admin only after a two-factor sign-in when MODERATOR_MFA_REQUIRED is on
(production settings); in development it is optional."""

from __future__ import annotations

import importlib
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def current_code(secret: str) -> str:
    """The code an authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_production_settings_require_two_factor_sign_in_for_staff(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "profiles.example.org")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SITE_URL", "https://profiles.example.org")
    production = importlib.import_module("config.settings.production")
    assert production.MODERATOR_MFA_REQUIRED is True
    assert "allauth.mfa" in production.INSTALLED_APPS
    assert set(production.MFA_SUPPORTED_TYPES) == {"totp", "recovery_codes"}


def test_without_the_rule_a_staff_account_reaches_the_admin(mod_client):
    assert mod_client.get("/admin/").status_code == 200


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_a_staff_account_without_two_factor_is_sent_to_set_it_up(mod_client):
    response = mod_client.get("/admin/profiles/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = mod_client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert "next=%2Fadmin%2Fprofiles%2Fclaim%2F" in response["Location"]
    assert mod_client.get("/admin/").status_code == 302


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_a_staff_session_that_did_not_use_its_authenticator_is_asked_for_a_code(
    mod_client, moderator
):
    TOTP.activate(moderator, generate_totp_secret())
    response = mod_client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert mod_client.get("/admin/").status_code == 302


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_the_admin_login_form_is_the_sites_sign_in_with_the_rule_on(client):
    response = client.get("/admin/login/?next=/admin/profiles/claim/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fprofiles%2Fclaim%2F"
    # No password-only way in: posting the admin's form is sent to the site's sign-in too.
    response = client.post("/admin/login/", {"username": "x@example.org", "password": "x"})
    assert response["Location"].startswith("/accounts/login/")


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_a_moderator_signs_in_with_password_and_code_and_reaches_the_admin(client, moderator):
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": moderator.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/profiles/claim/").status_code == 200


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_a_non_staff_user_with_two_factor_is_still_refused_the_admin(client, user):
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200  # the admin's "not authorised" sign-in page


@pytest.mark.django_db(transaction=True)  # allauth signals it on commit, inside the request
@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_a_moderator_sets_up_the_authenticator_app_and_then_reaches_the_admin(client, moderator):
    response = client.post("/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    assert response.status_code == 302
    setup = client.get("/admin/login/?next=/admin/")
    assert setup["Location"].startswith("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before an authenticator is added.
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
