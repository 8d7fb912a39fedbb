"""After approval the owner edits their profile (page and API): safe Markdown bio, names
(private former names matched but never shown), links, works hidden or added."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from profiles.models import Authorship, NameVariant, ProfileEvent, Work
from profiles.services import claims as svc
from tests.factories import UserFactory, claimant, lao_cv

pytestmark = pytest.mark.django_db

SECRET_NAME = "Chon-Lam Formername"


@pytest.fixture
def owner(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    return user


def _edit(client, **overrides):
    data = {
        "headline": "Networked systems for ML training",
        "bio": "I build **switches**. <script>alert(1)</script> [lab](javascript:alert(1))",
        "open_to_collaborate": "on",
        "links": "Homepage https://lao.example.org",
        "public_names": "Lao ChonLam",
        "private_names": SECRET_NAME,
    }
    data.update(overrides)
    return client.post("/dashboard/profile/", data)


def test_owner_edits_profile_and_page_shows_claimed_level_and_safe_bio(client, seed_record, owner):
    client.force_login(owner)
    assert client.get("/dashboard/profile/").status_code == 200
    response = _edit(client)
    assert response.status_code == 302
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert "Networked systems for ML training" in html
    assert "<strong>switches</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "javascript:" not in html
    assert 'href="https://lao.example.org"' in html
    assert "Verification L2" in html
    assert "Claimed" in html
    assert "Edit your profile" in html
    assert ProfileEvent.objects.filter(author=seed_record, kind="edited").exists()


def test_private_former_names_are_kept_for_matching_but_never_shown(client, seed_record, owner):
    client.force_login(owner)
    _edit(client)
    assert NameVariant.objects.get(name=SECRET_NAME).is_private
    for viewer in [None, UserFactory(verified=True), owner]:
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        assert SECRET_NAME not in client.get(seed_record.get_absolute_url()).content.decode()
        api = APIClient()
        if viewer:
            api.force_authenticate(viewer)
        assert SECRET_NAME not in api.get(f"/api/v1/authors/{seed_record.pk}/").content.decode()
        assert (
            SECRET_NAME not in api.get("/api/v1/authors/", {"name": "formername"}).content.decode()
        )
    events = ProfileEvent.objects.filter(author=seed_record).values_list("new_value", "reason")
    assert SECRET_NAME not in str(list(events))


def test_bad_link_is_refused_next_to_the_field(client, seed_record, owner):
    client.force_login(owner)
    response = _edit(client, links="Evil javascript:alert(1)")
    assert response.status_code == 400
    assert "is not a web address" in response.content.decode()
    seed_record.refresh_from_db()
    assert seed_record.links == [] or "javascript" not in str(seed_record.links)


def test_only_the_owner_can_edit(client, seed_record, owner):
    client.force_login(UserFactory(verified=True))
    assert client.get("/dashboard/profile/").status_code == 404
    client.logout()
    assert client.get("/dashboard/profile/").status_code == 302


def test_owner_hides_and_adds_works(client, seed_record, owner):
    client.force_login(owner)
    work = Work.objects.filter(authorships__author=seed_record).first()
    client.post("/dashboard/profile/works/", {"work": work.pk, "hidden": "1"})
    seed_record.refresh_from_db()
    assert seed_record.works_count == 1
    assert work.title not in client.get(seed_record.get_absolute_url()).content.decode()
    client.post("/dashboard/profile/works/", {"work": work.pk, "hidden": "0"})
    response = client.post(
        "/dashboard/profile/works/",
        {"add": "1", "title": "A New Paper on Switches", "year": "2025", "venue": "NSDI"},
    )
    assert response.status_code == 302
    seed_record.refresh_from_db()
    assert seed_record.works_count == 3
    assert Authorship.objects.filter(work__title="A New Paper on Switches").get().author == (
        seed_record
    )


def test_someone_else_cannot_hide_the_owners_works(client, seed_record, owner):
    work = Work.objects.filter(authorships__author=seed_record).first()
    client.force_login(UserFactory(verified=True))
    assert (
        client.post("/dashboard/profile/works/", {"work": work.pk, "hidden": "1"}).status_code
        == 404
    )
    assert not Authorship.objects.filter(work=work, author=seed_record, is_hidden=True).exists()


def test_api_patch_by_owner(seed_record, owner):
    api = APIClient()
    api.force_authenticate(owner)
    response = api.patch(
        f"/api/v1/authors/{seed_record.pk}/",
        {
            "headline": "New headline",
            "private_names": [SECRET_NAME],
            "links": [{"label": "Lab", "url": "https://lab.example.org"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == "New headline"
    assert SECRET_NAME not in response.content.decode()
    assert NameVariant.objects.filter(name=SECRET_NAME, is_private=True).exists()


def test_api_patch_refused_for_others(seed_record, owner):
    api = APIClient()
    response = api.patch(f"/api/v1/authors/{seed_record.pk}/", {"headline": "x"}, format="json")
    assert response.status_code in (401, 403)
    api.force_authenticate(UserFactory(verified=True))
    response = api.patch(f"/api/v1/authors/{seed_record.pk}/", {"headline": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    seed_record.refresh_from_db()
    assert seed_record.headline != "x"


def test_api_patch_bad_link_is_400(seed_record, owner):
    api = APIClient()
    api.force_authenticate(owner)
    response = api.patch(
        f"/api/v1/authors/{seed_record.pk}/",
        {"links": [{"label": "x", "url": "ftp://nope"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_api_patch_too_many_links_is_a_400_with_the_services_code(seed_record, owner):
    api = APIClient()
    api.force_authenticate(owner)
    links = [{"label": "x", "url": f"https://example.org/{i}"} for i in range(11)]
    response = api.patch(f"/api/v1/authors/{seed_record.pk}/", {"links": links}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": {"status": 400, "code": "bad_link", "message": "At most 10 links."}
    }


def test_api_patch_too_many_names_is_a_400_with_the_services_code(seed_record, owner):
    api = APIClient()
    api.force_authenticate(owner)
    response = api.patch(
        f"/api/v1/authors/{seed_record.pk}/",
        {
            "name_variants": [f"Public Name {i}" for i in range(15)],
            "private_names": [f"Private Name {i}" for i in range(10)],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {"status": 400, "code": "too_many_names", "message": "At most 20 names."}
    }
    assert not NameVariant.objects.filter(author=seed_record, name="Public Name 0").exists()


def test_owner_cannot_sign_someone_elses_complete_author_list(client, seed_record, owner):
    from tests.factories import AuthorshipFactory, WorkFactory

    work = WorkFactory(doi="10.1000/other.paper", author_list_complete=True)
    AuthorshipFactory(work=work, position=1, raw_name="Maximilian Lam", author=None)
    client.force_login(owner)
    response = client.post(
        "/dashboard/profile/works/",
        {"add": "1", "title": "Their paper", "doi": "10.1000/other.paper"},
    )
    assert response.status_code == 400
    assert "does not print your name" in response.content.decode()
    assert list(work.authorships.values_list("raw_name", "author")) == [("Maximilian Lam", None)]


def test_owner_joining_a_known_work_takes_the_slot_that_prints_their_name(
    client, seed_record, owner
):
    from tests.factories import AuthorshipFactory, WorkFactory

    work = WorkFactory(doi="10.1000/shared.paper", author_list_complete=True)
    AuthorshipFactory(work=work, position=1, raw_name="Hao Wang", author=None)
    AuthorshipFactory(work=work, position=2, raw_name="C. Lao", author=None)
    client.force_login(owner)
    response = client.post(
        "/dashboard/profile/works/",
        {"add": "1", "title": "Shared", "doi": "https://doi.org/10.1000/shared.paper"},
    )
    assert response.status_code == 302
    slots = list(work.authorships.order_by("position").values_list("raw_name", "author"))
    assert slots == [("Hao Wang", None), ("C. Lao", seed_record.pk)]
