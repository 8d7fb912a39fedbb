"""Signing up with an address that already has an account answers as a new address does
(allauth's ACCOUNT_PREVENT_ENUMERATION) and now costs the same work: one password hash
(creating the account's, or a throwaway one) and one email through the task queue (the
confirmation, or "you already have an account"). The issue measured 27 ms against 248 ms:
the missing hash. Counted here, not timed."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from tests.accounts.hashers import CountingHasher
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"
KNOWN = "known@example.org"


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingHasher"]
    UserFactory(email=KNOWN)


def _web(client, email):
    data = {"email": email, "name": "Ada", "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data)


def _headless(client_kind):
    def post(client, email):
        data = {"email": email, "name": "Ada", "password": PASSWORD}
        url = f"/_allauth/{client_kind}/v1/auth/signup"
        return client.post(url, data, content_type="application/json")

    return post


def _work(post, client, email) -> tuple[int, int, int]:
    """(hashes, emails, status) of one sign-up."""
    CountingHasher.calls = 0
    mail.outbox.clear()
    response = post(client, email)
    return CountingHasher.calls, len(mail.outbox), response.status_code


@pytest.mark.parametrize(
    "post",
    [_web, _headless("browser"), _headless("app")],
    ids=["web", "headless-browser", "headless-app"],
)
def test_a_known_address_costs_the_same_hashing_and_email_as_a_new_one(client, post):
    new = _work(post, client, "new@example.org")
    client.cookies.clear()
    known = _work(post, client, KNOWN)
    assert new == known
    assert new[:2] == (1, 1)
    assert mail.outbox[0].to == [KNOWN] and "already" in mail.outbox[0].body.lower()
    assert User.objects.filter(email=KNOWN).count() == 1
    assert User.objects.filter(email="new@example.org").exists()
