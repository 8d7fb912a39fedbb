"""Identity proofs (profiles/evidence/proofs.py) and the ORCID public works reader
(profiles/evidence/orcid.py), read through profiles/selectors/evidence.py.

The ORCID public API is a remote server: these tests serve it from a fake ORCID server on
loopback (tests/fake_orcid.py, the `fake_orcid` fixture), answering in the real v3.0 format of
ORCID's sample record, kept as tests/data/samples/orcid/record-full-3.0.json."""

import json
from pathlib import Path

import pytest
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
def test_orcid_sign_in_with_the_records_own_id_is_proof(seed_record, user, fake_orcid):
    seed_record.orcid = VALID_ORCID
    seed_record.save(update_fields=["orcid"])
    SocialAccount.objects.create(user=user, provider="orcid", uid=VALID_ORCID)
    proofs = [p.as_dict() for p in identity_proofs(user, seed_record)]
    assert fake_orcid.calls == []  # no remote call needed
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
def test_orcid_works_overlapping_a_record_without_orcid_are_proof(seed_record, user, fake_orcid):
    """The fake ORCID server answers with one of the record's works."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    fake_orcid.add(OTHER_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, ""), ("Unrelated", "10.1/x")])
    proofs = identity_proofs(user, seed_record)
    assert fake_orcid.calls == [("GET", f"/v3.0/{OTHER_ORCID}/works")]
    assert [p.kind for p in proofs] == [ORCID]
    assert ICNP_TITLE in proofs[0].detail


@pytest.mark.django_db
def test_orcid_works_overlap_by_doi(seed_record, user, fake_orcid):
    Work.objects.filter(title=ICNP_TITLE).update(doi="10.1109/icnp59255.2023.10355577")
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    fake_orcid.add(OTHER_ORCID, "C.", "Lao", works=[("Renamed", "10.1109/ICNP59255.2023.10355577")])
    assert [p.kind for p in identity_proofs(user, seed_record)] == [ORCID]


@pytest.mark.django_db
def test_orcid_works_without_overlap_are_not_proof(seed_record, user, fake_orcid):
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    fake_orcid.add(OTHER_ORCID, "ChonLam", "Lao", works=[("Something else entirely", "10.1/y")])
    assert identity_proofs(user, seed_record) == []


@pytest.mark.django_db
@pytest.mark.parametrize("failure", ["down", 503, 404, "garbage"])
def test_orcid_being_unavailable_means_no_proof_not_an_error(
    seed_record, user, fake_orcid, failure
):
    """The fake ORCID server is stopped (connection refused), answers an error status, does
    not know the iD, or answers with text that is not JSON."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    if failure != 404:
        fake_orcid.add(OTHER_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, "")])
    if failure == "down":
        fake_orcid.stop()
    elif failure != 404:
        fake_orcid.fail_with = failure
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
def test_orcid_works_are_fetched_once_per_hour(seed_record, user, fake_orcid):
    """A second preview reads the cached answer, not the fake ORCID server."""
    SocialAccount.objects.create(user=user, provider="orcid", uid=OTHER_ORCID)
    fake_orcid.add(OTHER_ORCID, "ChonLam", "Lao", works=[(ICNP_TITLE, "")])
    assert identity_proofs(user, seed_record)
    assert identity_proofs(user, seed_record)
    assert fake_orcid.calls == [("GET", f"/v3.0/{OTHER_ORCID}/works")]


def test_the_public_api_url_follows_the_settings(settings):
    settings.ORCID_API_URL = ""
    settings.ORCID_BASE_DOMAIN = "sandbox.orcid.org"
    assert orcid.public_api_url(VALID_ORCID) == (
        f"https://pub.sandbox.orcid.org/v3.0/{VALID_ORCID}/works"
    )
    settings.ORCID_BASE_DOMAIN = "orcid.org"
    assert orcid.public_api_url(VALID_ORCID) == f"https://pub.orcid.org/v3.0/{VALID_ORCID}/works"
    settings.ORCID_API_URL = "http://127.0.0.1:8099/"
    assert orcid.public_api_url(VALID_ORCID) == f"http://127.0.0.1:8099/v3.0/{VALID_ORCID}/works"
