"""Importing real OpenAlex and ORCID records (tests/data/samples, see its README): what a
visitor then sees on the record's page and in the API, idempotence, claimed-record rules and
per-record failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from profiles.choices import WorkType
from profiles.importers import ImportRecordError, openalex, orcid
from profiles.models import (
    AuthorRecord,
    Authorship,
    Institution,
    InstitutionDomain,
    NameVariant,
    ProfileEvent,
    Topic,
    Work,
)
from profiles.services import imports
from profiles.services.owner import profile_update
from tests.factories import UserFactory

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
AUTHOR = "A5023888391"
WORK = "W2741809807"
PRINTED_AUTHORS = [
    "Heather Piwowar",
    "Jason Priem",
    "Vincent Larivière",
    "Juan Pablo Alperin",
    "Lisa Matthias",
    "Bree Norlander",
    "Ashley Farley",
    "Jevin West",
    "Stefanie Haustein",
]


def sample(name: str) -> dict:
    path = SAMPLES / ("orcid" if name.startswith("record") else "openalex") / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def import_all_openalex() -> imports.ImportReport:
    objects = [sample(n) for n in ("I27837315", "T11636", AUTHOR, WORK)]
    return imports.run_batch(
        [(f"obj{i}", o) for i, o in enumerate(objects)], imports.import_openalex_object
    )


def current_orcid_record() -> dict:
    """The ORCID sample with its one employment made current (no end date)."""
    record = sample("record-full-3.0")
    groups = record["activities-summary"]["employments"]["affiliation-group"]
    groups[0]["summaries"][0]["employment-summary"]["end-date"] = None
    return record


def snapshot() -> dict:
    """Everything an import writes, to compare before and after a second run."""
    return {
        "records": list(AuthorRecord.objects.order_by("pk").values()),
        "variants": list(NameVariant.objects.order_by("pk").values()),
        "works": list(Work.objects.order_by("pk").values()),
        "slots": list(Authorship.objects.order_by("pk").values()),
        "institutions": list(Institution.objects.order_by("pk").values()),
        "domains": list(InstitutionDomain.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "events": ProfileEvent.objects.count(),
    }


# ----------------------------------------------------------------- parsers (pure)


def test_kind_comes_from_the_id():
    assert openalex.kind_of(sample(AUTHOR)) == "author"
    assert openalex.kind_of(sample(WORK)) == "work"
    assert openalex.kind_of({"id": "I27837315"}) == "institution"
    assert openalex.kind_of({"id": "https://openalex.org/T11636"}) == "topic"
    with pytest.raises(ImportRecordError, match="not imported"):
        openalex.kind_of({"id": "https://openalex.org/S1983995261"})
    with pytest.raises(ImportRecordError, match="no OpenAlex id"):
        openalex.kind_of({"display_name": "x"})


def test_work_parser_rebuilds_abstract_and_keeps_printed_names():
    data = openalex.parse_work(sample(WORK))
    assert data.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly")
    assert "we dub Bronze" in data.abstract
    assert [a.raw_name for a in data.authorships] == PRINTED_AUTHORS
    # The printed name, not OpenAlex's display name ("Jevin D. West").
    assert data.authorships[7].author_display_name == "Jevin D. West"
    assert data.doi == "10.7717/peerj.4375"


def test_parsers_tolerate_nulls_and_missing_keys():
    work = sample(WORK)
    work.update(primary_location=None, abstract_inverted_index=None, topics=None, type="x-new")
    del work["authorships"][0]["institutions"]
    data = openalex.parse_work(work)
    assert (data.venue, data.abstract, data.topics, data.work_type) == ("", "", (), WorkType.OTHER)
    author = sample(AUTHOR)
    author.update(last_known_institutions=None, affiliations=None, orcid=None, ids=None)
    assert openalex.parse_author(author).orcid == ""


def test_malformed_records_raise_a_clear_error():
    with pytest.raises(ImportRecordError, match="W2741809807: the work has no title"):
        openalex.parse_work({**sample(WORK), "title": None, "display_name": ""})
    with pytest.raises(ImportRecordError, match="'display_name' is missing"):
        openalex.parse_author({"id": "A1", "display_name": None})
    with pytest.raises(ImportRecordError, match="no valid ORCID iD"):
        orcid.parse_record({"orcid-identifier": {"path": "0000-0000-0000-0000"}})


def test_orcid_parser_reads_public_items_only():
    record = sample("record-full-3.0")
    names = record["person"]["other-names"]["other-name"]
    names[0]["visibility"] = "limited"  # "Other Name" is also listed publicly once more
    names[3]["visibility"] = "private"  # dreamofaredbird
    data = orcid.parse_record(record)
    assert data.orcid == "0000-0002-7319-2192"
    assert data.display_name == "Three releasecandidate1"
    assert "dreamofaredbird" not in data.other_names
    assert "Other Name" in data.other_names
    assert [(w.title, w.doi, w.year) for w in data.works] == [
        ("Work Title", "10.1087/20120404", 2012)
    ]
    assert data.current_employment is None  # the sample's only employment ended in 1948


# ----------------------------------------------------------------- OpenAlex import


@pytest.mark.django_db
def test_imported_author_page_shows_name_variants_affiliation_orcid_topics(client, api_client):
    report = import_all_openalex()
    assert report.errors == [] and report.created == 4
    record = AuthorRecord.objects.get(openalex_id=AUTHOR)
    body = api_client.get(f"/api/v1/authors/{record.pk}/").json()
    assert body["display_name"] == "Jason Priem"
    assert body["name_variants"] == ["Priem Jason"]
    assert body["affiliation"]["name"] == "OurResearch"
    assert body["orcid"] == "0000-0001-6187-6610"
    topics = [t["name"] for t in body["topics"]]
    assert topics[0] == "scientometrics and bibliometrics research"
    assert body["topics"][0]["works_count"] == 23
    assert body["counts"]["topics"] == 25
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Jason Priem" in page and "OurResearch" in page and "0000-0001-6187-6610" in page
    assert "Priem Jason" in page


@pytest.mark.django_db
def test_imported_work_shows_title_year_venue_type_abstract_and_authors_in_order(api_client):
    import_all_openalex()
    record = AuthorRecord.objects.get(openalex_id=AUTHOR)
    body = api_client.get(f"/api/v1/authors/{record.pk}/works/").json()
    assert body["count"] == 1
    work = body["results"][0]
    assert work["title"].startswith("The state of OA: a large-scale analysis")
    assert (work["year"], work["venue"], work["work_type"]) == (2018, "PeerJ", "article")
    assert "oaDOI" in work["abstract"] and "Bronze" in work["abstract"]
    assert [a["name"] for a in work["authors"]] == PRINTED_AUTHORS
    stored = Work.objects.get(openalex_id=WORK)
    assert stored.doi == "10.7717/peerj.4375"
    assert stored.topics.filter(name="scientometrics and bibliometrics research").exists()
    slot = stored.authorships.get(position=3)
    assert set(slot.institutions.values_list("name", flat=True)) == {
        "Université de Montréal",
        "Université du Québec à Montréal",
    }


@pytest.mark.django_db
def test_institution_and_topic_objects_are_imported():
    import_all_openalex()
    umich = Institution.objects.get(openalex_id="I27837315")
    assert (umich.name, umich.ror, umich.country_code) == (
        "University of Michigan",
        "00jmfr291",
        "US",
    )
    assert "UMich" in umich.alternative_names
    # www.umich.edu is under .edu, so the domain is the university's own.
    assert list(umich.domains.values_list("domain", flat=True)) == ["umich.edu"]
    topic = Topic.objects.get(openalex_id="T11636")
    assert (topic.subfield, topic.field, topic.domain) == (
        "Health Informatics",
        "Medicine",
        "Health Sciences",
    )


@pytest.mark.parametrize(
    "url,domain",
    [
        ("https://www.umich.edu", "umich.edu"),
        ("http://www.cs.ox.ac.uk/", "ox.ac.uk"),
        ("https://www.unimelb.edu.au", "unimelb.edu.au"),
        ("https://www.ourresearch.org", ""),
        ("https://sites.google.com/view/lab", ""),
        ("", ""),
    ],
)
def test_email_domains_come_only_from_academic_homepages(url, domain):
    assert imports.email_domain_for(url) == domain


@pytest.mark.django_db
def test_work_imported_before_its_author_links_when_the_author_arrives():
    imports.import_openalex_object(sample(WORK))
    slot = Authorship.objects.get(position=2)
    assert slot.author is None
    imports.import_openalex_object(sample(AUTHOR))
    slot.refresh_from_db()
    assert slot.author.openalex_id == AUTHOR
    assert slot.author.works_count == 1


@pytest.mark.django_db
def test_importing_the_same_records_twice_changes_nothing():
    import_all_openalex()
    imports.run_batch([("r", current_orcid_record())], imports.import_orcid_object)
    before = snapshot()
    again = import_all_openalex()
    orcid_again = imports.run_batch([("r", current_orcid_record())], imports.import_orcid_object)
    assert (again.unchanged, again.created, again.updated) == (4, 0, 0)
    assert orcid_again.unchanged == 1
    assert snapshot() == before


@pytest.mark.django_db
def test_a_hidden_work_stays_hidden_after_reimport():
    import_all_openalex()
    Authorship.objects.filter(position=2).update(is_hidden=True)
    changed = sample(WORK)
    changed["publication_year"] = 2019
    imports.import_openalex_object(changed)
    assert Authorship.objects.get(position=2).is_hidden
    assert Work.objects.get().year == 2019


@pytest.mark.django_db
def test_record_is_matched_by_orcid_when_openalex_id_is_new():
    import_all_openalex()
    moved = sample(AUTHOR)
    moved["id"] = "https://openalex.org/A999"
    imports.import_openalex_object(moved)
    assert AuthorRecord.objects.filter(orcid="0000-0001-6187-6610").count() == 1
    # OpenAlex re-assigned the author's id: the unclaimed record follows it, no twin appears.
    assert AuthorRecord.objects.get(orcid="0000-0001-6187-6610").openalex_id == "A999"


@pytest.mark.django_db
def test_claimed_record_keeps_owner_edits_and_private_names():
    import_all_openalex()
    record = AuthorRecord.objects.get(openalex_id=AUTHOR)
    owner = UserFactory(verified=True)
    AuthorRecord.objects.filter(pk=record.pk).update(
        owner=owner, claimed_at=timezone.now(), verification_level=2, affiliation=None
    )
    record.refresh_from_db()
    profile_update(
        author=record,
        user=owner,
        headline="Open science infrastructure",
        public_names=[],
        private_names=["Priem Jason"],
    )
    renamed = sample(AUTHOR)
    renamed["display_name"] = "J. Priem"
    renamed["display_name_alternatives"] = ["Priem Jason", "Jay Priem"]
    imports.import_openalex_object(renamed)
    imports.run_batch([("r", _orcid_for_priem())], imports.import_orcid_object)
    record.refresh_from_db()
    assert record.display_name == "Jason Priem"
    assert record.headline == "Open science infrastructure"
    # Empty fields are filled: the affiliation the owner had not set.
    assert record.affiliation.name == "OurResearch"
    variants = {v.name: v.is_private for v in record.name_variants.all()}
    assert variants == {"Priem Jason": True}


def _orcid_for_priem() -> dict:
    record = current_orcid_record()
    record["orcid-identifier"]["path"] = "0000-0001-6187-6610"
    return record


@pytest.mark.django_db
def test_unclaimed_record_follows_the_source_but_never_touches_private_names():
    import_all_openalex()
    record = AuthorRecord.objects.get(openalex_id=AUTHOR)
    NameVariant.objects.filter(author=record, name="Priem Jason").update(is_private=True)
    renamed = sample(AUTHOR)
    renamed["display_name"] = "Jason R. Priem"
    imports.import_openalex_object(renamed)
    record.refresh_from_db()
    assert record.display_name == "Jason R. Priem"
    variants = {v.name: v.is_private for v in record.name_variants.all()}
    assert variants == {"Priem Jason": True, "Jason Priem": False}


# ----------------------------------------------------------------- ORCID import


@pytest.mark.django_db
def test_orcid_record_becomes_a_record_with_affiliation_names_and_works(api_client):
    imports.run_batch([("r", current_orcid_record())], imports.import_orcid_object)
    record = AuthorRecord.objects.get(orcid="0000-0002-7319-2192")
    body = api_client.get(f"/api/v1/authors/{record.pk}/").json()
    assert body["display_name"] == "Three releasecandidate1"
    assert body["affiliation"]["name"] == "common:name"
    assert body["headline"] == "role-title, department-name"
    assert "dreamofaredbird" in body["name_variants"]
    works = api_client.get(f"/api/v1/authors/{record.pk}/works/").json()["results"]
    assert [(w["title"], w["year"], w["venue"]) for w in works] == [
        ("Work Title", 2012, "Jounral Title")
    ]
    assert Work.objects.get().doi == "10.1087/20120404"


@pytest.mark.django_db
def test_orcid_work_already_imported_keeps_its_author_list():
    import_all_openalex()
    record = _orcid_for_priem()
    group = record["activities-summary"]["works"]["group"][0]
    ext = group["work-summary"][0]["external-ids"]["external-id"][0]
    ext["external-id-value"] = "10.7717/PEERJ.4375"
    ext["external-id-normalized"] = None
    imports.run_batch([("r", record)], imports.import_orcid_object)
    work = Work.objects.get(openalex_id=WORK)
    assert [s.raw_name for s in work.authorships.all()] == PRINTED_AUTHORS
    assert Work.objects.count() == 1


# ----------------------------------------------------------------- batches


@pytest.mark.django_db
def test_a_bad_record_is_reported_and_the_rest_imported():
    bad_work = {**sample(WORK), "id": "https://openalex.org/W1", "doi": None, "title": None}
    bad_work["display_name"] = None
    items = [
        ("f:1", sample(AUTHOR)),
        ("f:2", bad_work),
        ("f:3", ImportRecordError("not valid JSON: Expecting value")),
        ("f:4", ["not", "an", "object"]),
        ("f:5", sample(WORK)),
    ]
    report = imports.run_batch(items, imports.import_openalex_object)
    assert report.created == 2
    assert [where for where, _ in report.errors] == ["f:2 (W1)", "f:3", "f:4"]
    assert "the work has no title" in report.errors[0][1]
    assert Work.objects.filter(openalex_id=WORK).exists()


@pytest.mark.django_db
def test_work_import_queries_do_not_grow_with_each_author(django_assert_max_num_queries):
    """A work with 9 authors, none of them known: the query count is bounded by institution
    and topic upserts, not one query per author and per record."""
    data = openalex.parse_work(sample(WORK))
    with django_assert_max_num_queries(120):
        imports.import_openalex_work(data)


@pytest.mark.django_db
def test_author_import_queries_do_not_grow_with_each_topic(django_assert_max_num_queries):
    """25 topics and 8 institutions: topics are written in bulk, so the count stays far below
    one round of queries per topic."""
    data = openalex.parse_author(sample(AUTHOR))
    assert len(data.topics) == 25
    with django_assert_max_num_queries(130):
        imports.import_openalex_author(data)
    with django_assert_max_num_queries(40):
        imports.import_openalex_author(data)
