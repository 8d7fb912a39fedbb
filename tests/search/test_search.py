"""Ranked search (profiles/selectors/search.py) on the directory and in the API, on SQLite
and PostgreSQL alike: the same top results on the demo data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import AuthorTopic, Institution, Topic
from profiles.selectors.records import SearchFilters, author_list
from profiles.selectors.search import EXACT_ENOUGH, name_score
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db

SEED_QUERIES = ["lao chonlam", "Chon Lam Lao", "C. Lao", "chonlam", "chonlm lao", "Chón-Lam LAO"]


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_search_finds_the_seed_record_first(demo, query):
    hits = list(author_list(query=query))
    assert hits and hits[0].slug == "chonlam-lao"


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_api_q_finds_the_seed_record_first(demo, api_client, query):
    body = api_client.get("/api/v1/authors/", {"q": query}).json()
    assert body["results"][0]["slug"] == "chonlam-lao"
    assert body["count_capped"] is False


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_directory_q_finds_the_seed_record_first(demo, client, query):
    html = client.get("/researchers/", {"q": query}).content.decode()
    first = html.index('class="result"')
    assert html.index("ChonLam Lao", first) < min(
        (
            i
            for i in (html.find(n, first) for n in ("Hao Wang", "Maximilian", "Chaoyang"))
            if i >= 0
        ),
        default=len(html),
    )


def test_other_demo_names_and_a_miss(demo):
    assert [a.slug for a in author_list(query="wang hao")][:1] == ["hao-wang"]
    assert [a.slug for a in author_list(query="Max Lam")][:1] == ["maximilian-lam"]
    assert [a.slug for a in author_list(query="chaoyang")][:1] == ["chaoyang-he"]
    assert list(author_list(query="zzqx vbnm")) == []


def test_the_older_name_filter_keeps_working(demo, api_client):
    body = api_client.get("/api/v1/authors/", {"name": "lao"}).json()
    assert [r["slug"] for r in body["results"]] == ["chonlam-lao"]


def test_affiliation_and_topic_find_records_below_name_matches(demo):
    hkust = demo["hao-wang"].affiliation
    assert hkust is not None
    slugs = [a.slug for a in author_list(query=hkust.name)]
    assert slugs[:1] == ["hao-wang"]


def _homonym(name, *, works, institution, topic):
    author = AuthorRecordFactory(display_name=name, affiliation=institution)
    for _ in range(works):
        AuthorshipFactory(author=author, position=1)
    AuthorTopic.objects.create(
        author=author, topic=topic, works_count=works, imported_works_count=works
    )
    return refresh_author_stats(author=author)


def test_homonyms_rank_by_works_and_are_told_apart(api_client):
    mit = Institution.objects.create(name="Massachusetts Institute of Technology")
    ethz = Institution.objects.create(name="ETH Zürich")
    nets = Topic.objects.create(name="Computer networks")
    bio = Topic.objects.create(name="Protein folding")
    few = _homonym("Hao Wang", works=1, institution=mit, topic=bio)
    many = _homonym("Hao Wang", works=3, institution=ethz, topic=nets)
    body = api_client.get("/api/v1/authors/", {"q": "Wang, Hao"}).json()
    ids = [r["id"] for r in body["results"]]
    assert ids[:2] == [many.pk, few.pk]
    first, second = body["results"][:2]
    assert first["affiliation"]["name"] == "ETH Zürich" and first["top_topics"] == [nets.name]
    assert second["top_topics"] == [bio.name] and second["recent_work"]
    assert "coauthors_count" in first
    # Filters narrow the ranked search.
    only = api_client.get("/api/v1/authors/", {"q": "hao wang", "institution": mit.pk}).json()
    assert [r["id"] for r in only["results"]] == [few.pk]
    by_topic = api_client.get("/api/v1/authors/", {"q": "hao wang", "topic": nets.pk}).json()
    assert [r["id"] for r in by_topic["results"]] == [many.pk]
    assert api_client.get("/api/v1/authors/", {"level": 2}).json()["count"] == 0
    assert author_list(filters=SearchFilters(claimed=False, open_to_collaborate=True)).count() >= 0


def test_pages_of_a_search_have_a_stable_order_and_a_capped_count(api_client, settings):
    for _ in range(7):
        refresh_author_stats(author=AuthorRecordFactory(display_name="Hao Wang"))
    seen = []
    for page in (1, 2, 3):
        body = api_client.get("/api/v1/authors/", {"q": "hao wang", "page_size": 3, "page": page})
        seen += [r["id"] for r in body.json()["results"]]
    assert len(seen) == 7 == len(set(seen))
    assert seen == sorted(seen)  # same score, same works and level: by id


def test_search_queries_do_not_grow_with_the_page(api_client):
    def count(n):
        for _ in range(n):
            slot = AuthorshipFactory(author=AuthorRecordFactory(display_name="Ada Byron"))
            refresh_author_stats(author=slot.author)
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get("/api/v1/authors/", {"q": "ada byron"}).status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(6)


def test_name_score_is_order_and_initials_tolerant():
    text = "chonlam lao | chonlamlao"
    assert name_score("lao chonlam", text) == 100
    assert name_score("c lao", text) >= 70
    assert name_score("hao wang", text) < 60
    assert name_score("chon lam", "maximilian lam | maximilianlam") < 60


@pytest.mark.postgres
def test_postgres_narrows_candidates_with_the_trigram_indexes(demo):
    with CaptureQueriesContext(connection) as ctx:
        hits = list(author_list(query="chonlm lao"))
    assert hits[0].slug == "chonlam-lao"
    # The names gave less than a page: the affiliations and topics were read too.
    scans = [q["sql"] for q in ctx.captured_queries if "%>" in q["sql"]]
    assert len(scans) == 2 and all("LIMIT 1000" in sql for sql in scans)
    plan = ""
    with connection.cursor() as cursor:
        # A table of four rows is read whole whatever the indexes; at scale the planner
        # picks the bitmap scans by itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for sql in scans:
            cursor.execute("EXPLAIN " + sql)
            plan += "\n".join(row[0] for row in cursor.fetchall())
    assert "profiles_author_search_text_trgm" in plan
    assert "profiles_author_search_context_trgm" in plan


@pytest.mark.postgres
def test_a_name_held_by_a_page_of_records_is_read_by_its_index_without_a_trigram_scan():
    inst = Institution.objects.create(name="Somewhere")
    topic = Topic.objects.create(name="Things")
    holders = [
        _homonym("Hao Wang", works=i % 4, institution=inst, topic=topic)
        for i in range(EXACT_ENOUGH + 2)
    ]
    near = _homonym("Hao Wangg", works=9, institution=inst, topic=topic)
    expected = sorted(holders, key=lambda a: (-a.works_count, a.pk))
    for query in ("Hao Wang", "wang hao", "HAO WÄNG"):
        with CaptureQueriesContext(connection) as ctx:
            hits = list(author_list(query=query))
        assert [h.pk for h in hits] == [a.pk for a in expected]
        assert near.pk not in {h.pk for h in hits}
        assert not any("%>" in q["sql"] for q in ctx.captured_queries)
    # An initial and the family name, held by a page of records: read by index too.
    for query in ("H. Wang", "wang h"):
        with CaptureQueriesContext(connection) as ctx:
            hits = list(author_list(query=query))
        assert [h.pk for h in hits][: len(expected)] == [a.pk for a in expected]
        assert not any("%>" in q["sql"] for q in ctx.captured_queries)
    assert near.pk not in {h.pk for h in author_list(query="H. Wang")}
    # A typo goes through the names' trigram index; with a page of candidates from it, the
    # affiliations' and topics' index is not read.
    with CaptureQueriesContext(connection) as ctx:
        hits = list(author_list(query="Hao Wagn"))
    assert {h.pk for h in hits} >= {a.pk for a in holders}
    assert sum("%>" in q["sql"] for q in ctx.captured_queries) == 1
    # A name held by fewer records goes through the trigram candidates (typos included).
    assert [h.pk for h in author_list(query="Hao Wangg")][0] == near.pk


def test_the_migration_fills_the_context_of_existing_records():
    from importlib import import_module

    from django.apps import apps

    from profiles.models import AuthorRecord

    migration = import_module("profiles.migrations.0002_search")
    inst = Institution.objects.create(name="Ünïversity of Somewhere", alternative_names=["UoS"])
    topic = Topic.objects.create(name="Graph Theory")
    author = _homonym("Some One", works=1, institution=inst, topic=topic)
    AuthorRecord.objects.filter(pk=author.pk).update(search_context="")
    migration.fill_search_context(apps, None)
    author.refresh_from_db()
    assert author.search_context == "university of somewhere | uos | graph theory"
    if connection.vendor != "postgresql":  # the PostgreSQL steps are no-ops elsewhere
        editor = type("Editor", (), {"connection": connection})()
        migration.create_trigram_indexes(apps, editor)
        migration.drop_trigram_indexes(apps, editor)


def test_each_hit_shows_its_top_three_topics_and_newest_visible_work():
    from profiles.selectors.search import attach_hit_details

    author = AuthorRecordFactory(display_name="Topical Person")
    for i, name in enumerate(["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]):
        topic = Topic.objects.create(name=name)
        AuthorTopic.objects.create(author=author, topic=topic, works_count=10 - i)
    AuthorshipFactory(author=author, position=1, work__title="Older", work__year=2001)
    AuthorshipFactory(
        author=author, position=1, work__title="Hidden", work__year=2030, is_hidden=True
    )
    AuthorshipFactory(author=author, position=1, work__title="Newest", work__year=2020)
    [hit] = attach_hit_details([author])
    assert [name for _, name in hit.hit_topics] == ["Alpha", "Beta", "Gamma"]
    assert hit.hit_recent_work == "Newest"
