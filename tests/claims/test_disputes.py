"""Disputes of an approved claim (profiles/services/claims/disputes.py, docs/claims.md):
the service rules, the web pages, the API and the moderators' admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from profiles.choices import (
    AuditAction,
    ClaimStatus,
    DisputeStatus,
    ProfileEventKind,
)
from profiles.models import AuditEntry, AuthorRecord, Claim, Dispute, ProfileEvent
from profiles.services import claims as svc
from tests.factories import AuthorRecordFactory, UserFactory, claimant, lao_cv

pytestmark = pytest.mark.django_db


def _owned(author, owner=None):
    """`author` owned by `owner` through a claim a moderator approved."""
    owner = owner or claimant()
    claim = svc.claim_submit(claimant=owner, author=author, cv_text=lao_cv())
    return svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))


def _dispute(author, disputant=None, **kwargs):
    disputant = disputant or claimant()
    return svc.dispute_submit(disputant=disputant, author=author, cv_text=lao_cv(), **kwargs)


def _claim_kinds(claim: Claim) -> list[str]:
    return list(claim.events.values_list("kind", flat=True))


def _dispute_kinds(dispute: Dispute) -> list[str]:
    return list(dispute.events.values_list("kind", flat=True))


# --- acceptance


def test_a_dispute_reaches_moderators_with_both_sides_evidence_and_its_outcome_is_in_both_histories(
    seed_record, django_capture_on_commit_callbacks, admin_client
):
    approved = _owned(seed_record)
    owner = approved.claimant
    disputant = claimant(email="real-owner@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispute = _dispute(seed_record, disputant, statement="I am the real one.")
    assert dispute.status == DisputeStatus.OPEN
    assert dispute.claim == approved
    assert dispute.report["decision"] and dispute.score is not None
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "disputed" in mail.outbox[0].subject

    # The moderator's page shows both sides: the approved claim's report and the dispute's.
    page = admin_client.get(f"/admin/profiles/dispute/{dispute.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Approved claim" in text and "This dispute" in text
    assert text.count("evidence-report") >= 2
    assert "I am the real one." in text
    listing = admin_client.get("/admin/profiles/dispute/?status__exact=open")
    assert listing.status_code == 200 and seed_record.display_name in listing.content.decode()

    mail.outbox.clear()
    moderator = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        svc.dispute_uphold(dispute=dispute, moderator=moderator, reason="Her ORCID works match.")
    dispute.refresh_from_db()
    approved.refresh_from_db()
    seed_record.refresh_from_db()
    assert dispute.status == DisputeStatus.UPHELD
    assert seed_record.owner is None
    assert approved.status == ClaimStatus.RELEASED
    # Both histories, the record's and the audit trail.
    assert _claim_kinds(approved)[-3:] == ["disputed", "released", "dispute_upheld"]
    assert _dispute_kinds(dispute) == ["opened", "upheld"]
    assert ProfileEvent.objects.filter(author=seed_record, kind=ProfileEventKind.DISPUTE).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DISPUTE_UPHELD)
    assert entry.target_id == dispute.pk and entry.reason == "Her ORCID works match."
    # The disputant's evidence is now a pending claim of theirs, in the queue.
    new_claim = dispute.resulting_claim
    assert new_claim.claimant == disputant and new_claim.status == ClaimStatus.PENDING
    assert new_claim.report == dispute.report
    assert svc.queue_position(new_claim) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, disputant.email])
    assert all("Her ORCID works match." in m.body for m in mail.outbox)
    svc.claim_approve(claim=new_claim, moderator=moderator)
    assert AuthorRecord.objects.get(pk=seed_record.pk).owner == disputant


def test_a_dismissed_dispute_leaves_the_owner_and_is_in_both_histories(
    seed_record, django_capture_on_commit_callbacks
):
    approved = _owned(seed_record)
    dispute = _dispute(seed_record)
    moderator = UserFactory(is_staff=True)
    with pytest.raises(svc.ClaimError) as error:
        svc.dispute_dismiss(dispute=dispute, moderator=moderator, reason="  ")
    assert error.value.code == svc.REASON_REQUIRED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.dispute_dismiss(dispute=dispute, moderator=moderator, reason="Same CV, no proof.")
    dispute.refresh_from_db()
    seed_record.refresh_from_db()
    assert dispute.status == DisputeStatus.DISMISSED and dispute.decided_by == moderator
    assert seed_record.owner == approved.claimant
    assert _claim_kinds(approved)[-2:] == ["disputed", "dispute_denied"]
    assert _dispute_kinds(dispute) == ["opened", "dismissed"]
    assert ProfileEvent.objects.filter(author=seed_record, kind=ProfileEventKind.DISPUTE).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DISPUTE_DISMISSED).count() == 1
    assert len(mail.outbox) == 2
    with pytest.raises(svc.ClaimError) as error:
        svc.dispute_uphold(dispute=dispute, moderator=moderator, reason="Changed my mind.")
    assert error.value.code == svc.NOT_OPEN
    # Once decided, the person may dispute again.
    assert _dispute(seed_record, dispute.disputant).is_open


# --- refusals


def test_the_owner_may_not_dispute_their_own_claim(seed_record):
    approved = _owned(seed_record)
    with pytest.raises(svc.ClaimError) as error:
        _dispute(seed_record, approved.claimant)
    assert error.value.code == svc.OWN_RECORD


def test_an_unclaimed_record_cannot_be_disputed():
    with pytest.raises(svc.ClaimError) as error:
        _dispute(AuthorRecordFactory())
    assert error.value.code == svc.NOT_CLAIMED
    assert not Dispute.objects.exists()


def test_a_second_open_dispute_is_refused_and_the_database_refuses_it_too(seed_record):
    _owned(seed_record)
    first = _dispute(seed_record)
    with pytest.raises(svc.ClaimError) as error:
        _dispute(seed_record, first.disputant)
    assert error.value.code == svc.DUPLICATE_DISPUTE
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.create(
            disputant=first.disputant, author=seed_record, claim=first.claim, cv_text="x"
        )


def test_an_unverified_email_or_no_evidence_is_refused(seed_record):
    _owned(seed_record)
    with pytest.raises(svc.ClaimError) as error:
        _dispute(seed_record, UserFactory(verified=False, name="ChonLam Lao"))
    assert error.value.code == svc.EMAIL_UNVERIFIED
    with pytest.raises(svc.ClaimError) as error:
        svc.dispute_submit(disputant=claimant(), author=seed_record, cv_text="")
    assert error.value.code == svc.NO_EVIDENCE


# --- web pages


def _page(author) -> str:
    return f"/researchers/{author.slug}/dispute/"


def test_record_page_links_to_the_dispute_form_for_signed_in_non_owners(seed_record, client):
    approved = _owned(seed_record)
    link = _page(seed_record)
    assert link not in client.get(seed_record.get_absolute_url()).content.decode()
    client.force_login(approved.claimant)
    assert link not in client.get(seed_record.get_absolute_url()).content.decode()
    client.force_login(claimant())
    assert link in client.get(seed_record.get_absolute_url()).content.decode()


def test_dispute_form_page_sends_a_dispute(seed_record, client):
    _owned(seed_record)
    user = claimant()
    client.force_login(user)
    assert client.get(_page(seed_record)).status_code == 200
    response = client.post(_page(seed_record), {"cv_text": lao_cv(), "statement": "Mine."})
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.disputant == user and dispute.statement == "Mine."
    again = client.post(_page(seed_record), {"cv_text": lao_cv()})
    assert again.status_code == 409
    assert Dispute.objects.count() == 1


def test_dispute_page_refuses_anonymous_owner_and_unclaimed(seed_record, client):
    approved = _owned(seed_record)
    response = client.get(_page(seed_record))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(approved.claimant)
    assert client.post(_page(seed_record), {"cv_text": lao_cv()}).status_code == 409
    unclaimed = AuthorRecordFactory()
    client.force_login(claimant())
    page = client.get(_page(unclaimed))
    assert "no approved claim" in page.content.decode()
    assert client.post(_page(unclaimed), {"cv_text": lao_cv()}).status_code == 409
    assert not Dispute.objects.exists()


# --- API


def _api(user=None) -> APIClient:
    api = APIClient()
    if user:
        api.force_authenticate(user)
    return api


def _api_url(author) -> str:
    return f"/api/v1/authors/{author.pk}/disputes/"


def test_api_creates_a_dispute(seed_record):
    _owned(seed_record)
    response = _api(claimant()).post(
        _api_url(seed_record), {"cv_text": lao_cv(), "statement": "Mine"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["report"]["matched_works"]


def test_api_refusals(seed_record):
    approved = _owned(seed_record)
    url = _api_url(seed_record)
    assert _api().post(url, {"cv_text": lao_cv()}, format="json").status_code in (401, 403)
    owner = _api(approved.claimant).post(url, {"cv_text": lao_cv()}, format="json")
    assert owner.status_code == 409 and owner.json()["error"]["code"] == svc.OWN_RECORD
    unclaimed = _api(claimant()).post(
        _api_url(AuthorRecordFactory()), {"cv_text": lao_cv()}, format="json"
    )
    assert unclaimed.status_code == 409 and unclaimed.json()["error"]["code"] == svc.NOT_CLAIMED
    api = _api(claimant())
    assert api.post(url, {"cv_text": lao_cv()}, format="json").status_code == 201
    second = api.post(url, {"cv_text": lao_cv()}, format="json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == svc.DUPLICATE_DISPUTE
    assert Dispute.objects.count() == 1


# --- admin decisions


def test_admin_dismiss_needs_a_reason_and_uphold_releases(seed_record, admin_client):
    _owned(seed_record)
    dispute = _dispute(seed_record)
    base = f"/admin/profiles/dispute/{dispute.pk}"
    assert admin_client.get(f"{base}/dismiss/decide/").status_code == 200
    assert admin_client.post(f"{base}/dismiss/decide/", {"reason": ""}).status_code == 400
    assert Dispute.objects.get().is_open
    response = admin_client.post(f"{base}/uphold/decide/", {"reason": "Proven."})
    assert response.status_code == 302
    assert Dispute.objects.get().status == DisputeStatus.UPHELD
    assert AuthorRecord.objects.get(pk=seed_record.pk).owner is None


def test_a_cv_file_is_read_shown_to_moderators_only_and_carried_into_the_new_claim(
    seed_record, admin_client, client
):
    _owned(seed_record)
    upload = SimpleUploadedFile("my-cv.txt", lao_cv().encode(), content_type="text/plain")
    response = _api(claimant()).post(_api_url(seed_record), {"cv_file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["has_file"] and response.json()["report"]["matched_works"]
    dispute = Dispute.objects.get()
    file_url = f"/admin/profiles/dispute/{dispute.pk}/file/"
    assert (
        file_url
        in admin_client.get(f"/admin/profiles/dispute/{dispute.pk}/change/").content.decode()
    )
    download = admin_client.get(file_url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    client.force_login(dispute.disputant)
    assert client.get(file_url).status_code == 302  # to the admin login
    svc.dispute_uphold(dispute=dispute, moderator=UserFactory(is_staff=True), reason="Yes.")
    dispute.refresh_from_db()
    assert dispute.resulting_claim.cv_file.name == dispute.cv_file.name
    assert dispute.resulting_claim.cv_file_name == "my-cv.txt"
