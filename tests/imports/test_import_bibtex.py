"""`manage.py import_bibtex FILE --author RECORD` on a small .bib (tests/data/samples/bibtex):
works in printed author order with the record's own slot found by name, LaTeX accents
converted, matching by DOI / arXiv id / title and year, rejects, and a second run that
changes nothing."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.choices import WorkType
from profiles.importers import bibtex
from profiles.models import Authorship, Work
from profiles.services.works import AuthorSlot, work_upsert
from tests.factories import AuthorRecordFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "bibtex" / "lao.bib"


@pytest.fixture
def bib(tmp_path) -> str:
    path = tmp_path / "lao.bib"
    shutil.copy(SAMPLE, path)
    return str(path)


@pytest.fixture
def lao():
    return AuthorRecordFactory(display_name="ChonLam Lao", slug="chonlam-lao")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bibtex", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def printed(work: Work) -> list[tuple[str, str | None]]:
    rows = work.authorships.order_by("position").select_related("author")
    return [(a.raw_name, a.author.slug if a.author else None) for a in rows]


def test_entries_become_works_of_the_record_in_printed_order(bib, lao):
    out, err = run(bib, "--author", "chonlam-lao")
    assert "3 imported (3 created, 0 updated, 0 unchanged), 2 rejected" in out
    etude = Work.objects.get(doi="10.1234/jn.2021.42")
    assert etude.title == "Étude of In-Network Aggregation"
    assert etude.year == 2021 and etude.venue == "Journal of Networking"
    assert etude.work_type == WorkType.ARTICLE
    assert printed(etude) == [
        ("ChonLam Lao", "chonlam-lao"),
        ("José Müller", None),
        ("David Smith", None),
    ]
    sparse = Work.objects.get(arxiv_id="2301.10904")
    assert sparse.work_type == WorkType.CONFERENCE_PAPER
    assert printed(sparse) == [("Ada Costa", None), ("C. Lao", "chonlam-lao")]
    notes = Work.objects.get(title="Notes on Scheduling")
    assert printed(notes) == [("Grace Hopper", None), ("Chon-Lam Lao", "chonlam-lao")]
    lao.refresh_from_db()
    assert lao.works_count == 3

    assert f"{bib}:25 (untitled): the entry has no title" in err
    assert f"{bib}:30 (someone2019): none of the authors is printed as ChonLam Lao" in err
    rejects = [json.loads(x) for x in Path(f"{bib}.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["record"]) for r in rejects] == [(25, "untitled"), (30, "someone2019")]


def test_a_second_run_changes_nothing(bib, lao):
    run(bib, "--author", "chonlam-lao")
    before = (Work.objects.count(), Authorship.objects.count())
    out, _ = run(bib, "--author", str(lao.pk))
    assert "3 imported (0 created, 0 updated, 3 unchanged), 2 rejected" in out
    assert (Work.objects.count(), Authorship.objects.count()) == before


def test_a_work_we_hold_keeps_its_authors_and_the_record_takes_its_slot(bib, lao):
    work = work_upsert(
        title="The Etude (as OpenAlex has it)",
        doi="10.1234/jn.2021.42",
        authors=[AuthorSlot(raw_name="Chon Lam Lao"), AuthorSlot(raw_name="J. Müller")],
    )
    out, _ = run(bib, "--author", "chonlam-lao")
    assert "(2 created, 1 updated, 0 unchanged)" in out
    assert printed(work) == [("Chon Lam Lao", "chonlam-lao"), ("J. Müller", None)]
    assert Work.objects.filter(doi="10.1234/jn.2021.42").count() == 1


def test_the_same_title_from_another_year_is_not_merged(tmp_path, lao):
    work_upsert(title="Notes on Scheduling", year=1999, authors=[AuthorSlot(raw_name="X Y")])
    path = tmp_path / "one.bib"
    path.write_text("@misc{n, author={ChonLam Lao}, title={Notes on Scheduling}, year=2024}\n")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_bibtex", str(path), "--author", "chonlam-lao", stdout=io.StringIO())
    err = Path(f"{path}.rejects.jsonl").read_text()
    assert "a different work with this title (from 1999) is already held" in err
    assert Work.objects.get().year == 1999


def test_an_unknown_author_and_an_unreadable_file(tmp_path, lao):
    with pytest.raises(CommandError, match="no author record with the slug or id 'nobody'"):
        run(str(SAMPLE), "--author", "nobody")
    path = tmp_path / "broken.bib"
    path.write_text("@article{x, title = {unbalanced\n")
    with pytest.raises(CommandError, match="nothing imported"):
        run(str(path), "--author", "chonlam-lao")


def test_parse_entry_reads_ids_years_and_types():
    data = bibtex.parse_entry(
        {
            "ENTRYTYPE": "misc",
            "ID": "k",
            "title": 'A {\\"U}bersicht',
            "author": "Lao, C.",
            "year": "in press, 2025",
            "journal": "arXiv preprint arXiv:2101.00001",
        }
    )
    assert (data.title, data.authors, data.year) == ("A Übersicht", ("C. Lao",), 2025)
    assert (data.arxiv_id, data.work_type) == ("2101.00001", WorkType.PREPRINT)
    with pytest.raises(bibtex.ImportRecordError, match="no authors"):
        bibtex.parse_entry({"ENTRYTYPE": "article", "ID": "k", "title": "T"})
