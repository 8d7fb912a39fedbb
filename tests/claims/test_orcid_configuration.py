"""ORCID honestly: where ORCID sign-in is not configured (no credentials in the environment,
no SocialApp in the admin) no page, report or suggestion offers it and its login address
answers a clear 404; where it is configured, it is offered and its login page works."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site
from rest_framework.test import APIClient

from profiles.services import claims as svc
from tests.factories import claimant, lao_cv

pytestmark = pytest.mark.django_db

# What would offer ORCID sign-in ("ORCID sign-in is not configured" is allowed: it says so).
ORCID_WORDS = (
    "Sign in with ORCID",
    "signing in with ORCID",
    "Connect your ORCID",
    "an ORCID sign-in",
)


@pytest.fixture
def not_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"orcid": {"BASE_DOMAIN": "orcid.org"}}
    assert not SocialApp.objects.filter(provider="orcid").exists()


@pytest.fixture
def configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {
            "BASE_DOMAIN": "sandbox.orcid.org",
            "APP": {"client_id": "APP-TEST", "secret": "s3cret", "key": ""},
        }
    }


def _offers_orcid(text: str) -> bool:
    return any(word in text for word in ORCID_WORDS)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/orcid/login/",
        "/accounts/orcid/login/?process=connect",
        "/accounts/orcid/login/callback/?code=x",
    ],
)
def test_orcid_login_is_a_clear_404_where_not_configured(client, not_configured, path):
    client.force_login(claimant())
    response = client.get(path)
    assert response.status_code == 404
    assert "ORCID sign-in is not configured on this site" in response.content.decode()
    anonymous = client.__class__().get(path)
    assert anonymous.status_code == 404


def test_orcid_login_works_where_configured_in_the_environment(client, configured):
    response = client.get("/accounts/orcid/login/")
    assert response.status_code == 200  # allauth's "continue with ORCID" page
    posted = client.post("/accounts/orcid/login/")
    assert posted.status_code == 302
    assert "/oauth/authorize?client_id=APP-TEST" in posted["Location"]


def test_orcid_login_works_where_configured_in_the_admin(client, not_configured):
    app = SocialApp.objects.create(provider="orcid", name="ORCID", client_id="APP-X", secret="y")
    app.sites.add(Site.objects.get_current())
    assert client.get("/accounts/orcid/login/").status_code == 200


def test_claim_page_and_preview_never_suggest_orcid_where_not_configured(
    client, seed_record, not_configured
):
    user = claimant()
    client.force_login(user)
    page = client.get(f"/researchers/{seed_record.slug}/claim/").content.decode()
    assert "Connect your ORCID iD" not in page
    assert "/accounts/orcid/login/" not in page
    preview = client.post(
        f"/researchers/{seed_record.slug}/claim/", {"cv_text": lao_cv(), "preview": "1"}
    ).content.decode()
    assert "Identity proof" in preview
    assert not _offers_orcid(preview)
    api = APIClient()
    api.force_authenticate(user)
    answer = api.post(
        f"/api/v1/authors/{seed_record.pk}/claim-preview/",
        {"name": "ChonLam Lao", "cv_text": lao_cv()},
        format="json",
    ).json()
    assert not any(_offers_orcid(s) for s in answer["suggestions"] + answer["reasons"])


def test_missing_evidence_never_suggests_orcid_where_not_configured(
    client, seed_record, not_configured
):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert not any(_offers_orcid(h) for h in svc.missing_evidence(claim))
    client.force_login(user)
    page = client.get(f"/dashboard/claims/{claim.pk}/").content.decode()
    assert not _offers_orcid(page)


def test_orcid_is_offered_where_configured(client, seed_record, configured):
    user = claimant()
    client.force_login(user)
    page = client.get(f"/researchers/{seed_record.slug}/claim/").content.decode()
    assert "Connect your ORCID iD" in page
    assert "/accounts/orcid/login/" in page
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert any(_offers_orcid(h) for h in svc.missing_evidence(claim))
