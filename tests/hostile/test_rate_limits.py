"""Rate limits that mean something: a forged X-Forwarded-For does not dodge them (with no
trusted proxy), a stranger's wrong passwords do not lock the owner out, and every limit
answers 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import AuthorRecordFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/_allauth/app/v1/auth/login"
STRANGER, OWNER = "203.0.113.9", "198.51.100.7"


def _limit(scope: str) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")[0])


def test_two_hundred_forged_forwarded_for_values_meet_the_anonymous_limit():
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    client = APIClient()
    statuses = []
    for i in range(200):
        forged = f"10.{i % 7}.{i // 256}.{i % 256}"
        response = client.get("/api/v1/authors/", HTTP_X_FORWARDED_FOR=forged)
        statuses.append(response.status_code)
    assert statuses.count(200) == _limit("anon")
    assert statuses.count(429) == 200 - _limit("anon")
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_behind_one_trusted_proxy_each_client_address_counts_apart(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    author = AuthorRecordFactory()
    client = APIClient()
    url = f"/api/v1/authors/{author.pk}/claim-preview/"
    body = {"name": "Ada", "cv_text": "x"}
    for _ in range(settings.CLAIMS_PREVIEW_PER_MINUTE):
        client.post(url, body, format="json", HTTP_X_FORWARDED_FOR="192.0.2.1")
    refused = client.post(url, body, format="json", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = client.post(url, body, format="json", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert other.status_code == 200


def _login(address: str, password: str, *, email: str, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"email": email, "password": password}, content_type="application/json"
    )


def test_a_strangers_five_wrong_passwords_do_not_stop_the_owner_logging_in():
    owner = UserFactory(verified=True)
    answers = [_login(STRANGER, "wrong", email=owner.email).status_code for _ in range(6)]
    assert answers[:5] == [400] * 5
    assert answers[5] == 429  # the stranger's address is locked out, with a real 429
    locked = _login(STRANGER, PASSWORD, email=owner.email)
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    # The owner, from their own address, is not.
    assert _login(OWNER, PASSWORD, email=owner.email).status_code == 200
    web = Client(REMOTE_ADDR=OWNER).post(
        "/accounts/login/", {"login": owner.email, "password": PASSWORD}
    )
    assert web.status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    owner = UserFactory(verified=True)
    proxy = "10.0.0.1"
    for _ in range(6):
        _login(proxy, "wrong", email=owner.email, HTTP_X_FORWARDED_FOR=STRANGER)
    locked = _login(proxy, PASSWORD, email=owner.email, HTTP_X_FORWARDED_FOR=STRANGER)
    assert locked.status_code == 429
    owner_login = _login(proxy, PASSWORD, email=owner.email, HTTP_X_FORWARDED_FOR=OWNER)
    assert owner_login.status_code == 200


def test_allauths_own_limits_answer_429_with_retry_after():
    client = Client(REMOTE_ADDR=STRANGER)
    answers = [
        client.post(
            "/_allauth/app/v1/auth/password/request",
            {"email": "nobody@example.org"},
            content_type="application/json",
        )
        for _ in range(6)
    ]
    refused = answers[-1]
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.RATE_LIMIT_RETRY_AFTER)
