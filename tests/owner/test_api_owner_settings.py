"""What the owner and settings pages do, over the API: add and hide works, email
notifications, the followers list's privacy; and more evidence for a pending claim."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from profiles.models import AuthorRecord, Authorship
from profiles.services import claims as svc
from tests.factories import AuthorshipFactory, UserFactory, claimant, cv, researcher

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_owner_adds_and_hides_works_over_the_api():
    owner, record = researcher()
    client = _client(owner)
    response = client.post(
        "/api/v1/me/works/", {"title": "Switch Memory at Scale", "year": 2025}, format="json"
    )
    assert response.status_code == 201
    work_id = response.json()["work"]
    record.refresh_from_db()
    assert record.works_count == 1
    response = client.patch(f"/api/v1/me/works/{work_id}/", {"hidden": True}, format="json")
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.works_count == 0
    assert Authorship.objects.get(work_id=work_id, author=record).is_hidden


def test_works_api_refuses_people_without_a_record_and_works_of_others():
    client = _client(UserFactory(verified=True))
    assert client.post("/api/v1/me/works/", {"title": "X"}, format="json").status_code == 403
    owner, _record = researcher()
    others_work = AuthorshipFactory().work
    response = _client(owner).patch(
        f"/api/v1/me/works/{others_work.pk}/", {"hidden": True}, format="json"
    )
    assert response.status_code == 404
    assert not Authorship.objects.filter(work=others_work, is_hidden=True).exists()
    assert _client(owner).post("/api/v1/me/works/", {}, format="json").status_code == 400
    assert APIClient().post("/api/v1/me/works/", {"title": "X"}, format="json").status_code in (
        401,
        403,
    )


def test_settings_over_the_api():
    owner, record = researcher()
    client = _client(owner)
    body = client.get("/api/v1/me/settings/").json()
    assert body == {
        "email_on_invitation": True,
        "email_on_answer": True,
        "email_on_message": True,
        "hide_followers": False,
    }
    response = client.patch(
        "/api/v1/me/settings/", {"email_on_message": False, "hide_followers": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["email_on_message"] is False
    assert AuthorRecord.objects.get(pk=record.pk).hide_followers


def test_hiding_followers_without_a_record_is_a_400_and_changes_nothing():
    client = _client(UserFactory(verified=True))
    response = client.patch(
        "/api/v1/me/settings/", {"hide_followers": True, "email_on_answer": False}, format="json"
    )
    assert response.status_code == 400
    assert "hide_followers" in response.json()["error"]["fields"]
    assert client.get("/api/v1/me/settings/").json()["email_on_answer"] is True


def test_adding_evidence_to_a_pending_claim_over_the_api(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, statement="It is me.")
    client = _client(user)
    response = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/", {"cv_text": cv("chonlam_lao")}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["decision"] == "strong"
    other = _client(UserFactory(verified=True))
    url = f"/api/v1/claims/{claim.pk}/evidence/"
    assert other.post(url, {"cv_text": "x"}, format="json").status_code == 404


def test_joining_a_known_work_whose_complete_author_list_omits_the_owner_is_refused():
    owner, _record = researcher()
    slot = AuthorshipFactory(raw_name="Someone Else", work__doi="10.1000/known.1")
    slot.work.author_list_complete = True
    slot.work.save(update_fields=["author_list_complete"])
    response = _client(owner).post(
        "/api/v1/me/works/", {"title": "Anything", "doi": "10.1000/known.1"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "not_an_author"
    assert "does not print your name" in error["fields"]["doi"][0]
    assert not Authorship.objects.filter(work=slot.work, author__owner=owner).exists()
