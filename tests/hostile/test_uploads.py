"""Uploads that cannot hurt: a PDF built to be costly is read in a worker process with a CPU,
memory and wall-clock budget and refused with a clear 4xx; control characters never reach the
database; a claim's file is stored only once its text is accepted, and the previous CV is
deleted only after the new one is saved and the transaction has committed."""

from __future__ import annotations

import io
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from profiles.evidence import pdf_worker
from profiles.evidence import text as cvtext
from profiles.evidence.sandbox import Budget, PdfWorkerError, read_pdf
from profiles.models import Claim
from tests.factories import AuthorRecordFactory, claimant, lao_cv
from tests.pdfs import encrypt_pdf, make_costly_pdf, make_pdf

CLAIMS = "/api/v1/claims/"


def _preview(author_pk: int, data: bytes, name: str = "cv.pdf"):
    return APIClient().post(
        f"/api/v1/authors/{author_pk}/claim-preview/",
        {"name": "Ada Lovelace", "cv_file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_costly_pdfs_are_refused_within_ten_seconds():
    author = AuthorRecordFactory()
    costly = make_costly_pdf()
    assert len(costly) < 20_000
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: _preview(author.pk, costly), range(2)))
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    for response in answers:
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert error["code"] == cvtext.PDF_TOO_COSTLY
        assert error["fields"] == {"cv_file": [error["message"].removeprefix("cv_file: ")]}
        assert "could not read this file in time" in error["message"]


def test_the_worker_is_killed_by_the_wall_clock_too():
    class Slow(Budget):
        @property
        def wall_seconds(self) -> float:
            return 0.3

    started = time.monotonic()
    with pytest.raises(PdfWorkerError) as caught:
        read_pdf(make_costly_pdf(), Slow())
    assert caught.value.code == pdf_worker.TOO_COSTLY
    assert time.monotonic() - started < 3


def test_a_small_memory_budget_refuses_instead_of_swapping():
    with pytest.raises(PdfWorkerError) as caught:
        read_pdf(make_pdf(["Hello"]), Budget(memory_bytes=8 * 1024 * 1024))
    assert caught.value.code == pdf_worker.TOO_COSTLY


def test_extracted_text_is_capped(settings):
    settings.CLAIM_MAX_CV_TEXT_CHARS = 20
    upload = SimpleUploadedFile("cv.pdf", make_pdf(["x" * 30]))
    with pytest.raises(cvtext.EvidenceFileError) as caught:
        cvtext.extract_evidence_text(upload)
    assert caught.value.code == cvtext.TEXT_TOO_LONG


def test_pages_are_capped(settings):
    settings.CLAIM_PDF_MAX_PAGES = 0
    with pytest.raises(cvtext.EvidenceFileError) as caught:
        cvtext.extract_evidence_text(SimpleUploadedFile("cv.pdf", make_pdf(["Hello"])))
    assert caught.value.code == cvtext.PDF_UNREADABLE
    assert "more than 0 pages" in caught.value.messages[0]


# The worker's own logic, run in this process (the child process is not measured by coverage).


def test_worker_extract_answers_codes():
    assert pdf_worker.extract(make_pdf(["Hello"]), 5, 100) == {"text": "Hello"}
    assert pdf_worker.extract(make_pdf(["Hello"]), 0, 100) == {"error": pdf_worker.TOO_MANY_PAGES}
    assert pdf_worker.extract(make_pdf(["Hello"]), 5, 3) == {"error": pdf_worker.TEXT_TOO_LONG}
    encrypted = encrypt_pdf(make_pdf(["Secret"]))
    assert pdf_worker.extract(encrypted, 5, 100) == {"error": pdf_worker.ENCRYPTED}


@pytest.mark.parametrize(
    ("data", "expected"),
    [(make_pdf(["Hello"]), {"text": "Hello"}), (b"%PDF-1.4 broken", {"error": "pdf_unreadable"})],
)
def test_worker_main_reads_stdin_and_writes_json(monkeypatch, capsys, data, expected):
    monkeypatch.setattr(pdf_worker, "limit_resources", lambda cpu, memory: None)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert pdf_worker.main(["worker", "5", "0", "5", "100"]) == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_worker_main_turns_memory_errors_into_too_costly(monkeypatch, capsys):
    def no_memory(*args):
        raise MemoryError

    monkeypatch.setattr(pdf_worker, "limit_resources", lambda cpu, memory: None)
    monkeypatch.setattr(pdf_worker, "extract", no_memory)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"%PDF-")))
    pdf_worker.main(["worker", "5", "0", "5", "100"])
    assert json.loads(capsys.readouterr().out) == {"error": pdf_worker.TOO_COSTLY}


# Control characters


def test_control_characters_are_stripped_from_pasted_and_uploaded_text():
    assert cvtext.check_cv_text("A\x00d\x07a\tL\r\n\x1b[0m\ud800") == "Ada\tL\r\n[0m"
    upload = SimpleUploadedFile("cv.txt", b"Ada\x07 Lovelace\n")
    assert cvtext.extract_evidence_text(upload) == "Ada Lovelace\n"
    pdf = SimpleUploadedFile("cv.pdf", make_pdf(["ChonLam\x00 Lao", "x\x07y"]))
    assert cvtext.extract_evidence_text(pdf) == "ChonLam Lao\nxy"


# Storing the file: only after its text is accepted, never losing the previous one


def _nul_pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    lines = ["ChonLam\x00 Lao", *lao_cv().splitlines()[:40]]
    return SimpleUploadedFile(
        name, make_pdf([line.encode("latin-1", "replace").decode("latin-1") for line in lines])
    )


@pytest.fixture
def private_root(tmp_path, monkeypatch):
    """This test's own private storage (other test processes write to the shared one)."""
    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr(Claim._meta.get_field("cv_file"), "storage", FileSystemStorage(tmp_path))
    return tmp_path


def _stored_files(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_a_pdf_whose_text_holds_nul_is_accepted_and_stored_clean(seed_record, private_root):
    client = APIClient()
    client.force_authenticate(claimant())
    response = client.post(
        CLAIMS, {"author": seed_record.pk, "cv_file": _nul_pdf()}, format="multipart"
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert "\x00" not in claim.evidence_text
    assert "ChonLam Lao" in claim.evidence_text
    assert claim.cv_file and claim.cv_file.storage.exists(claim.cv_file.name)


@pytest.mark.django_db
def test_new_evidence_deletes_the_previous_cv_only_after_commit(
    seed_record, private_root, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_authenticate(claimant())
    client.post(
        CLAIMS, {"author": seed_record.pk, "statement": "Me", "cv_text": "x"}, format="json"
    )
    claim = Claim.objects.get()
    first = SimpleUploadedFile("first.txt", lao_cv().encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{CLAIMS}{claim.pk}/evidence/", {"cv_file": first}, format="multipart"
        )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    old = claim.cv_file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"{CLAIMS}{claim.pk}/evidence/", {"cv_file": _nul_pdf("second.pdf")}, format="multipart"
        )
        assert response.status_code == 200, response.content
        claim.refresh_from_db()
        assert claim.cv_file.name != old
        assert claim.cv_file.storage.exists(old)  # not yet: the transaction has not committed
        assert claim.cv_file.storage.exists(claim.cv_file.name)
    for callback in callbacks:
        callback()
    assert not claim.cv_file.storage.exists(old)
    assert claim.cv_file.storage.exists(claim.cv_file.name)


@pytest.mark.django_db
def test_a_failing_save_keeps_the_previous_cv_and_leaves_no_orphan(
    seed_record, private_root, monkeypatch, django_capture_on_commit_callbacks
):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(claimant())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CLAIMS,
            {"author": seed_record.pk, "cv_file": SimpleUploadedFile("a.txt", lao_cv().encode())},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    before = _stored_files(private_root)
    assert claim.cv_file.name in before

    def broken_save(self, *args, **kwargs):
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")

    monkeypatch.setattr(Claim, "save", broken_save)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{CLAIMS}{claim.pk}/evidence/", {"cv_file": _nul_pdf("b.pdf")}, format="multipart"
        )
    assert response.status_code == 500
    assert _stored_files(private_root) == before


def _long_bibtex(entries: int) -> str:
    entry = '@article{k%d, title={On {\\"o}ne thing %d}, author={Lao, ChonLam and Wang, Hao},'
    entry += " journal={J}, year={2020}}\n"
    return "".join(entry % (i, i) for i in range(entries))


@pytest.mark.django_db
def test_a_long_bibtex_upload_is_read_within_the_budget_and_refused_clearly(settings):
    settings.CLAIM_PDF_CPU_SECONDS = 1
    author = AuthorRecordFactory()
    data = _long_bibtex(20_000).encode()  # 2.4 MB: many seconds of parsing
    started = time.monotonic()
    response = _preview(author.pk, data, name="publications.bib")
    assert time.monotonic() - started < 10
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == cvtext.BIBTEX_TOO_COSTLY
    assert "too long to read in time" in error["message"]


@pytest.mark.django_db
def test_a_short_bibtex_upload_is_still_read_as_publications():
    text = cvtext.bibtex_text(_long_bibtex(3))
    first = text.splitlines()[0]
    assert first.startswith("- \u201cOn \u00f6ne thing 0\u201d, ChonLam Lao, Hao Wang")


def test_pasted_bibtex_that_cannot_be_read_in_time_is_read_as_plain_text(settings):
    settings.CLAIM_PDF_CPU_SECONDS = 1
    pasted = _long_bibtex(20_000)
    started = time.monotonic()
    assert cvtext.pasted_bibtex_lines(pasted) == pasted
    assert time.monotonic() - started < 10
