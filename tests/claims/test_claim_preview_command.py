"""`manage.py claim_preview`: the same report as the API, from files or text."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import cv_path
from tests.pdfs import make_pdf

ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def _run(*args) -> str:
    out = StringIO()
    call_command("claim_preview", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plain_record(db):
    from tests.factories import AuthorRecordFactory

    return AuthorRecordFactory(slug="chonlam-lao", display_name="ChonLam Lao")


@pytest.mark.django_db
def test_the_seed_cvs_from_files(seed_record):
    owner = json.loads(
        _run("chonlam-lao", "--name", "ChonLam Lao", "--cv", str(cv_path("chonlam_lao")), "--json")
    )
    assert owner["decision"] == "strong"
    assert owner["matched_works"][0]["title"] == ICNP_TITLE
    hao = json.loads(
        _run(str(seed_record.pk), "--name", "Hao Wang", "--cv", str(cv_path("hao_wang")), "--json")
    )
    assert hao["decision"] in ("weak", "review")
    assert hao["coauthor_of"][0]["printed_as"] == "Hao Wang"
    for stem, name in (("maximilian_lam", "Maximilian Lam"), ("chaoyang_he", "Chaoyang He")):
        report = json.loads(
            _run("chonlam-lao", "--name", name, "--cv", str(cv_path(stem)), "--json")
        )
        assert report["decision"] == "weak"


@pytest.mark.django_db
def test_the_readable_report_lists_score_decision_reasons_and_coauthorship(seed_record):
    out = _run("chonlam-lao", "--name", "Hao Wang", "--cv", str(cv_path("hao_wang")))
    assert "Record: ChonLam Lao (chonlam-lao" in out
    assert "Decision: weak" in out or "Decision: review" in out
    assert "Printed as another author on:" in out
    assert '"Hao Wang", author 1' in out
    assert "Identity proof: none" in out


@pytest.mark.django_db
def test_pasted_text_and_a_pdf_file(seed_record, tmp_path):
    out = _run("chonlam-lao", "--name", "ChonLam Lao", "--text", f"ChonLam Lao\n- {ICNP_TITLE}")
    assert ICNP_TITLE in out
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(make_pdf(["ChonLam Lao", f"- {ICNP_TITLE}, ICNP 2023."]))
    report = json.loads(_run("chonlam-lao", "--name", "ChonLam Lao", "--cv", str(pdf), "--json"))
    assert report["matched_works"][0]["title"] == ICNP_TITLE


@pytest.mark.django_db
def test_identity_proofs_of_an_account_are_included(seed_record, user_factory):
    from profiles.models import Institution

    seed_record.affiliation = Institution.objects.get(name="Harvard University")
    seed_record.save(update_fields=["affiliation"])
    user_factory(email="lao@harvard.edu", verified=True)
    report = json.loads(
        _run(
            "chonlam-lao",
            "--name",
            "ChonLam Lao",
            "--text",
            "x",
            "--user",
            "LAO@harvard.edu",
            "--json",
        )
    )
    assert report["identity_proof"][0]["kind"] == "institutional_email"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-record", "--name", "X", "--text", "x"], "No author record"),
        (["chonlam-lao", "--name", "  ", "--text", "x"], "--name must not be empty"),
        (["chonlam-lao", "--name", "X", "--cv", "/nonexistent/cv.pdf"], "No such file"),
        (["chonlam-lao", "--name", "X", "--text", "x", "--user", "nobody@x.org"], "No account"),
    ],
)
def test_bad_arguments_are_clear_errors(plain_record, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


@pytest.mark.django_db
def test_an_unreadable_file_is_a_clear_error(plain_record, tmp_path):
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"not a pdf")
    with pytest.raises(CommandError, match="not a PDF"):
        _run("chonlam-lao", "--name", "X", "--cv", str(fake))
    latin = tmp_path / "cv.txt"
    latin.write_bytes("Chón".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _run("chonlam-lao", "--name", "X", "--cv", str(latin))


def test_cv_and_text_are_mutually_exclusive_and_one_is_required():
    with pytest.raises(CommandError):
        _run("chonlam-lao", "--name", "X")
    with pytest.raises(CommandError):
        _run("chonlam-lao", "--name", "X", "--text", "x", "--cv", "cv.txt")
