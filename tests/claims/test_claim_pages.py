"""The claim pages as people use them: the profile's identity panel, the claim page with its
preview, the dashboard and a claim's detail page, objections and the staff-only download."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profiles.choices import ClaimStatus
from profiles.models import Claim
from profiles.services import claims as svc
from tests.factories import UserFactory, claimant, cv, lao_cv

pytestmark = pytest.mark.django_db

CLAIM_URL = "/researchers/chonlam-lao/claim/"


def _panel(client, record):
    html = client.get(record.get_absolute_url()).content.decode()
    start = html.index('id="identity-heading"')
    return html[start : html.index("</section>", start)]


def test_identity_panel_for_a_visitor(client, seed_record):
    assert "Log in to claim" in _panel(client, seed_record)


def test_identity_panel_for_an_unverified_user_explains_verification(client, seed_record):
    client.force_login(UserFactory(verified=False))
    panel = _panel(client, seed_record)
    assert "Claim this record" not in panel
    assert "verify your email address" in panel


def test_identity_panel_offers_claim_then_status_then_claimed(client, seed_record):
    user = claimant()
    client.force_login(user)
    assert "Claim this record" in _panel(client, seed_record)
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    panel = _panel(client, seed_record)
    assert "Claim pending" in panel
    assert reverse("profiles:claim-detail", kwargs={"pk": claim.pk}) in panel
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    panel = _panel(client, seed_record)
    assert "Claimed" in panel and "This is your profile." in panel
    client.force_login(UserFactory(verified=True))
    assert "The researcher has claimed this record." in _panel(client, seed_record)


def test_claim_page_needs_login(client, seed_record):
    response = client.get(CLAIM_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_claim_page_refuses_unverified_user_and_stores_nothing(client, seed_record):
    client.force_login(UserFactory(verified=False))
    response = client.post(CLAIM_URL, {"cv_text": lao_cv(), "submit": "1"})
    assert response.status_code == 403
    assert "Verify your email" in response.content.decode()
    assert not Claim.objects.exists()


def test_preview_without_javascript_shows_reasons_and_stores_nothing(client, seed_record):
    client.force_login(claimant())
    response = client.post(CLAIM_URL, {"cv_text": lao_cv(), "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Strong match" in html
    assert "Efficient Data-Plane Memory Scheduling" in html
    assert not Claim.objects.exists()


def test_htmx_preview_returns_the_report_partial(client, seed_record):
    client.force_login(claimant(name="Hao Wang"))
    response = client.post(
        f"{CLAIM_URL}preview/", {"cv_text": cv("hao_wang")}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "co-author" in html
    assert not Claim.objects.exists()


def test_preview_of_a_fake_pdf_shows_the_error_next_to_the_upload(client, seed_record):
    client.force_login(claimant())
    fake = SimpleUploadedFile("cv.pdf", b"this is not a pdf", content_type="application/pdf")
    response = client.post(CLAIM_URL, {"cv_file": fake, "preview": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_cv_file_error">' in html
    assert not Claim.objects.exists()


def test_invalid_orcid_error_is_next_to_the_field(client, seed_record):
    client.force_login(claimant())
    response = client.post(
        CLAIM_URL, {"cv_text": lao_cv(), "orcid": "0000-0002-1825-0098", "submit": "1"}
    )
    assert response.status_code == 400
    assert "check digit" in response.content.decode()
    assert not Claim.objects.exists()


def test_submitting_a_claim_leads_to_its_status_page(client, seed_record):
    user = claimant()
    client.force_login(user)
    upload = SimpleUploadedFile("cv.txt", lao_cv().encode(), content_type="text/plain")
    response = client.post(
        CLAIM_URL, {"cv_file": upload, "statement": "This is me.", "submit": "1"}, follow=True
    )
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.cv_file_name == "cv.txt"
    html = response.content.decode()
    assert "number 1 in the queue" in html
    assert "Strong match" in html
    assert "Withdraw this claim" in html


def test_dashboard_lists_own_claims_with_queue_and_decision(client, seed_record, demo):
    user = claimant()
    pending = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    other = svc.claim_submit(claimant=user, author=demo["hao-wang"], cv_text="My works")
    svc.claim_reject(claim=other, moderator=UserFactory(is_staff=True), reason="Not you.")
    svc.claim_submit(claimant=claimant(name="Someone"), author=demo["maximilian-lam"], cv_text="x")
    client.force_login(user)
    html = client.get("/dashboard/claims/").content.decode()
    assert "number 1 in the queue" in html
    assert "Not you." in html
    assert "Maximilian" not in html
    assert reverse("profiles:claim-detail", kwargs={"pk": pending.pk}) in html


def test_dashboard_query_count_does_not_grow(client, demo, django_assert_max_num_queries):
    user = claimant()
    for slug in ["chonlam-lao", "hao-wang", "maximilian-lam", "chaoyang-he"]:
        svc.claim_submit(claimant=user, author=demo[slug], statement="Mine")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get("/dashboard/claims/").status_code == 200


def test_someone_elses_claim_is_a_404(client, seed_record):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    client.force_login(UserFactory(verified=True))
    assert client.get(f"/dashboard/claims/{claim.pk}/").status_code == 404
    assert client.post(f"/dashboard/claims/{claim.pk}/withdraw/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_withdraw_and_add_evidence_from_the_detail_page(client, seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, statement="It is me")
    client.force_login(user)
    response = client.post(f"/dashboard/claims/{claim.pk}/", {"cv_text": lao_cv()}, follow=True)
    assert "Your evidence was added" in response.content.decode()
    claim.refresh_from_db()
    assert claim.decision == "strong"
    response = client.post(f"/dashboard/claims/{claim.pk}/withdraw/", follow=True)
    assert "Your claim was withdrawn." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


def test_uploaded_cv_is_private_and_only_staff_can_download_it(client, seed_record, settings):
    user = claimant()
    upload = SimpleUploadedFile("lao-cv.txt", lao_cv().encode(), content_type="text/plain")
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_file=upload)
    assert str(settings.CLAIMS_PRIVATE_ROOT) in claim.cv_file.path
    assert str(settings.MEDIA_ROOT) not in claim.cv_file.path
    url = f"/claims/{claim.pk}/file/"
    assert client.get(url).status_code == 302
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))  # staff, but not a claims moderator
    assert client.get(url).status_code == 403
    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(lao_cv().encode()[:20])


def test_claim_page_lists_emails_with_institution_matches(client, seed_record):
    from tests.factories import add_verified_email, give_institution

    give_institution(seed_record)
    user = claimant()
    add_verified_email(user, "lao@example-univ.edu")
    client.force_login(user)
    html = client.get(CLAIM_URL).content.decode()
    assert "lao@example-univ.edu" in html
    assert "matches example-univ.edu: supporting proof" in html


def test_claim_page_offers_orcid_connect_when_configured(client, seed_record):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    client.force_login(claimant())
    assert "ORCID sign-in is not configured" in client.get(CLAIM_URL).content.decode()
    app = SocialApp.objects.create(provider="orcid", name="ORCID", client_id="id", secret="s")
    app.sites.add(Site.objects.get_current())
    html = client.get(CLAIM_URL).content.decode()
    assert "Connect your ORCID iD" in html
    assert "process=connect" in html


def test_previews_are_rate_limited_per_person(client, seed_record, settings):
    settings.CLAIMS_PREVIEW_PER_MINUTE = 1
    client.force_login(claimant())
    url = f"{CLAIM_URL}preview/"
    assert client.post(url, {"cv_text": lao_cv()}).status_code == 200
    response = client.post(url, {"cv_text": lao_cv()})
    assert response.status_code == 429
    assert "Too many previews" in response.content.decode()
