"""A merged record's old addresses answer 301 to the survivor (web pages and API, chains
included), it leaves the directory, search and API lists, re-imports land on the survivor,
and the survivor's page costs no query more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.importers import openalex
from profiles.models import AuthorRecord
from profiles.services.imports.authors import import_openalex_author
from profiles.services.moderation import merge_records
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(moderator):
    source = AuthorRecordFactory(display_name="Ada Byron", slug="ada-byron")
    target = AuthorRecordFactory(display_name="Ada Lovelace", slug="ada-lovelace")
    AuthorshipFactory(author=source)
    AuthorshipFactory(author=target)
    merge_records(actor=moderator, source=source, target=target, reason="Same person.")
    return source, AuthorRecord.objects.get(pk=target.pk)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/researchers/ada-byron/", "/researchers/ada-lovelace/"),
        ("/researchers/ada-byron/graph/?hops=1", "/researchers/ada-lovelace/graph/?hops=1"),
        ("/researchers/ada-byron/followers/", "/researchers/ada-lovelace/followers/"),
    ],
)
def test_the_old_pages_answer_301_to_the_survivor(client, merged, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_the_old_api_id_answers_301_to_the_survivor(api_client, merged):
    source, target = merged
    for suffix in ("", "works/", "graph/", "history/", "followers/"):
        response = api_client.get(f"/api/v1/authors/{source.pk}/{suffix}")
        assert response.status_code == 301, suffix
        assert response["Location"] == f"/api/v1/authors/{target.pk}/{suffix}"
    assert api_client.get(response["Location"]).status_code == 200


def test_only_reads_are_redirected_and_unknown_records_stay_404(client, api_client, merged):
    source, _target = merged
    assert client.get("/researchers/nobody-at-all/").status_code == 404
    assert api_client.get("/api/v1/authors/999999/").status_code == 404
    assert api_client.patch(f"/api/v1/authors/{source.pk}/", {}, format="json").status_code in (
        401,
        403,
        404,
    )


def test_a_chain_of_merges_resolves_to_the_last_survivor(client, api_client, moderator, merged):
    source, middle = merged
    last = AuthorRecordFactory(slug="augusta-ada-king")
    merge_records(actor=moderator, source=middle, target=last, reason="Same person.")
    for old in ("/researchers/ada-byron/", "/researchers/ada-lovelace/"):
        assert client.get(old)["Location"] == "/researchers/augusta-ada-king/"
    response = api_client.get(f"/api/v1/authors/{source.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/api/v1/authors/{last.pk}/"


def test_the_merged_record_leaves_the_lists(client, api_client, merged):
    directory = client.get("/researchers/?q=ada").content.decode()
    assert "/researchers/ada-lovelace/" in directory and "/researchers/ada-byron/" not in directory
    names = [row["display_name"] for row in api_client.get("/api/v1/authors/").json()["results"]]
    assert names == ["Ada Lovelace"]
    # the old name is a variant of the survivor: searching by it finds the survivor
    found = api_client.get("/api/v1/authors/?q=byron").json()["results"]
    assert [row["display_name"] for row in found] == ["Ada Lovelace"]


def test_a_re_import_of_the_merged_author_lands_on_the_survivor(moderator):
    source = AuthorRecordFactory(display_name="A. Lovelace", openalex_id="A1")
    target = AuthorRecordFactory(display_name="Ada Lovelace", openalex_id="A2")
    merge_records(actor=moderator, source=source, target=target, reason="Same person.")
    record, _outcome = import_openalex_author(
        openalex.AuthorData(openalex_id="A1", display_name="Lovelace, A.")
    )
    assert record.pk == target.pk and AuthorRecord.objects.count() == 1
    record.refresh_from_db()
    assert record.display_name == "Ada Lovelace" and record.openalex_id == "A2"
    assert "Lovelace, A." in set(record.name_variants.values_list("name", flat=True))


def test_the_survivors_page_costs_what_any_page_costs(client, moderator):
    plain = refresh_author_stats(author=AuthorshipFactory().author)
    source, target = AuthorRecordFactory(), AuthorRecordFactory()
    AuthorshipFactory(author=source)
    AuthorshipFactory(author=target)
    survivor = merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(survivor.get_absolute_url()) == count(plain.get_absolute_url())


def test_a_work_imported_later_links_the_merged_authors_slot_to_the_survivor(moderator):
    from profiles.services.imports.works import import_openalex_work

    source = AuthorRecordFactory(display_name="A. Lovelace", openalex_id="A1")
    target = AuthorRecordFactory(display_name="Ada Lovelace", openalex_id="A2")
    merge_records(actor=moderator, source=source, target=target, reason="Same person.")
    work, _outcome = import_openalex_work(
        openalex.WorkData(
            openalex_id="W1",
            title="Sketch of the Analytical Engine",
            authorships=(
                openalex.AuthorshipData(
                    position=1, raw_name="A. Lovelace", author_openalex_id="A1"
                ),
                openalex.AuthorshipData(
                    position=2, raw_name="L. Menabrea", author_openalex_id="A9"
                ),
            ),
        )
    )
    slots = list(work.authorships.order_by("position").values_list("author_id", flat=True))
    assert slots == [target.pk, None]
