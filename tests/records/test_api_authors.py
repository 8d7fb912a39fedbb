"""The read API of author records, through its URLs."""

import pytest

from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory

pytestmark = pytest.mark.django_db


def test_name_search_returns_the_seed_record(api_client, demo):
    response = api_client.get("/api/v1/authors/", {"name": "lao"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["display_name"] == "ChonLam Lao"
    assert body["results"][0]["url"] == "http://testserver/researchers/chonlam-lao/"


def test_detail_carries_everything_the_page_shows(api_client, seed_record):
    body = api_client.get(f"/api/v1/authors/{seed_record.pk}/").json()
    assert body["display_name"] == "ChonLam Lao"
    assert body["headline"].startswith("ChonLam Lao contributes")
    assert body["affiliation"] is None
    assert body["open_to_collaborate"] is True
    assert body["is_claimed"] is False
    assert body["verification"]["level"] == "L1"
    assert body["trust"]["score"] == 13 and body["trust"]["band"] == "Unverified"
    assert sum(term["points"] for term in body["trust"]["breakdown"]) == 13
    assert body["counts"] == {"works": 2, "followers": 0, "topics": 0, "close_collaborators": 5}
    assert body["follower_count"] == 0 and body["is_following"] is False
    assert body["url"].endswith("/researchers/chonlam-lao/")
    assert {c["name"] for c in body["close_collaborators"]} >= {"Hao Wang", "Kai Chen"}


def test_works_endpoint_lists_works_with_printed_authors(api_client, seed_record):
    body = api_client.get(f"/api/v1/authors/{seed_record.pk}/works/").json()
    assert body["count"] == 2
    esa = next(w for w in body["results"] if w["year"] == 2022)
    assert [a["name"] for a in esa["authors"]][:3] == ["Hao Wang", "Yuxuan Qin", "ChonLam Lao"]
    assert esa["abstract"].startswith("As the scale of distributed training grows")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/authors/999999/",
        "/api/v1/authors/abc/",
        "/api/v1/authors/1.5/works/",
        "/api/v1/nothing/",
    ],
)
def test_unknown_or_malformed_ids_are_json_404(api_client, db, url):
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("page", ["-1", "0", "abc", "50"])
def test_bad_page_is_a_json_404(api_client, demo, page):
    response = api_client.get("/api/v1/authors/", {"page": page})
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_over_long_name_is_a_400_in_the_error_shape(api_client, db):
    response = api_client.get("/api/v1/authors/", {"name": "x" * 500})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "max_length"
    assert "name" in error["fields"]
    assert "200" in error["message"]


def test_list_is_paginated_with_a_capped_page_size(api_client, db):
    for i in range(3):
        refresh_author_stats(author=AuthorRecordFactory(display_name=f"Researcher {i}"))
    body = api_client.get("/api/v1/authors/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    body = api_client.get("/api/v1/authors/", {"page_size": 10_000}).json()
    assert len(body["results"]) == 3


def test_writes_to_the_read_api_are_refused(api_client, auth_api_client, seed_record):
    url = f"/api/v1/authors/{seed_record.pk}/"
    assert api_client.delete(url).status_code in (401, 403)
    assert auth_api_client.delete(url).status_code == 405


def test_works_with_a_format_suffix_answer_json(api_client, seed_record):
    response = api_client.get(f"/api/v1/authors/{seed_record.pk}/works.json")
    assert response.status_code == 200
    assert response.json()["results"]
