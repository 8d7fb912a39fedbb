"""Identity proofs (profiles/evidence/proofs.py) and the ORCID public works reader
(profiles/evidence/orcid.py), read through profiles/selectors/evidence.py.

The ORCID public API is a remote server: it is mocked in these tests (`requests.get` is
replaced); the responses follow the real v3.0 format of ORCID's sample record, kept as
tests/data/samples/orcid/record-full-3.0.json."""

import json
from pathlib import Path
from unittest import mock

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from profiles.evidence import orcid
from profiles.evidence.proofs import INSTITUTIONAL_EMAIL, ORCID, domain_matches
from profiles.models import Authorship, Institution, InstitutionDomain, Work
from profiles.selectors.evidence import identity_proofs, missing_proof_suggestions
from tests.factories import AuthorRecordFactory, AuthorshipFactory

SAMPLE = Path(__file__).parent.parent / "data" / "samples" / "orcid" / "record-full-3.0.json"
VALID_ORCID = "0000-0002-1825-0097"
OTHER_ORCID = "0000-0001-5109-3700"
ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def _works_response(titles=(), dois=()):
    """An ORCID v3.0 works summary in the sample's shape, with the given works."""
    sample = json.loads(SAMPLE.read_text())
    group = sample["activities-summary"]["works"]["group"][0]
    groups = []
    for i, (title, doi) in enumerate(zip(titles, dois, strict=True)):
        item = json.loads(json.dumps(group))
        summary = item["work-summary"][0]
        summary["title"]["title"]["value"] = title
        summary["external-ids"]["external-id"][0]["external-id-value"] = doi
        summary["external-ids"]["external-id"][0]["external-id-normalized"]["value"] = doi
        summary["put-code"] = 1000 + i
        groups.append(item)
    return {"group": groups, "path": "/works"}


def _mock_get(payload=None, status=200, error=None):
    response = mock.Mock()
    response.status_code = status
    response.json.return_value = payload
    if status >= 400:
        response.raise_for_status.side_effect = requests.HTTPError(f"{status}")
    else:
        response.raise_for_status.return_value = None
    return mock.patch.object(
        orcid.requests, "get", side_effect=error, return_value=None if error else response
    )


@pytest.fixture
def seed_record(db):
    """A record like the seed one (built with factories: faster than the demo data), with
    the ICNP work; Harvard (harvard.edu) and HKUST (ust.hk) exist."""
    harvard = Institution.objects.create(name="Harvard University")
    InstitutionDomain.objects.create(institution=harvard, domain="harvard.edu")
    hkust = Institution.objects.create(name="Hong Kong University of Science and Technology")
    InstitutionDomain.objects.create(institution=hkust, domain="ust.hk")
    record = AuthorRecordFactory(display_name="ChonLam Lao", slug="chonlam-lao")
    AuthorshipFactory(author=record, raw_name="ChonLam Lao", position=3, work__title=ICNP_TITLE)
    return record


@pytest.fixture
def harvard_record(seed_record):
    seed_record.affiliation = Institution.objects.get(name="Harvard University")
    seed_record.save(update_fields=["affiliation"])
    return seed_record


# --------------------------------------------------------------------------- emails


def test_domain_matching_accepts_subdomains_only():
    assert domain_matches("lao@harvard.edu", ["harvard.edu"]) == "harvard.edu"
    assert domain_matches("lao@SEAS.Harvard.edu", ["harvard.edu"]) == "harvard.edu"
    assert domain_matches("lao@notharvard.edu", ["harvard.edu"]) == ""
    assert domain_matches("lao@harvard.edu.evil.com", ["harvard.edu"]) == ""
    assert domain_matches("not an email", ["harvard.edu"]) == ""


@pytest.mark.django_db
def test_a_verified_institutional_email_is_proof(harvard_record, user_factory):
    user = user_factory(email="lao@g.harvard.edu", verified=True)
    proofs = [p.as_dict() for p in identity_proofs(user, harvard_record)]
    assert proofs == [
        {
            "kind": INSTITUTIONAL_EMAIL,
            "detail": "Verified email lao@g.harvard.edu at harvard.edu.",
            "strength": "supporting",
        }
    ]


@pytest.mark.django_db
def test_an_unverified_institutional_email_is_not_proof(harvard_record, user_factory):
    user = user_factory(email="someone@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="lao@harvard.edu", verified=False)
    assert identity_proofs(user, harvard_record) == []
    assert "Verify lao@harvard.edu: open the link we emailed to it." in (
        missing_proof_suggestions(user, harvard_record)
    )


@pytest.mark.django_db
def test_an_email_at_another_institution_is_not_proof(harvard_record, user_factory):
    user = user_factory(email="hwangdv@connect.ust.hk", verified=True)
    assert identity_proofs(user, harvard_record) == []
    assert "Add and verify an email at harvard.edu." in missing_proof_suggestions(
        user, harvard_record
    )


@pytest.mark.django_db
def test_institutions_on_the_records_works_count_too(seed_record, user_factory):
    hkust = Institution.objects.get(name__startswith="Hong Kong University")
    slot = Authorship.objects.get(work__title=ICNP_TITLE, author=seed_record)
    slot.institutions.add(hkust)
    user = user_factory(email="clao@cse.ust.hk", verified=True)
    assert [p.kind for p in identity_proofs(user, seed_record)] == [INSTITUTIONAL_EMAIL]


@pytest.mark.django_db
def test_anonymous_visitors_have_no_proofs(seed_record):
    from django.contrib.auth.models import AnonymousUser

    assert identity_proofs(AnonymousUser(), seed_record) == []
    assert identity_proofs(None, seed_record) == []


# --------------------------------------------------------------------------- ORCID


@pytest.mark.django_db
def test_orcid_sign_in_with_the_records_own_id_is_proof(seed_record, user):
    seed_record.orcid = VALID_ORCID
    seed_record.save(update_fields=["orcid"])
    SocialAccount.objects.create(user=user, provider="orcid", uid=VALID_ORCID)
    with _mock_get(error=AssertionError("no remote call needed")) as get:
        proofs = [p.as_dict() for p in identity_proofs(user, seed_record)]
    assert get.call_count == 0
    assert proofs == [
        {
            "kind": ORCID,
            "detail": f"Signed in with ORCID iD {VALID_ORCID}, the record's own iD.",
            "strength": "strong",
        }
    ]


@pytest.mark.django_db
def test_orcid_sign_in_with_another_id_is_not_proof(seed_record, user):
    seed_record.orcid = VALID_ORCID
    seed_record.save(update_fields=["orcid"])
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    assert identity_proofs(user, seed_record) == []


@pytest.mark.django_db
def test_another_providers_account_is_not_orcid_proof(seed_record, user):
    seed_record.orcid = VALID_ORCID
    seed_record.save(update_fields=["orcid"])
    SocialAccount.objects.create(user=user, provider="github", uid=VALID_ORCID)
    assert identity_proofs(user, seed_record) == []


@pytest.mark.django_db
def test_orcid_works_overlapping_a_record_without_orcid_are_proof(seed_record, user):
    """The ORCID public API is mocked: it answers with one of the record's works."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    payload = _works_response(titles=[ICNP_TITLE, "Unrelated"], dois=["", "10.1/x"])
    with _mock_get(payload) as get:
        proofs = identity_proofs(user, seed_record)
    assert get.call_args.args[0] == f"https://pub.orcid.org/v3.0/{OTHER_ORCID}/works"
    assert [p.kind for p in proofs] == [ORCID]
    assert ICNP_TITLE in proofs[0].detail


@pytest.mark.django_db
def test_orcid_works_overlap_by_doi(seed_record, user):
    """The ORCID public API is mocked."""
    Work.objects.filter(title=ICNP_TITLE).update(doi="10.1109/icnp59255.2023.10355577")
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    payload = _works_response(titles=["Renamed"], dois=["10.1109/ICNP59255.2023.10355577"])
    with _mock_get(payload):
        assert [p.kind for p in identity_proofs(user, seed_record)] == [ORCID]


@pytest.mark.django_db
def test_orcid_works_without_overlap_are_not_proof(seed_record, user):
    """The ORCID public API is mocked."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    with _mock_get(_works_response(titles=["Something else entirely"], dois=["10.1/y"])):
        assert identity_proofs(user, seed_record) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure",
    [
        {"error": requests.ConnectionError("down")},
        {"payload": None, "status": 503},
        {"payload": "not json at all"},
    ],
)
def test_orcid_being_unavailable_means_no_proof_not_an_error(seed_record, user, failure):
    """The ORCID public API is mocked, failing."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    with _mock_get(**failure):
        assert identity_proofs(user, seed_record) == []


def test_parse_works_reads_the_orcid_sample_record():
    works = orcid.parse_works(json.loads(SAMPLE.read_text()))
    assert [(w.title, w.year, w.doi, w.arxiv_id) for w in works] == [
        ("Work Title", 2012, "10.1087/20120404", "")
    ]


def test_parse_works_skips_malformed_items_and_never_fails():
    data = {
        "group": [
            None,
            {"work-summary": [None, {"title": None}, {"title": {"title": {"value": "Ok"}}}]},
            {"work-summary": "nonsense"},
        ]
    }
    assert [(w.title, w.year, w.doi) for w in orcid.parse_works(data)] == [("Ok", None, "")]
    assert orcid.parse_works([]) == []
    assert orcid.parse_works({"activities-summary": None}) == []


def test_parse_works_reads_arxiv_ids():
    data = {
        "group": [
            {
                "work-summary": [
                    {
                        "title": {"title": {"value": "A preprint"}},
                        "external-ids": {
                            "external-id": [
                                {"external-id-type": "arxiv", "external-id-value": "2306.01234v2"}
                            ]
                        },
                    }
                ]
            }
        ]
    }
    assert orcid.parse_works(data)[0].arxiv_id == "2306.01234"


@pytest.mark.django_db
def test_orcid_works_are_fetched_once_per_hour(seed_record, user):
    """The ORCID public API is mocked; a second preview reads the cached answer."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    with _mock_get(_works_response(titles=[ICNP_TITLE], dois=[""])) as get:
        identity_proofs(user, seed_record)
        identity_proofs(user, seed_record)
    assert get.call_count == 1
