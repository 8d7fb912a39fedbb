"""Publication lists the genuine owner really has (issue 9, item 3): a BibTeX export, a bare
publication list pasted from a homepage with no name heading it, entries written "(with ...)"
that leave the owner out, titles broken over lines or hyphenated by a PDF, HTML entities.

The lists are written for the suite (tests/data/lists/, or inline) from the works that the
seed CV of ChonLam Lao lists; the seed look-alikes must stay weak."""

from pathlib import Path

import pytest

from profiles.evidence.cv import parse_cv
from profiles.evidence.text import bibtex_text
from profiles.selectors.evidence import score_evidence
from tests.factories import build_small_seed_record

LISTS = Path(__file__).parent.parent / "data" / "lists"
ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def _list(name):
    return (LISTS / name).read_text(encoding="utf-8")


@pytest.fixture
def small_record(db):
    return build_small_seed_record()


def _score(record, name, text):
    return score_evidence(record, claimant_name=name, cv_text=text)


# --------------------------------------------------------------------------- BibTeX


def test_bibtex_latex_accents_become_letters_and_names_are_turned_round():
    bib = (
        "@article{x,\n  title = {{\\'E}tude des r{\\'e}seaux \\`a Z{\\\"u}rich \\& M\\\"unchen},\n"
        '  author = {M{\\"u}ller, J{\\"o}rg and Fran{\\c{c}}ois Dupr\\\'e and Lao, ChonLam'
        " and others},\n  journal = {Revue},\n  year = 2020\n}\n"
    )
    (line,) = bibtex_text(bib).splitlines()
    assert "\u201c\u00c9tude des r\u00e9seaux \u00e0 Z\u00fcrich & M\u00fcnchen\u201d" in line
    assert "J\u00f6rg M\u00fcller, Fran\u00e7ois Dupr\u00e9, ChonLam Lao, Revue 2020." in line
    assert "others" not in line and "{" not in line and "\\" not in line


def test_pasted_bibtex_is_read_as_bibtex():
    cv = parse_cv("Here is my export:\n\n" + _list("chonlam_lao.bib"))
    titles = [e.text for e in cv.entries]
    assert len(titles) == 6
    icnp = next(e for e in cv.entries if ICNP_TITLE.lower() in e.text.lower())
    assert "Hao Wang, Yuxuan Qin, ChonLam Lao, Yanfang Le" in icnp.text
    assert "2023" in icnp.text and "@" not in icnp.text


def test_text_that_only_mentions_an_at_sign_is_not_bibtex():
    cv = parse_cv("Contact: lao@g.harvard.edu\n\n- \u201cSome Title Long Enough Here\u201d, 2020")
    assert any("lao@g.harvard.edu" in e.text for e in cv.entries)


def test_broken_bibtex_pasted_is_read_as_plain_text():
    cv = parse_cv("@article{x,\n title = {" + ICNP_TITLE + ", ICNP 2023\n")
    assert any(ICNP_TITLE in e.text for e in cv.entries)


# --------------------------------------------------------------------------- HTML entities


@pytest.mark.django_db
def test_html_entities_are_the_characters_they_stand_for(small_record):
    from profiles.models import Work

    Work.objects.update(title="Lao\u2019s Memory Scheduling for In-Network Aggregation & More")
    pasted = (
        "<li>Lao&#8217;s Memory Scheduling for In&#8209;Network Aggregation &amp; More, "
        "Hao&nbsp;Wang, Yuxuan Qin, ChonLam Lao, ICNP 2023</li>"
    )
    cv = parse_cv(pasted)
    assert "8217" not in cv.entries[0].folded and "nbsp" not in cv.entries[0].folded
    assert "Lao\u2019s" in cv.entries[0].text
    report = _score(small_record, "ChonLam Lao", pasted)
    assert report.matched_works[0].similarity == 100.0
