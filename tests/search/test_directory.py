"""The directory page's search: filters, what each hit shows, capped counts, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import AuthorTopic, Institution, Topic
from profiles.pagination import CappedPaginator
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


def _record(name, *, institution=None, topic=None, works=1, title="A work"):
    author = AuthorRecordFactory(display_name=name, affiliation=institution)
    for i in range(works):
        AuthorshipFactory(
            author=author, position=1, work__title=f"{title} {i}", work__year=2000 + i
        )
    if topic:
        AuthorTopic.objects.create(author=author, topic=topic, imported_works_count=works)
    return refresh_author_stats(author=author)


def test_each_hit_shows_what_tells_homonyms_apart(client):
    mit = Institution.objects.create(name="Massachusetts Institute of Technology")
    bio = Topic.objects.create(name="Protein folding")
    _record("Hao Wang", institution=mit, topic=bio, works=2, title="Folding proteins")
    _record("Hao Wang", title="Network transport")
    html = client.get("/researchers/", {"q": "hao wang"}).content.decode()
    assert html.count('class="result"') == 2
    assert "Massachusetts Institute of Technology" in html and "Protein folding" in html
    assert "Recent work:" in html and "Folding proteins 1" in html and "Network transport 0" in html
    assert f"?institution={mit.pk}" in html and f"?topic={bio.pk}" in html
    assert "co-author" in html


def test_directory_filters(client, demo):
    hkust = demo["hao-wang"].affiliation
    html = client.get("/researchers/", {"institution": hkust.pk}).content.decode()
    assert "Hao Wang" in html and "ChonLam Lao" not in html and f"At {hkust.name}" in html
    html = client.get("/researchers/", {"claimed": "yes"}).content.decode()
    assert "0 researchers" in html
    html = client.get("/researchers/", {"level": "1", "q": "lao"}).content.decode()
    assert "ChonLam Lao" in html
    assert client.get("/researchers/", {"level": "9"}).status_code == 400


def test_a_topic_filter_names_the_topic(client):
    nets = Topic.objects.create(name="Computer networks")
    _record("Kai Chen", topic=nets)
    _record("Kai Chen")
    html = client.get("/researchers/", {"topic": nets.pk, "q": "kai chen"}).content.decode()
    assert html.count('class="result"') == 1 and "Topic: Computer networks" in html


def test_counts_stop_at_the_cap(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for _ in range(5):
        _record("Ada Tester")
    html = client.get("/researchers/", {"q": "ada tester"}).content.decode()
    assert "More than 3 researchers match" in html


def test_directory_search_queries_do_not_grow(client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/researchers/", {"q": "ada tester"}).status_code == 200
        return len(ctx.captured_queries)

    topic = Topic.objects.create(name="Topic")
    _record("Ada Tester", topic=topic)
    small = count()
    for _ in range(6):
        _record("Ada Tester", topic=topic, works=3)
    assert count() == small
