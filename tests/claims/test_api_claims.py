"""The claim API through its URLs: create, list, detail, withdraw, the author detail's claim
state, and every kind of bad input answered with a clear 4xx in the one error shape, storing
nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from profiles.choices import ClaimStatus
from profiles.models import Claim
from profiles.services import claims as svc
from tests.factories import (
    UserFactory,
    claimant,
    lao_cv,
    sign_in_with_orcid,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["status"] == status
    assert body["message"]
    if code:
        assert body["code"] == code
    return body


def test_create_a_claim_with_pasted_text(seed_record):
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_text": lao_cv(), "statement": "Me"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["decision"] == "strong"
    assert body["queue_position"] == 1
    assert body["report"]["matched_works"]
    assert body["identity_proof"] == []


def test_create_with_file_and_orcid_sign_in_is_approved(seed_record):
    user = claimant()
    sign_in_with_orcid(user, seed_record)
    upload = SimpleUploadedFile("cv.txt", lao_cv().encode(), content_type="text/plain")
    response = _client(user).post(
        URL, {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["level_granted"] == 3
    detail = _client().get(f"/api/v1/authors/{seed_record.pk}/").json()
    assert detail["claim"]["is_claimed"] is True
    assert detail["verification"]["level"] == "L3"
    assert detail["verification"]["meaning"].startswith("Claimed with identity proof")
    assert any("Identity proofs" in t["label"] for t in detail["trust"]["breakdown"])


def test_list_shows_only_the_callers_claims_paginated(seed_record, demo):
    user = claimant()
    svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    svc.claim_submit(claimant=claimant(), author=demo["hao-wang"], statement="mine")
    body = _client(user).get(URL).json()
    assert body["count"] == 1
    assert body["results"][0]["author"]["slug"] == "chonlam-lao"


def test_someone_elses_claim_is_404(seed_record):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    other = _client(UserFactory(verified=True))
    _error(other.get(f"{URL}{claim.pk}/"), 404)
    _error(other.post(f"{URL}{claim.pk}/withdraw/"), 404)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_withdraw_own_claim(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    response = _client(user).post(f"{URL}{claim.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    _error(_client(user).post(f"{URL}{claim.pk}/withdraw/"), 409, svc.NOT_PENDING)


def test_author_detail_tells_the_caller_what_they_can_do(seed_record):
    user = claimant()
    assert _client().get(f"/api/v1/authors/{seed_record.pk}/").json()["claim"]["caller"] == (
        "visitor"
    )
    client = _client(user)
    assert client.get(f"/api/v1/authors/{seed_record.pk}/").json()["claim"]["caller"] == (
        "can_claim"
    )
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    state = client.get(f"/api/v1/authors/{seed_record.pk}/").json()["claim"]
    assert state == {**state, "caller": "pending", "caller_claim_id": claim.pk}


# --- bad input: a clear 4xx and nothing stored


def test_logged_out_claim_is_refused(seed_record):
    response = _client().post(URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json")
    assert response.status_code in (401, 403)
    assert "error" in response.json()
    assert not Claim.objects.exists()


def test_unverified_claimant_is_refused(seed_record):
    user = UserFactory(verified=False, name="ChonLam Lao")
    response = _client(user).post(
        URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json"
    )
    _error(response, 403, svc.EMAIL_UNVERIFIED)
    assert not Claim.objects.exists()


def test_claim_on_claimed_record_is_a_conflict(seed_record):
    first = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    svc.claim_approve(claim=first, moderator=UserFactory(is_staff=True))
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json"
    )
    _error(response, 409, svc.ALREADY_CLAIMED)
    assert Claim.objects.count() == 1


def test_claiming_own_record_twice_is_a_conflict(seed_record):
    user = claimant()
    client = _client(user)
    assert (
        client.post(URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json").status_code
        == 201
    )
    response = client.post(URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json")
    _error(response, 409, svc.DUPLICATE_PENDING)
    svc.claim_approve(claim=Claim.objects.get(), moderator=UserFactory(is_staff=True))
    response = client.post(URL, {"author": seed_record.pk, "cv_text": lao_cv()}, format="json")
    _error(response, 409, svc.OWN_RECORD)
    assert Claim.objects.count() == 1


def test_empty_upload_is_refused(seed_record):
    upload = SimpleUploadedFile("cv.txt", b"", content_type="text/plain")
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    body = _error(response, 400, "empty_file")
    assert "cv_file" in body["fields"]
    assert not Claim.objects.exists()


def test_twenty_megabyte_upload_is_refused(seed_record):
    upload = SimpleUploadedFile("cv.txt", b"a" * (20 * 1024 * 1024), content_type="text/plain")
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    _error(response, 413, "file_too_large")
    assert not Claim.objects.exists()


def test_pdf_that_is_not_a_pdf_is_refused(seed_record):
    upload = SimpleUploadedFile("cv.pdf", b"hello, not a pdf", content_type="application/pdf")
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    body = _error(response, 400, "not_a_pdf")
    assert "cv_file" in body["fields"]
    assert not Claim.objects.exists()


def test_non_utf8_text_file_is_refused(seed_record):
    upload = SimpleUploadedFile(
        "cv.txt",
        "Lao ChonLam – Résumé".encode("latin-1", "replace") + b"\xff\xfe\x81",
        content_type="text/plain",
    )
    response = _client(claimant()).post(
        URL, {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "cv_file" in response.json()["error"]["fields"]
    assert not Claim.objects.exists()


def test_invalid_orcid_checksum_is_refused(seed_record):
    response = _client(claimant()).post(
        URL,
        {"author": seed_record.pk, "cv_text": lao_cv(), "orcid": "0000-0002-1825-0098"},
        format="json",
    )
    body = _error(response, 400, "orcid_invalid")
    assert "orcid" in body["fields"]
    assert not Claim.objects.exists()


def test_unknown_author_is_refused(db):
    response = _client(claimant()).post(URL, {"author": 999999, "cv_text": "x"}, format="json")
    body = _error(response, 400)
    assert "author" in body["fields"]


def test_claim_list_query_count_is_bounded(demo, django_assert_max_num_queries):
    user = claimant()
    for slug in ["chonlam-lao", "hao-wang", "maximilian-lam", "chaoyang-he"]:
        svc.claim_submit(claimant=user, author=demo[slug], statement="Mine")
    with django_assert_max_num_queries(4):
        assert _client(user).get(URL).status_code == 200
