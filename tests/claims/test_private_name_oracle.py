"""Private former names are never an oracle: the anonymous API preview and the claim page's
preview answer the same for a right and a wrong guess of one; only a submitted claim counts
it, and the moderator is told that it matched (never which name)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from profiles.models import NameVariant
from profiles.services import claims as svc
from tests.factories import UserFactory, claimant

pytestmark = pytest.mark.django_db

FORMER = "Chon-Lam Formername"
RIGHT, WRONG = "Chon-Lam Formername", "Chon-Lam Wrongguess"
ICNP_ENTRY = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation, ICNP 2023"


@pytest.fixture
def record(seed_record):
    NameVariant.objects.create(author=seed_record, name=FORMER, is_private=True)
    return seed_record


def _api_preview(record, name, user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    response = api.post(
        f"/api/v1/authors/{record.pk}/claim-preview/",
        {"name": name, "cv_text": ICNP_ENTRY},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_preview_answers_the_same_for_a_right_and_a_wrong_guess(record):
    right, wrong = _api_preview(record, RIGHT), _api_preview(record, WRONG)
    assert right["score"] == wrong["score"]
    assert right["decision"] == wrong["decision"]
    assert [r.replace(RIGHT, WRONG) for r in right["reasons"]] == wrong["reasons"]
    signed_in = _api_preview(record, RIGHT, user=UserFactory(verified=True))
    assert signed_in["score"] == wrong["score"]


def test_the_claim_page_preview_answers_the_same_for_a_right_and_a_wrong_guess(client, record):
    scores = []
    for name in (RIGHT, WRONG):
        client.force_login(claimant(name=name))
        html = client.post(
            f"/researchers/{record.slug}/claim/preview/", {"cv_text": ICNP_ENTRY}
        ).content.decode()
        scores.append(html.split("Score ", 1)[1].split(" of 100", 1)[0])
    assert scores[0] == scores[1]


def test_a_submitted_claim_counts_the_private_name_and_tells_the_moderator(client, record):
    right = svc.claim_submit(claimant=claimant(name=RIGHT), author=record, cv_text=ICNP_ENTRY)
    wrong = svc.claim_submit(claimant=claimant(name=WRONG), author=record, cv_text=ICNP_ENTRY)
    assert right.score > wrong.score
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/profiles/claim/{right.pk}/change/").content.decode()
    assert "private former names; the score counts it" in page
    other = client.get(f"/admin/profiles/claim/{wrong.pk}/change/").content.decode()
    assert "private former names; the score counts it" not in other
