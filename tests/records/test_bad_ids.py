"""Ids that cannot be rows (too long for a 64-bit key, not numbers) get a clear 4xx on every
path that takes one, never a 500; a record name with a "%" does not break an error message."""

from __future__ import annotations

import pytest

from tests.factories import AuthorRecordFactory, researcher

pytestmark = pytest.mark.django_db

HUGE = 10**20


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/authors/{HUGE}/",
        f"/api/v1/claims/{HUGE}/",
        f"/api/v1/invitations/{HUGE}/",
        f"/api/v1/conversations/{HUGE}/messages/",
    ],
)
def test_api_paths_with_impossible_ids_are_404(auth_api_client, path):
    response = auth_api_client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_api_post_to_an_impossible_conversation_is_404(auth_api_client):
    assert auth_api_client.post(f"/api/v1/conversations/{HUGE}/leave/").status_code == 404


def test_web_paths_with_impossible_ids_are_404(client, user):
    client.force_login(user)
    assert client.get(f"/invitations/{HUGE}/").status_code == 404
    assert client.get(f"/conversations/{HUGE}/").status_code == 404


def test_api_bodies_with_impossible_ids_are_400():
    from rest_framework.test import APIClient

    sender, _ = researcher()
    _, recipient = researcher()
    client = APIClient()
    client.force_authenticate(sender)
    response = client.post(
        "/api/v1/invitations/",
        {"recipient": recipient.pk, "subject": "Hi", "message": "Let us talk", "works": [HUGE]},
        format="json",
    )
    assert response.status_code == 400
    assert "works" in response.json()["error"]["fields"]
    assert client.post("/api/v1/blocks/", {"author": HUGE}, format="json").status_code == 400
    response = client.post(
        "/api/v1/reports/", {"invitation": HUGE, "reason": "spam"}, format="json"
    )
    assert response.status_code == 400
    response = client.post("/api/v1/claims/", {"author": HUGE, "cv_text": "x"}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["invitation", "record", "conversation"])
@pytest.mark.parametrize("value", ["abc", str(HUGE)])
def test_blocking_with_a_bad_id_is_404(client, user, field, value):
    client.force_login(user)
    assert client.post("/settings/blocks/", {field: value}).status_code == 404


def test_invite_form_with_an_impossible_work_id_says_so_next_to_the_field(client):
    sender, _ = researcher()
    _, recipient = researcher()
    client.force_login(sender)
    response = client.post(
        f"/researchers/{recipient.slug}/invite/",
        {"subject": "Hi", "message": "Let us talk", "works": [str(HUGE)]},
    )
    assert response.status_code == 400


def test_owner_hiding_a_work_with_a_bad_id_is_404(client):
    owner, _ = researcher()
    client.force_login(owner)
    for value in ["abc", str(HUGE)]:
        response = client.post("/dashboard/profile/works/", {"work": value, "hidden": "1"})
        assert response.status_code == 404


def test_a_percent_sign_in_a_record_name_does_not_break_the_refusal(auth_api_client):
    from rest_framework.test import APIClient

    owner, _ = researcher(display_name="Lao 100% Chon")
    other = AuthorRecordFactory()
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        "/api/v1/claims/", {"author": other.pk, "cv_text": "Some works"}, format="json"
    )
    assert response.status_code == 409
    assert "100%" in response.json()["error"]["message"]
