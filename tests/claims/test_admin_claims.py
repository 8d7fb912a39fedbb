"""The moderation queue in the Django admin: what moderators see, approving and rejecting
through the service, and people without staff rights kept out."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from profiles.choices import ClaimStatus
from profiles.models import Claim
from profiles.services import claims as svc
from tests.factories import UserFactory, claimant, cv, lao_cv

pytestmark = pytest.mark.django_db

LIST = "/admin/profiles/claim/"


@pytest.fixture
def moderator(db):
    return UserFactory(is_staff=True, is_superuser=True, verified=True)


@pytest.fixture
def pending(seed_record):
    upload = SimpleUploadedFile("lao.txt", lao_cv().encode(), content_type="text/plain")
    return svc.claim_submit(claimant=claimant(), author=seed_record, cv_file=upload)


def test_non_staff_are_kept_out_of_the_queue(client, pending):
    client.force_login(UserFactory(verified=True))
    for url in [LIST, f"{LIST}{pending.pk}/change/", f"{LIST}{pending.pk}/approve/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(f"{LIST}{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.PENDING


def test_staff_without_claim_permission_cannot_decide(client, pending):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(f"{LIST}{pending.pk}/approve/").status_code == 403
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.PENDING


def test_queue_lists_pending_claims_with_filters(client, moderator, pending, demo):
    svc.claim_submit(
        claimant=claimant(name="Hao Wang"), author=demo["hao-wang"], cv_text=cv("hao_wang")
    )
    client.force_login(moderator)
    html = client.get(LIST, {"status__exact": "pending", "proof": "no"}).content.decode()
    assert "ChonLam Lao" in html and "Hao Wang" in html
    assert client.get(LIST, {"proof": "yes"}).content.decode().count("chonlam-lao") == 0
    assert client.get(LIST, {"age": "7", "decision": "strong"}).status_code == 200


def test_claim_page_shows_evidence_reasons_proof_absence_file_and_history(
    client, moderator, pending
):
    client.force_login(moderator)
    html = client.get(f"{LIST}{pending.pk}/change/").content.decode()
    assert "Strong match" in html
    assert "Efficient Data-Plane Memory Scheduling" in html
    assert "None: no ORCID sign-in" in html
    assert f"/claims/{pending.pk}/file/" in html
    assert "lao.txt" in html
    assert "submitted" in html
    assert "Approve" in html and "Reject" in html


def test_moderator_approves_from_the_claim_page(client, moderator, pending):
    client.force_login(moderator)
    assert client.get(f"{LIST}{pending.pk}/approve/").status_code == 200
    response = client.post(f"{LIST}{pending.pk}/approve/", {"reason": "Matches the CV."})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.APPROVED
    assert pending.decided_by == moderator
    assert pending.author.owner == pending.claimant
    assert pending.author.verification_level == 2


def test_reject_asks_for_a_reason(client, moderator, pending):
    client.force_login(moderator)
    response = client.post(f"{LIST}{pending.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.PENDING
    client.post(f"{LIST}{pending.pk}/reject/", {"reason": "The CV is someone else's."})
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.REJECTED
    assert pending.decision_reason == "The CV is someone else's."


def test_approval_of_a_claim_on_a_taken_record_is_refused(client, moderator, pending, seed_record):
    other = svc.claim_submit(
        claimant=claimant(name="Lao ChonLam"), author=seed_record, cv_text=lao_cv()
    )
    svc.claim_approve(claim=pending, moderator=moderator)
    client.force_login(moderator)
    response = client.post(f"{LIST}{other.pk}/approve/", follow=True)
    assert "claimed by someone else" in response.content.decode()
    other.refresh_from_db()
    # The approval closed it (competing claims leave the queue); approving it is refused.
    assert other.status == ClaimStatus.CLOSED
    assert other.events.filter(kind="closed").exists()


def test_bulk_actions_approve_and_reject_with_reason(client, moderator, pending, demo):
    other = svc.claim_submit(claimant=claimant(name="Max"), author=demo["hao-wang"], statement="me")
    client.force_login(moderator)
    response = client.post(LIST, {"action": "reject_selected", "_selected_action": [other.pk]})
    assert response.status_code == 200
    assert "Reason the claimant will see" in response.content.decode()
    client.post(
        LIST,
        {
            "action": "reject_selected",
            "_selected_action": [other.pk],
            "apply": "1",
            "reason": "No.",
        },
    )
    other.refresh_from_db()
    assert other.status == ClaimStatus.REJECTED
    client.post(LIST, {"action": "approve_selected", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.APPROVED


def test_queue_query_count_is_bounded(client, moderator, demo, django_assert_max_num_queries):
    for slug in ["chonlam-lao", "hao-wang", "maximilian-lam", "chaoyang-he"]:
        svc.claim_submit(claimant=claimant(), author=demo[slug], statement="Mine")
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        client.get(LIST)
    assert Claim.objects.count() == 4


def test_moderator_revokes_an_ownership_with_a_reason(client, moderator, pending, seed_record):
    svc.claim_approve(claim=pending, moderator=moderator)
    client.force_login(moderator)
    asked = client.post(LIST, {"action": "revoke_selected", "_selected_action": [pending.pk]})
    assert "Reason the owner will see" in asked.content.decode()
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.APPROVED
    client.post(
        LIST,
        {
            "action": "revoke_selected",
            "_selected_action": [pending.pk],
            "apply": "1",
            "reason": "Not the researcher.",
        },
    )
    pending.refresh_from_db()
    seed_record.refresh_from_db()
    assert pending.status == ClaimStatus.RELEASED
    assert seed_record.owner is None and seed_record.verification_level == 1
