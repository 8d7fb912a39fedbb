"""The research graph: the slice (profiles/selectors/graph.py), its JSON, and the explorer
page's picture and lists, which show the same nodes and work with JavaScript off."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import AuthorTopic, Institution, Topic
from profiles.selectors.graph import MAX_COAUTHORS, MAX_WORKS, cached_graph, graph_slice
from profiles.selectors.records import close_collaborators
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


def test_seed_graph_page_shows_coauthors_and_works_as_picture_and_text(client, seed_record):
    response = client.get("/researchers/chonlam-lao/graph/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    lists = html[html.index('id="graph-lists"') :]
    data = client.get(f"/api/v1/authors/{seed_record.pk}/graph/").json()
    coauthors = [n for n in data["nodes"] if n["kind"] == "coauthor"]
    works = [n for n in data["nodes"] if n["kind"] == "work"]
    assert {n["label"] for n in coauthors} == {
        "Hao Wang", "Yuxuan Qin", "Yanfang Le", "Wenfei Wu", "Kai Chen",
    }  # fmt: skip
    assert len(works) == 2
    for node in coauthors + works:
        assert f'data-node="{node["id"]}"' in svg  # in the picture
        assert node["label"] in lists  # and in the text alternative
    # The picture draws every node and edge of the JSON at the JSON's positions.
    assert svg.count("<circle") == len(data["nodes"])
    assert svg.count("<line") == len(data["edges"])
    centre = data["nodes"][0]
    assert f'cx="{centre["x"]}" cy="{centre["y"]}"' in svg
    assert '<a href="/researchers/hao-wang/">Hao Wang</a>' in lists
    assert "<script" not in html[html.index("<main") :]


def test_the_profile_panel_links_to_the_explorer(client, seed_record):
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert 'href="/researchers/chonlam-lao/graph/">Open full explorer</a>' in html


def test_one_hop_and_the_api_agree(client, seed_record):
    page = client.get("/researchers/chonlam-lao/graph/?hops=1").content.decode()
    data = client.get(f"/api/v1/authors/{seed_record.pk}/graph/?hops=1").json()
    assert data["hops"] == 1 and "Co-authors of co-authors" not in page
    assert len(re.findall(r"<circle", page)) == len(data["nodes"])


def _prolific(works: int, coauthors_each: int):
    author = AuthorRecordFactory(display_name="Prolific Person")
    linked = [AuthorRecordFactory() for _ in range(3)]
    inst = Institution.objects.create(name="Institute of Things")
    author.affiliation = inst
    author.save()
    for i in range(works):
        slot = AuthorshipFactory(author=author, position=1, work__year=2000 + i % 20)
        slot.institutions.add(inst)
        for j in range(coauthors_each):
            AuthorshipFactory(work=slot.work, author=None, position=j + 2, raw_name=f"Name {i}-{j}")
        AuthorshipFactory(work=slot.work, author=linked[i % 3], position=coauthors_each + 2)
    topic = Topic.objects.create(name="Things")
    AuthorTopic.objects.create(author=author, topic=topic, imported_works_count=works)
    for other in linked:
        friend = AuthorRecordFactory()
        slot = AuthorshipFactory(author=other, position=1)
        AuthorshipFactory(work=slot.work, author=friend, position=2)
        refresh_author_stats(author=other)
    return refresh_author_stats(author=author)


def test_the_slice_is_capped_by_weight_and_has_two_hops():
    author = _prolific(works=12, coauthors_each=3)
    graph = graph_slice(author=author, hops=2)
    hop1 = graph.of_kind("coauthor", hop=1)
    assert len(hop1) <= MAX_COAUTHORS and hop1[0].weight == 4  # each linked one shares 4
    assert len(graph.of_kind("work")) == MAX_WORKS
    assert len(graph.of_kind("coauthor", hop=2)) == 3
    assert [n.label for n in graph.of_kind("institution")] == ["Institute of Things"]
    assert [n.label for n in graph.of_kind("topic")] == ["Things"]
    assert graph.totals["coauthors"] == 3 + 12 * 3


def test_graph_queries_do_not_grow_with_the_record(client):
    def count(author):
        with CaptureQueriesContext(connection) as ctx:
            graph_slice(author=author, hops=2)
        return len(ctx.captured_queries)

    assert count(_prolific(works=3, coauthors_each=1)) == count(
        _prolific(works=15, coauthors_each=4)
    )


def test_the_graph_is_cached_until_the_record_changes(django_assert_num_queries):
    author = _prolific(works=2, coauthors_each=1)
    first = cached_graph(author=author)
    with django_assert_num_queries(0):
        assert cached_graph(author=author) == first
    AuthorshipFactory(author=author, position=1, work__title="Fresh work", work__year=2100)
    author = refresh_author_stats(author=author)
    assert "Fresh work" in [n["label"] for n in cached_graph(author=author)["nodes"]]


def test_the_pages_coauthors_are_cached_until_the_record_changes(django_assert_num_queries):
    author = _prolific(works=2, coauthors_each=1)
    first = close_collaborators(author=author)
    with django_assert_num_queries(0):
        assert close_collaborators(author=author) == first
    slot = AuthorshipFactory(author=author, position=1, work__title="Fresh work")
    AuthorshipFactory(work=slot.work, author=None, position=2, raw_name="Newcomer Person")
    assert "Newcomer Person" not in [n.name for n in close_collaborators(author=author)]
    author = refresh_author_stats(author=author)
    assert "Newcomer Person" in [n.name for n in close_collaborators(author=author)]


def test_an_empty_record_has_a_graph_of_one_node(client):
    author = refresh_author_stats(author=AuthorRecordFactory())
    data = client.get(f"/api/v1/authors/{author.pk}/graph/").json()
    assert [n["kind"] for n in data["nodes"]] == ["author"] and data["edges"] == []
    html = client.get(f"/researchers/{author.slug}/graph/").content.decode()
    assert "No co-authors are known yet." in html
    assert client.get("/researchers/nobody-here/graph/").status_code == 404
