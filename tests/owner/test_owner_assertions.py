"""What an owner asserts is not evidence: a name another record holds (however it is
spelled) is refused and takes nobody's slots; works typed in do not buy trust until a known
source confirms them; a malformed DOI or arXiv id is a field error; a work already listed by
a near-identical title is joined, never duplicated, or refused with a reason."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from profiles.choices import RecordSource
from profiles.models import AuthorRecord, NameVariant, Work
from profiles.services import claims as svc
from profiles.services import owner as owner_services
from tests.factories import AuthorshipFactory, UserFactory, WorkFactory, claimant, lao_cv

pytestmark = pytest.mark.django_db

# "Hao Wang" with Cyrillic Н, а and о: looks the same, and anyascii alone reads Н as N.
CYRILLIC_HAO_WANG = "\u041d\u0430\u043e W\u0430ng"


@pytest.fixture
def owner(seed_record):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    return user


def _names(record) -> set[str]:
    return set(NameVariant.objects.filter(author=record).values_list("name", flat=True))


# --- (a) names another record holds


@pytest.mark.parametrize("name", ["Hao Wang", "WANG Hao", "Wang, Hao", CYRILLIC_HAO_WANG])
def test_a_name_another_record_holds_is_refused_on_the_page(client, seed_record, owner, name):
    client.force_login(owner)
    before = _names(seed_record)
    response = client.post(
        "/dashboard/profile/",
        {"headline": "", "bio": "", "links": "", "public_names": name, "private_names": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "is the name of another researcher" in html
    assert "Hao Wang" in html  # which record holds it
    assert _names(seed_record) == before


def test_a_name_another_record_holds_is_refused_through_the_api(seed_record, owner):
    api = APIClient()
    api.force_authenticate(owner)
    for field in ("name_variants", "private_names"):
        response = api.patch(
            f"/api/v1/authors/{seed_record.pk}/", {field: [CYRILLIC_HAO_WANG]}, format="json"
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "name_taken"
        assert field in error["fields"]
    assert CYRILLIC_HAO_WANG not in _names(seed_record)


def test_a_refused_name_takes_no_slots_and_makes_no_coauthor(demo, seed_record, owner):
    hao = demo["hao-wang"]
    hao_owner = claimant(name="Hao Wang")
    svc.claim_approve(
        claim=svc.claim_submit(claimant=hao_owner, author=hao, cv_text="Hao Wang"),
        moderator=UserFactory(is_staff=True),
    )
    # A paper printing Hao Wang whose slot no record holds yet.
    work = WorkFactory(doi="10.1000/hao.only", author_list_complete=True)
    AuthorshipFactory(work=work, position=1, raw_name="Hao Wang", author=None)
    with pytest.raises(svc.ClaimError) as exc:
        owner_services.profile_update(author=seed_record, user=owner, public_names=["Hao Wang"])
    assert exc.value.code == "name_taken"
    with pytest.raises(svc.ClaimError) as exc:
        owner_services.work_add_by_owner(
            author=seed_record, user=owner, title="x", doi="10.1000/hao.only"
        )
    assert exc.value.code == "not_an_author"
    assert work.authorships.get().author is None
    # Hao Wang's owner is a co-author of the seed record only through the work they share.
    shared = Work.objects.filter(authorships__author=hao).filter(authorships__author=seed_record)
    assert list(shared.values_list("title", flat=True)) == [
        "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"
    ]


def test_a_stored_name_another_record_holds_no_longer_takes_slots(demo, seed_record, owner):
    """A variant stored before the rule (or by an import) is not used to link slots."""
    NameVariant.objects.create(author=seed_record, name="Hao Wang", source=RecordSource.OWNER)
    work = WorkFactory(doi="10.1000/hao.two", author_list_complete=True)
    AuthorshipFactory(work=work, position=1, raw_name="Hao Wang", author=None)
    with pytest.raises(svc.ClaimError):
        owner_services.work_add_by_owner(
            author=seed_record, user=owner, title="x", doi="10.1000/hao.two"
        )
    assert work.authorships.get().author is None


def test_a_free_name_is_still_accepted(seed_record, owner):
    owner_services.profile_update(
        author=seed_record, user=owner, public_names=["C. L. Lao", "Lao ChonLam"]
    )
    assert {"C. L. Lao", "Lao ChonLam"} <= _names(seed_record)


# --- (b) typed-in works buy no trust


def test_ten_typed_in_works_do_not_change_the_trust_score(seed_record, owner):
    seed_record.refresh_from_db()
    before = seed_record.trust_score
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    for word in words:
        owner_services.work_add_by_owner(
            author=seed_record, user=owner, title=f"Made-up {word} networking paper", year=2024
        )
    seed_record.refresh_from_db()
    assert seed_record.works_count == 12
    assert seed_record.trust_score == before
    (works_term,) = [t for t in seed_record.trust_breakdown if "Published works" in t["label"]]
    assert "2 confirmed by a known source count; 10 typed in by the owner" in works_term["label"]
    assert works_term["points"] == 4


def test_a_typed_in_work_counts_once_a_known_source_confirms_it(seed_record, owner):
    from profiles.services.records import refresh_author_stats

    work = owner_services.work_add_by_owner(
        author=seed_record, user=owner, title="A real paper the importer missed", year=2024
    )
    assert work.source == RecordSource.OWNER
    # A moderator sets its source in the admin (WorkAdmin refreshes the records' trust).
    Work.objects.filter(pk=work.pk).update(source=RecordSource.MODERATOR)
    refresh_author_stats(author=AuthorRecord.objects.get(pk=seed_record.pk))
    seed_record.refresh_from_db()
    (works_term,) = [t for t in seed_record.trust_breakdown if "Published works" in t["label"]]
    assert works_term["points"] == 6
    assert "typed in" not in works_term["label"]


# --- (c) identifiers and duplicates


@pytest.mark.parametrize(
    ("field", "value"), [("doi", "not-a-doi"), ("doi", "10.1000"), ("arxiv_id", "12345")]
)
def test_a_malformed_identifier_is_a_field_error(client, seed_record, owner, field, value):
    client.force_login(owner)
    response = client.post(
        "/dashboard/profile/works/", {"add": "1", "title": "Some paper", field: value}
    )
    assert response.status_code == 400
    assert "This is not a" in response.content.decode()
    assert not Work.objects.filter(title="Some paper").exists()
    api = APIClient()
    api.force_authenticate(owner)
    answer = api.post("/api/v1/me/works/", {"title": "Some paper", field: value}, format="json")
    assert answer.status_code == 400
    assert field in answer.json()["error"]["fields"]
    assert not Work.objects.filter(title="Some paper").exists()


def test_a_near_identical_title_joins_the_listed_work_at_the_owners_free_slot(seed_record, owner):
    work = WorkFactory(title="Scheduling Memory in Programmable Switches", year=2023)
    AuthorshipFactory(work=work, position=1, raw_name="Yuxuan Qin", author=None)
    AuthorshipFactory(work=work, position=2, raw_name="C. Lao", author=None)
    count = Work.objects.count()
    joined = owner_services.work_add_by_owner(
        author=seed_record,
        user=owner,
        title="Scheduling memory in programmable switches.",
        year=2023,
    )
    assert joined == work
    assert Work.objects.count() == count
    assert work.authorships.get(position=2).author == seed_record


def test_a_near_identical_title_without_the_owners_name_is_refused_with_a_reason(
    client, seed_record, owner
):
    work = WorkFactory(title="Scheduling Memory in Programmable Switches", year=2023)
    AuthorshipFactory(work=work, position=1, raw_name="Yuxuan Qin", author=None)
    count = Work.objects.count()
    client.force_login(owner)
    response = client.post(
        "/dashboard/profile/works/",
        {"add": "1", "title": "Scheduling memory in programmable switches", "year": "2023"},
    )
    assert response.status_code == 400
    assert "already listed" in response.content.decode()
    assert Work.objects.count() == count
    assert not work.authorships.filter(author=seed_record).exists()


def test_the_same_title_in_another_year_is_another_work(seed_record, owner):
    WorkFactory(title="Scheduling Memory in Programmable Switches", year=2019)
    added = owner_services.work_add_by_owner(
        author=seed_record,
        user=owner,
        title="Scheduling Memory in Programmable Switches",
        year=2023,
    )
    assert added.year == 2023 and added.source == RecordSource.OWNER


def test_numbered_parts_are_different_works(seed_record, owner):
    WorkFactory(title="Measuring congestion in large datacenter networks, part 1", year=2023)
    added = owner_services.work_add_by_owner(
        author=seed_record,
        user=owner,
        title="Measuring congestion in large datacenter networks, part 2",
        year=2023,
    )
    assert added.source == RecordSource.OWNER
