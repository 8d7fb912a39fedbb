"""`POST /api/v1/authors/{id}/claim-preview/`: the seed cases through the URL, bad input,
rate limiting, and the promise that a preview stores nothing."""

import pytest
import yaml
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from profiles.models import Institution
from tests.factories import SEED_CVS, UserFactory, build_small_seed_record, cv_path, cv_text
from tests.pdfs import make_pdf

ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"
REPORT_KEYS = {
    "score",
    "decision",
    "reasons",
    "matched_works",
    "coauthor_of",
    "identity_proof",
    "suggestions",
}


def _url(record_or_id) -> str:
    pk = getattr(record_or_id, "pk", record_or_id)
    return f"/api/v1/authors/{pk}/claim-preview/"


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    return body


@pytest.fixture
def small_record(db):
    return build_small_seed_record()


@pytest.mark.django_db
def test_the_seed_cvs_through_the_api(seed_record, api_client):
    decisions = {}
    for stem, name in SEED_CVS.items():
        response = api_client.post(
            _url(seed_record), {"name": name, "cv_text": cv_text(stem)}, format="json"
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert set(data) == REPORT_KEYS
        assert 0 <= data["score"] <= 100
        decisions[stem] = data
    owner = decisions["chonlam_lao"]
    assert owner["decision"] == "strong"
    assert owner["matched_works"][0]["title"] == ICNP_TITLE
    assert any(ICNP_TITLE in reason for reason in owner["reasons"])
    hao = decisions["hao_wang"]
    assert hao["decision"] in ("weak", "review")
    assert hao["coauthor_of"][0]["printed_as"] == "Hao Wang"
    assert hao["coauthor_of"][0]["position"] == 1
    assert "co-author" in " ".join(hao["reasons"])
    assert decisions["maximilian_lam"]["decision"] == "weak"
    assert decisions["chaoyang_he"]["decision"] == "weak"


@pytest.mark.django_db
def test_the_owners_cv_under_another_name_is_not_strong_through_the_api(seed_record, api_client):
    for other in ("Hao Wang", "Jane Doe"):
        response = api_client.post(
            _url(seed_record), {"name": other, "cv_text": cv_text("chonlam_lao")}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["decision"] != "strong"


@pytest.mark.django_db
def test_a_cv_file_is_accepted_as_multipart(small_record, api_client):
    with cv_path("chonlam_lao").open("rb") as handle:
        response = api_client.post(
            _url(small_record), {"name": "ChonLam Lao", "cv_file": handle}, format="multipart"
        )
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "strong"

    pdf = make_pdf(["ChonLam Lao", "PUBLICATIONS", f"- {ICNP_TITLE}, ICNP 2023."])
    response = api_client.post(
        _url(small_record),
        {"name": "ChonLam Lao", "cv_file": SimpleUploadedFile("cv.pdf", pdf)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["matched_works"][0]["title"] == ICNP_TITLE


@pytest.mark.django_db
def test_a_preview_stores_nothing(small_record, api_client, user):
    before = _row_counts()
    api_client.post(
        _url(small_record),
        {"name": "ChonLam Lao", "cv_text": cv_text("chonlam_lao")},
        format="json",
    )
    api_client.force_authenticate(user)
    api_client.post(
        _url(small_record),
        {"name": "ChonLam Lao", "cv_file": SimpleUploadedFile("cv.txt", b"ChonLam Lao")},
        format="multipart",
    )
    assert _row_counts() == before


@pytest.mark.django_db
def test_a_signed_in_caller_gets_their_identity_proofs(small_record, api_client, user_factory):
    small_record.affiliation = Institution.objects.get(name="Harvard University")
    small_record.save(update_fields=["affiliation"])
    user = user_factory(email="lao@seas.harvard.edu", verified=True)
    api_client.force_authenticate(user)
    response = api_client.post(
        _url(small_record),
        {"name": "ChonLam Lao", "cv_text": cv_text("chonlam_lao")},
        format="json",
    )
    assert response.json()["identity_proof"] == [
        {
            "kind": "institutional_email",
            "detail": "Verified email lao@seas.harvard.edu at harvard.edu.",
            "strength": "supporting",
        }
    ]


@pytest.mark.django_db
def test_an_anonymous_caller_gets_no_identity_proof_and_a_hint(small_record, api_client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {"APP": {"client_id": "APP-TEST", "secret": "x", "key": ""}}
    }
    response = api_client.post(
        _url(small_record),
        {"name": "ChonLam Lao", "cv_text": cv_text("chonlam_lao")},
        format="json",
    )
    data = response.json()
    assert data["identity_proof"] == []
    assert any("ORCID" in s for s in data["suggestions"])


@pytest.mark.django_db
def test_unverified_emails_are_not_identity_proof_through_the_api(
    small_record, api_client, user_factory
):
    small_record.affiliation = Institution.objects.get(name="Harvard University")
    small_record.save(update_fields=["affiliation"])
    user = user_factory(email="x@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="lao@harvard.edu", verified=False)
    api_client.force_authenticate(user)
    response = api_client.post(_url(small_record), {"name": "X", "cv_text": "x y"}, format="json")
    assert response.json()["identity_proof"] == []


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def record(db):
    from tests.factories import AuthorRecordFactory

    return AuthorRecordFactory(display_name="Ada Researcher")


def test_missing_name_is_a_400(record, api_client):
    body = _error(api_client.post(_url(record), {"cv_text": "abc"}, format="json"), 400, "required")
    assert "name" in body["fields"]


def test_neither_text_nor_file_is_a_400(record, api_client):
    _error(api_client.post(_url(record), {"name": "Ada"}, format="json"), 400, "evidence_required")


def test_text_and_file_together_are_scored_together_as_for_a_claim(small_record, api_client):
    response = api_client.post(
        _url(small_record),
        {
            "name": "ChonLam Lao",
            "cv_text": "ChonLam Lao",
            "cv_file": SimpleUploadedFile("cv.txt", cv_text("chonlam_lao").encode()),
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["matched_works"]


def test_blank_text_is_a_400(record, api_client):
    response = api_client.post(_url(record), {"name": "Ada", "cv_text": "   "}, format="json")
    body = _error(response, 400, "evidence_required")
    assert "cv_text" in body["fields"]


def test_over_long_text_is_a_400(record, api_client, settings):
    settings.CLAIM_MAX_CV_TEXT_CHARS = 1000
    ok = api_client.post(_url(record), {"name": "Ada", "cv_text": "a" * 1000}, format="json")
    assert ok.status_code == 200
    response = api_client.post(_url(record), {"name": "Ada", "cv_text": "a" * 1001}, format="json")
    body = _error(response, 400, "cv_text_too_long")
    assert "cv_text" in body["fields"]


def test_a_body_over_djangos_memory_limit_is_a_400_in_the_error_shape(record, api_client):
    big = "a" * (6 * 1024 * 1024)
    response = api_client.post(_url(record), {"name": "Ada", "cv_text": big}, format="json")
    _error(response, 400, "cv_text_too_long")


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("cv.txt", b"", "empty_file"),
        ("cv.pdf", b"<html>not a pdf</html>", "not_a_pdf"),
        ("cv.pdf", b"%PDF-1.7\nbroken beyond repair", "pdf_unreadable"),
        ("cv.txt", "Chón Lao".encode("latin-1"), "not_utf8"),
        ("cv.docx", b"PK\x03\x04", "unsupported_file_type"),
    ],
)
def test_bad_files_are_a_400_with_their_code(record, api_client, filename, data, code):
    before = _row_counts()
    response = api_client.post(
        _url(record),
        {"name": "Ada", "cv_file": SimpleUploadedFile(filename, data)},
        format="multipart",
    )
    body = _error(response, 400, code)
    assert "cv_file" in body["fields"]
    assert _row_counts() == before


def test_a_20_mb_upload_is_a_413(record, api_client):
    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    response = api_client.post(_url(record), {"name": "Ada", "cv_file": big}, format="multipart")
    body = _error(response, 413, "file_too_large")
    assert "MB" in body["message"]


def test_a_file_just_over_the_setting_is_a_413(record, api_client, settings):
    settings.CLAIM_UPLOAD_MAX_BYTES = 2048
    response = api_client.post(
        _url(record),
        {"name": "Ada", "cv_file": SimpleUploadedFile("cv.txt", b"a" * 2049)},
        format="multipart",
    )
    _error(response, 413, "file_too_large")


def test_an_unknown_author_is_a_404(db, api_client):
    response = api_client.post(_url(987654), {"name": "Ada", "cv_text": "x"}, format="json")
    _error(response, 404, "not_found")


def test_get_is_not_allowed(record, api_client):
    _error(api_client.get(_url(record)), 405, "method_not_allowed")


def test_previews_are_rate_limited(record, api_client, settings):
    settings.CLAIMS_PREVIEW_PER_MINUTE = 2
    for _ in range(2):
        response = api_client.post(_url(record), {"name": "Ada", "cv_text": "x"}, format="json")
        assert response.status_code == 200
    response = api_client.post(_url(record), {"name": "Ada", "cv_text": "x"}, format="json")
    _error(response, 429, "throttled")
    assert "Retry-After" in response


def test_the_page_and_the_api_count_one_persons_previews_together(
    small_record, api_client, client, settings
):
    settings.CLAIMS_PREVIEW_PER_MINUTE = 2
    user = UserFactory(name="ChonLam Lao")
    client.force_login(user)
    api_client.force_authenticate(user)
    page = f"/researchers/{small_record.slug}/claim/preview/"
    assert client.post(page, {"cv_text": "ChonLam Lao"}).status_code == 200
    ok = api_client.post(_url(small_record), {"name": "Ada", "cv_text": "x"}, format="json")
    assert ok.status_code == 200
    _error(
        api_client.post(_url(small_record), {"name": "Ada", "cv_text": "x"}, format="json"),
        429,
        "throttled",
    )
    assert client.post(page, {"cv_text": "ChonLam Lao"}).status_code == 429


@pytest.mark.django_db
def test_the_endpoint_is_in_the_openapi_schema(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    operation = schema["paths"]["/api/v1/authors/{id}/claim-preview/"]["post"]
    assert operation["security"][-1] == {}  # open to anonymous callers
    content = operation["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(content)
    assert set(operation["responses"]) >= {"200", "400", "404", "429"}
    report = schema["components"]["schemas"]["EvidenceReport"]
    assert set(report["properties"]) == REPORT_KEYS


def test_text_just_over_the_default_limit_is_a_400(record, api_client):
    from profiles.evidence.text import MAX_CV_TEXT_CHARS

    text = "a" * (MAX_CV_TEXT_CHARS + 1)
    response = api_client.post(_url(record), {"name": "Ada", "cv_text": text}, format="json")
    _error(response, 400, "cv_text_too_long")


@pytest.mark.parametrize("claimant_name", ["Janet Smithson", "J. Smithson"])
def test_a_private_former_name_is_never_quoted(small_record, api_client, claimant_name):
    from profiles.models import NameVariant

    NameVariant.objects.create(author=small_record, name="Janet Smithson", is_private=True)
    response = api_client.post(
        _url(small_record), {"name": claimant_name, "cv_text": "No works here."}, format="json"
    )
    assert response.status_code == 200
    # Only the caller's own words come back (as for any wrong name): never the variant.
    text = str(response.json()).replace(claimant_name, "")
    assert "Janet" not in text and "Smithson" not in text
    assert small_record.display_name in " ".join(response.json()["reasons"])
