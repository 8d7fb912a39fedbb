"""The public pages, as a visitor and a signed-in person see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


def test_seed_page_shows_every_section_in_the_seed_order(client, seed_record):
    response = client.get("/researchers/chonlam-lao/")
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index("<main") :]
    in_order = [
        "Researcher profile",
        "ChonLam Lao",
        "ChonLam Lao contributes to research discovery and scholarly infrastructure.",
        "Affiliation not imported",
        "Open to collaborate",
        "Trust snapshot",
        "Quick read",
        "Trust 13 - Unverified",
        "Verification L1",
        "Unclaimed author",
        "Decide how to stay connected",
        "Follow researcher",
        "Identity and collaboration",
        "Log in to claim",
        "Direct collaboration",
        "Claim this author entity first to unlock direct invitations.",
        "Research graph",
        "See the researcher in context",
        "Published work",
        "2 published items",
        "A Few GPUs, A Whole Lotta Scale",
        "Large language model (LLM) training today runs on clusters",
        "Efficient Data-Plane Memory Scheduling for In-Network Aggregation",
        "As the scale of distributed training grows, communication becomes a bottleneck.",
    ]
    cursor = 0
    for text in in_order:
        found = html.find(text, cursor)
        assert found >= 0, f"{text!r} missing or out of order"
        cursor = found + len(text)


def test_seed_page_counters(client, seed_record):
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert "<strong>2</strong>works" in html
    assert '<strong id="followers-count">0</strong>followers' in html


def test_signed_in_visitor_no_longer_sees_log_in_to_claim(client, seed_record, user):
    client.force_login(user)
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert "Log in to claim" not in html
    assert "Log out" in html


def test_unknown_record_is_a_404_page(client, db):
    response = client.get("/researchers/nobody-here/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "9999"])
def test_bad_page_numbers_are_404_not_500(client, seed_record, page):
    assert client.get(f"/researchers/?page={page}").status_code == 404
    assert client.get(f"/researchers/chonlam-lao/?page={page}").status_code == 404


def test_over_long_search_says_what_is_wrong_next_to_the_field(client, db):
    response = client.get("/researchers/", {"q": "x" * 500})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "at most 200 characters" in html


@pytest.mark.parametrize("query", ["lao", "LAO", "chon lam", "ChonLam", "lao chonlam"])
def test_directory_search_ignores_case_order_and_spacing(client, demo, query):
    html = client.get("/researchers/", {"q": query}).content.decode()
    assert "ChonLam Lao" in html
    assert "Maximilian Lam" not in html


def test_directory_search_ignores_accents(client, db):
    author = AuthorRecordFactory(display_name="José Müller")
    refresh_author_stats(author=author)
    assert "José Müller" in client.get("/researchers/", {"q": "jose muller"}).content.decode()


def test_directory_paginates_and_keeps_the_search(client, db):
    for i in range(25):
        refresh_author_stats(author=AuthorRecordFactory(display_name=f"Ada Tester {i:02d}"))
    first = client.get("/researchers/", {"q": "tester"}).content.decode()
    assert "Page 1 of 2" in first and "?q=tester&amp;page=2" in first
    second = client.get("/researchers/", {"q": "tester", "page": 2}).content.decode()
    assert second.count('class="result"') == 5


def test_data_is_escaped_everywhere(client, db):
    evil = '<script>alert("x")</script>'
    author = AuthorRecordFactory(display_name=evil, headline=evil)
    AuthorshipFactory(author=author, raw_name=evil, work__title=evil, work__abstract=evil)
    refresh_author_stats(author=author)
    for url in [author.get_absolute_url(), reverse("profiles:directory")]:
        html = client.get(url).content.decode()
        assert evil not in html
        assert "&lt;script&gt;" in html


def test_home_links_to_the_demo_researchers(client, demo):
    html = client.get("/").content.decode()
    for slug in ["chonlam-lao", "hao-wang", "maximilian-lam", "chaoyang-he"]:
        assert f'href="/researchers/{slug}/"' in html


def test_page_has_landmarks_and_a_skip_link(client, seed_record):
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert '<main id="main"' in html and 'href="#main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'lang="en"' in html


def test_the_works_list_is_kept_between_views_and_follows_the_records_changes(client):
    author = AuthorRecordFactory(display_name="Cached Person")
    AuthorshipFactory(author=author, position=1, work__title="First work")
    author = refresh_author_stats(author=author)
    url = reverse("profiles:detail", kwargs={"slug": author.slug})
    with CaptureQueriesContext(connection) as cold:
        assert "First work" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert "First work" in client.get(url).content.decode()
    assert len(warm.captured_queries) < len(cold.captured_queries)  # the list is not read again
    AuthorshipFactory(author=author, position=1, work__title="Second work")
    refresh_author_stats(author=author)  # as every change of a record's works does
    html = client.get(url).content.decode()
    assert "First work" in html and "Second work" in html
