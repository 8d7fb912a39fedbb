"""Signing up, verifying the email and logging in, in a browser and over the headless API."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def _link_from_last_email() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_web_sign_up_requires_email_verification_then_logs_in(client, seed_record):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "Ada@Example.org",
            "name": "Ada Lovelace",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="ada@example.org")
    assert user.name == "Ada Lovelace"
    assert not EmailAddress.objects.get(user=user).verified

    # Not verified yet: logging in is refused and sends the person to verification.
    client.logout()
    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = _link_from_last_email()
    assert "Confirm" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post("/accounts/login/", {"login": "ADA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert "Signed in as ada@example.org" in html
    assert "Log in to claim" not in html


def test_sign_up_form_says_what_is_wrong_next_to_each_field(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "name": "", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('aria-invalid="true"') >= 2
    assert "Enter a valid email address." in html
    assert User.objects.count() == 0


def test_email_already_in_use_does_not_create_a_second_account(client, user):
    client.post(
        "/accounts/signup/",
        {"email": user.email.upper(), "name": "X", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.filter(email__iexact=user.email).count() == 1


def test_password_reset_sends_a_working_link(client, user):
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    assert "new password" in response.content.decode().lower()


def test_login_is_rate_limited(client, user):
    statuses = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).status_code
        for _ in range(12)
    ]
    html = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert html.status_code == 429 or "Too many failed login attempts" in html.content.decode()
    assert statuses[0] == 200


def test_headless_app_client_signs_up_verifies_and_uses_the_api(api_client, db):
    response = api_client.post(
        "/_allauth/app/v1/auth/signup",
        {"email": "grace@example.org", "password": PASSWORD, "name": "Grace Hopper"},
        format="json",
    )
    assert response.status_code == 401  # signed up, but the email must be verified first
    flows = {f["id"]: f for f in response.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"]
    token = response.json()["meta"]["session_token"]

    key = _link_from_last_email().rstrip("/").rsplit("/", 1)[1]
    response = api_client.post(
        "/_allauth/app/v1/auth/email/verify",
        {"key": key},
        format="json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 200
    token = response.json()["meta"].get("session_token", token)

    me = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["email"] == "grace@example.org"
    assert me.json()["name"] == "Grace Hopper"
    assert me.json()["email_verified"] is True

    fresh = api_client.post(
        "/_allauth/app/v1/auth/login",
        {"email": "grace@example.org", "password": PASSWORD},
        format="json",
    )
    assert fresh.status_code == 200
    assert (
        api_client.get(
            "/api/v1/me/", HTTP_X_SESSION_TOKEN=fresh.json()["meta"]["session_token"]
        ).status_code
        == 200
    )


def test_api_without_a_valid_token_is_refused(api_client, db):
    assert api_client.get("/api/v1/me/").status_code in (401, 403)
    response = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN="made-up")
    assert response.status_code in (401, 403)
    assert "error" in response.json()
