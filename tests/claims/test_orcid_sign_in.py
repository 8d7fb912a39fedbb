"""ORCID sign-in as identity evidence, end to end against a fake ORCID server on loopback
(tests/fake_orcid.py, the `fake_orcid` fixture): the OAuth flow (authorize, token exchange,
the public record) connects the iD to the signed-in account, the public works API answers
the proof's question, and the genuine owner's claim is approved in one request."""

from __future__ import annotations

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from profiles.models import Claim
from tests.factories import claimant, lao_cv
from tests.fake_orcid import CLIENT_ID

pytestmark = pytest.mark.django_db

LAO_ORCID = "0000-0002-1825-0097"
OTHER_ORCID = "0000-0001-5109-3700"
ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"
PRISM_TITLE = "A Few GPUs, A Whole Lotta Scale: Faithful LLM Training Emulation with PrismLLM"
HAO_ORCID = "0000-0003-1613-5981"


def sign_in_with_orcid(client: Client, server, orcid: str):
    """The browser's part of the OAuth flow: start it on the site, sign in at ORCID (the
    fake server sends the person straight back with a code), land on the callback."""
    server.signing_in = orcid
    start = client.post("/accounts/orcid/login/?process=connect")
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{server.url}/oauth/authorize?")
    at_orcid = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_orcid.status_code == 302
    return client.get(at_orcid.headers["Location"])


def test_the_genuine_owner_signed_in_with_orcid_is_approved_in_one_request(seed_record, fake_orcid):
    fake_orcid.add(
        LAO_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, ""), (PRISM_TITLE, ""), ("Other", "")]
    )
    user = claimant()
    client = Client()
    client.force_login(user)
    landed = sign_in_with_orcid(client, fake_orcid, LAO_ORCID)
    assert landed.status_code == 302, landed.content
    assert SocialAccount.objects.get(user=user, provider="orcid").uid == LAO_ORCID
    assert ("POST", "/oauth/token") in fake_orcid.calls
    assert ("GET", f"/v3.0/{LAO_ORCID}/record") in fake_orcid.calls

    response = client.post(
        "/api/v1/claims/",
        {"author": seed_record.pk, "cv_text": lao_cv()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "approved"
    assert body["decision"] == "strong"
    assert [p["kind"] for p in body["identity_proof"]] == ["orcid"]
    assert ICNP_TITLE in body["identity_proof"][0]["detail"]
    assert ("GET", f"/v3.0/{LAO_ORCID}/works") in fake_orcid.calls
    claim = Claim.objects.get(pk=body["id"])
    assert claim.auto_approved is True
    assert claim.decided_by is None


def test_the_records_own_orcid_id_signed_in_is_approved_without_asking_for_works(
    seed_record, fake_orcid
):
    seed_record.orcid = LAO_ORCID
    seed_record.save(update_fields=["orcid"])
    fake_orcid.add(LAO_ORCID, "ChonLam", "Lao")
    user = claimant()
    client = Client()
    client.force_login(user)
    sign_in_with_orcid(client, fake_orcid, LAO_ORCID)
    response = client.post(
        "/api/v1/claims/",
        {"author": seed_record.pk, "cv_text": lao_cv()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "approved"
    assert ("GET", f"/v3.0/{LAO_ORCID}/works") not in fake_orcid.calls


def test_an_orcid_id_whose_works_miss_the_record_waits_for_a_moderator(seed_record, fake_orcid):
    fake_orcid.add(OTHER_ORCID, "ChonLam", "Lao", works=[("Something else entirely", "")])
    user = claimant()
    client = Client()
    client.force_login(user)
    sign_in_with_orcid(client, fake_orcid, OTHER_ORCID)
    response = client.post(
        "/api/v1/claims/",
        {"author": seed_record.pk, "cv_text": lao_cv()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert response.json()["identity_proof"] == []
    assert ("GET", f"/v3.0/{OTHER_ORCID}/works") in fake_orcid.calls


def test_a_refused_token_exchange_connects_no_orcid_id(seed_record, fake_orcid, settings):
    fake_orcid.add(LAO_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, "")])
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {
            **settings.SOCIALACCOUNT_PROVIDERS["orcid"],
            "APP": {"client_id": CLIENT_ID, "secret": "a wrong secret", "key": ""},
        }
    }
    user = claimant()
    client = Client()
    client.force_login(user)
    landed = sign_in_with_orcid(client, fake_orcid, LAO_ORCID)
    assert landed.status_code == 401  # allauth's "sign-in failed" page, never a 500
    assert not SocialAccount.objects.filter(user=user).exists()
    assert ("POST", "/oauth/token") in fake_orcid.calls


def test_the_web_claim_form_approves_the_owner_signed_in_with_orcid(seed_record, fake_orcid):
    fake_orcid.add(LAO_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, ""), (PRISM_TITLE, "")])
    user = claimant()
    client = Client()
    client.force_login(user)
    sign_in_with_orcid(client, fake_orcid, LAO_ORCID)
    response = client.post(
        f"/researchers/{seed_record.slug}/claim/", {"cv_text": lao_cv(), "submit": "1"}
    )
    assert response.status_code == 302, response.content
    claim = Claim.objects.get(claimant=user, author=seed_record)
    assert claim.status == "approved" and claim.auto_approved
    assert [p["kind"] for p in claim.identity_proof] == ["orcid"]


def test_a_co_authors_orcid_listing_one_shared_work_only_supports_the_claim(
    seed_record, fake_orcid
):
    """An account with the record's name, the researcher's public CV and a co-author's ORCID
    iD (whose works include one of the record's two): not approved without a moderator."""
    fake_orcid.add(HAO_ORCID, "Hao", "Wang", works=[(ICNP_TITLE, "")])
    user = claimant()
    client = Client()
    client.force_login(user)
    sign_in_with_orcid(client, fake_orcid, HAO_ORCID)
    response = client.post(
        "/api/v1/claims/",
        {"author": seed_record.pk, "cv_text": lao_cv()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert [(p["kind"], p["strength"]) for p in body["identity_proof"]] == [("orcid", "supporting")]
