"""Reading uploaded CVs (profiles/evidence/text.py): every refusal has its own code and message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from profiles.evidence import text as cvtext
from profiles.evidence.text import EvidenceFileError, check_cv_text, extract_evidence_text
from tests.pdfs import encrypt_pdf, make_pdf

ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _refusal(upload) -> EvidenceFileError:
    with pytest.raises(EvidenceFileError) as caught:
        extract_evidence_text(upload)
    return caught.value


def test_a_real_pdf_gives_its_text():
    pdf = make_pdf(["ChonLam Lao", "PUBLICATIONS", f"- {ICNP_TITLE}, ICNP 2023."])
    text = extract_evidence_text(_upload("cv.pdf", pdf))
    assert "ChonLam Lao" in text
    assert ICNP_TITLE in text


def test_a_pdf_is_recognised_by_its_magic_bytes_even_without_the_extension():
    pdf = make_pdf(["Hello from a PDF"])
    assert "Hello from a PDF" in extract_evidence_text(_upload("cv", pdf))


def test_plain_utf8_text_with_a_byte_order_mark_is_read():
    text = extract_evidence_text(_upload("cv.txt", "\ufeffChón Lam Lao\n".encode()))
    assert text == "Chón Lam Lao\n"


def test_an_empty_file_is_refused():
    error = _refusal(_upload("cv.txt", b""))
    assert error.code == cvtext.EMPTY
    assert "empty" in error.messages[0]


def test_a_file_just_over_the_size_limit_is_refused(settings):
    settings.CLAIM_UPLOAD_MAX_BYTES = 1000
    assert extract_evidence_text(_upload("cv.txt", b"a" * 1000)) == "a" * 1000
    error = _refusal(_upload("cv.txt", b"a" * 1001))
    assert error.code == cvtext.TOO_LARGE
    assert "larger than" in error.messages[0]


def test_the_size_limit_holds_when_the_file_does_not_say_its_size(settings):
    settings.CLAIM_UPLOAD_MAX_BYTES = 10

    class Stream:
        name = "cv.txt"

        def read(self, n=-1):
            return b"x" * (n if n > 0 else 100)

    assert _refusal(Stream()).code == cvtext.TOO_LARGE


def test_a_pdf_that_is_not_a_pdf_is_refused():
    error = _refusal(_upload("cv.pdf", b"<html>I am a web page</html>"))
    assert error.code == cvtext.NOT_PDF
    assert "not a PDF" in error.messages[0]


def test_a_broken_pdf_is_refused():
    error = _refusal(_upload("cv.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> broken"))
    assert error.code == cvtext.PDF_UNREADABLE


def test_a_truncated_pdf_is_refused():
    pdf = make_pdf(["Some text"])
    assert _refusal(_upload("cv.pdf", pdf[: len(pdf) // 2])).code in (
        cvtext.PDF_UNREADABLE,
        cvtext.PDF_NO_TEXT,
    )


def test_an_encrypted_pdf_is_refused_with_a_clear_message():
    error = _refusal(_upload("cv.pdf", encrypt_pdf(make_pdf(["Secret CV"]))))
    assert error.code == cvtext.PDF_ENCRYPTED
    assert "password" in error.messages[0]


def test_a_pdf_without_a_text_layer_is_refused():
    assert _refusal(_upload("scan.pdf", make_pdf([]))).code == cvtext.PDF_NO_TEXT


def test_non_utf8_text_is_refused_with_a_clear_message():
    error = _refusal(_upload("cv.txt", "Chón Lam Lao, Müller".encode("latin-1")))
    assert error.code == cvtext.NOT_UTF8
    assert "not UTF-8" in error.messages[0]
    assert "Save it as UTF-8" in error.messages[0]


def test_a_binary_file_named_txt_is_refused():
    assert _refusal(_upload("cv.txt", b"\x00\x01\x02abc")).code == cvtext.UNSUPPORTED


def test_an_unsupported_type_is_refused():
    error = _refusal(_upload("cv.docx", b"PK\x03\x04 word file"))
    assert error.code == cvtext.UNSUPPORTED
    assert "PDF" in error.messages[0]


def test_a_bibtex_file_becomes_one_line_per_entry():
    bib = (
        "@inproceedings{wang2023esa,\n"
        "  title = {{Efficient Data-Plane Memory Scheduling for In-Network Aggregation}},\n"
        "  author = {Wang, Hao and Qin, Yuxuan and Lao, ChonLam},\n"
        "  booktitle = {ICNP},\n  year = {2023},\n  doi = {10.1109/ICNP59255.2023.10355577}\n}\n"
        "@misc{lao2026prism,\n  title = {A Few GPUs, A Whole Lotta Scale},\n"
        "  author = {Lao, ChonLam},\n  eprint = {2601.01234},\n  archivePrefix = {arXiv},\n"
        "  year = {2026}\n}\n"
    )
    text = extract_evidence_text(_upload("pubs.bib", bib.encode()))
    lines = text.splitlines()
    assert len(lines) == 2
    assert ICNP_TITLE in lines[0] and "Hao Wang, Yuxuan Qin, ChonLam Lao" in lines[0]
    assert "doi:10.1109/ICNP59255.2023.10355577" in lines[0]
    assert "arXiv:2601.01234" in lines[1]


def test_a_bibtex_file_without_entries_is_refused():
    assert _refusal(_upload("pubs.bib", b"% only a comment\n")).code == cvtext.BAD_BIBTEX


def test_pasted_text_over_the_limit_is_refused(settings):
    settings.CLAIM_MAX_CV_TEXT_CHARS = 50
    assert check_cv_text("a" * 50) == "a" * 50
    with pytest.raises(EvidenceFileError) as caught:
        check_cv_text("a" * 51)
    assert caught.value.code == cvtext.TEXT_TOO_LONG


def test_evidence_file_error_is_a_validation_error_with_a_code():
    from django.core.exceptions import ValidationError

    error = EvidenceFileError("msg", "some_code")
    assert isinstance(error, ValidationError)
    assert error.code == "some_code"
