"""Import runs as an operator sees them: a file with bad lines of every kind, the rejects file,
an interrupted import resumed from its checkpoint, and the same file imported twice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.importers import openalex, runs
from profiles.importers.synthetic import Generator, Scale
from profiles.models import AuthorRecord, Authorship, Institution, NameVariant, Topic, Work
from profiles.services.imports import batches

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "openalex"
SAMPLE_WORK = json.loads((SAMPLES / "W2741809807.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[str, str]:
    """The record-by-record path (on PostgreSQL too; test_bulk_import.py tests the bulk one)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_openalex", "--no-bulk", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_lines(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def rows() -> dict[str, object]:
    """What an import wrote, without row ids: equal for two databases holding the same data."""
    return {
        "records": sorted(
            AuthorRecord.objects.values_list(
                "openalex_id", "display_name", "orcid", "affiliation__openalex_id", "works_count"
            )
        ),
        "works": sorted(Work.objects.values_list("openalex_id", "title", "year", "doi")),
        "authorships": sorted(
            Authorship.objects.values_list(
                "work__openalex_id", "position", "raw_name", "author__openalex_id"
            )
        ),
        "institutions": Institution.objects.count(),
        "topics": Topic.objects.count(),
        "variants": NameVariant.objects.count(),
    }


def counts() -> tuple[int, ...]:
    models = (AuthorRecord, Work, Authorship, Institution, Topic, NameVariant)
    return tuple(m.objects.count() for m in models)


def clear() -> None:
    for model in (Authorship, Work, AuthorRecord, Institution, Topic):
        model.objects.all().delete()


# ---------------------------------------------------------------- a file with bad lines


def _work(short: str, **changes) -> str:
    work = dict(SAMPLE_WORK, id=f"https://openalex.org/{short}", doi=None, ids={}, **changes)
    work["title"] = work.get("title") or f"Work {short}"
    return json.dumps(work)


ABSTRACT_WORDS = 1_750_000  # "lorem " 1,750,000 times: a 10.5 MB abstract


def bad_file(tmp_path: Path) -> str:
    huge = {"lorem": list(range(ABSTRACT_WORDS))}
    lines = [
        _work("W1", title="A good work"),
        '{"id": "https://openalex.org/W2", "title": "broken',
        _work("W3", title="Authors as text", authorships="Jason Priem, Heather Piwowar"),
        _work("W4", title="Year as text", publication_year="two thousand"),
        json.dumps({"title": "No id at all", "authorships": []}),
        _work("W6", title="A ten-megabyte abstract", abstract_inverted_index=huge),
        _work("W7", title="Another good work", publication_year=2020),
    ]
    return write_lines(tmp_path / "bad.jsonl", lines)


def test_a_file_with_bad_lines_imports_the_good_ones_and_reports_each_bad_one(tmp_path):
    path = bad_file(tmp_path)
    assert len("lorem ") * ABSTRACT_WORDS > 10_000_000
    out, err = run(path)
    assert "3 imported (3 created, 0 updated, 0 unchanged), 4 rejected" in out
    assert set(Work.objects.values_list("openalex_id", flat=True)) == {"W1", "W6", "W7"}
    rejects = [json.loads(x) for x in Path(f"{path}.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (2, rejects[0]["reason"]),
        (3, "W3: 'authorships' is not a list (a str)"),
        (4, "W4: 'publication_year' is not a number: 'two thousand'"),
        (5, "no OpenAlex id in 'id': 'None'"),
    ]
    assert rejects[0]["reason"].startswith("not valid JSON")
    assert all(r["file"] == path for r in rejects)
    assert [r.get("record") for r in rejects] == [None, "W3", "W4", None]
    for where in (f"{path}:2:", f"{path}:3 (W3):", f"{path}:4 (W4):", f"{path}:5:"):
        assert where in err
    assert "  rejected 1: 'authorships' is not a list (a str)" in out
    assert f"rejected records written to {path}.rejects.jsonl" in out
    # The 10 MB abstract is kept, cut at the documented length.
    abstract = Work.objects.get(openalex_id="W6").abstract
    assert len(abstract) <= openalex.MAX_ABSTRACT_CHARS and abstract.endswith("lorem\u2026")

    before = counts()
    out, _ = run(path)
    assert "3 imported (0 created, 0 updated, 3 unchanged), 4 rejected" in out
    assert counts() == before


def test_a_clean_run_leaves_no_rejects_file_and_empties_a_stale_one(tmp_path):
    path = write_lines(tmp_path / "good.jsonl", [_work("W1")])
    run(path)
    assert not Path(f"{path}.rejects.jsonl").exists()
    Path(f"{path}.rejects.jsonl").write_text('{"old": true}\n')
    run(path, "--rejects", f"{path}.rejects.jsonl")
    assert Path(f"{path}.rejects.jsonl").read_text() == ""


def test_abstracts_are_capped_at_a_word():
    text = "word " * 10_000
    capped = openalex.cap_abstract(text)
    assert len(capped) <= openalex.MAX_ABSTRACT_CHARS and capped.endswith("word\u2026")
    assert openalex.cap_abstract("short") == "short"


# ---------------------------------------------------------------- interrupted and resumed


def snapshot_file(tmp_path: Path) -> str:
    """A small synthetic snapshot (75 records) with two broken lines, one in the first chunk
    and one in a later one."""
    lines = [json.dumps(obj) for obj in Generator(Scale(authors=20, works=40), seed=3).records()]
    lines.insert(4, "not json")
    lines.insert(50, '{"id": ')
    return write_lines(tmp_path / "snap.jsonl", lines)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(batches, "CHUNK_RECORDS", 10)


def _interrupt_after_first_checkpoint(monkeypatch):
    save = runs.save_checkpoint
    calls = []

    def save_then_stop(path, checkpoint):
        save(path, checkpoint)
        calls.append(checkpoint)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(runs, "save_checkpoint", save_then_stop)


def _interrupt_in_the_middle_of_a_chunk(monkeypatch):
    line = runs.ProgressLine.line

    def stop_at_25(self, done, rejected):
        if done == 25:
            raise KeyboardInterrupt
        return line(self, done, rejected)

    monkeypatch.setattr(runs.ProgressLine, "line", stop_at_25)


@pytest.mark.parametrize(
    ("interrupt", "done"),
    [(_interrupt_after_first_checkpoint, 10), (_interrupt_in_the_middle_of_a_chunk, 20)],
)
def test_an_interrupted_import_resumes_and_ends_with_the_same_rows(
    tmp_path, monkeypatch, small_chunks, interrupt, done
):
    path = snapshot_file(tmp_path)
    run(path)
    expected, expected_rejects = rows(), Path(f"{path}.rejects.jsonl").read_text()
    clear()
    assert counts() == (0, 0, 0, 0, 0, 0)

    with monkeypatch.context() as patch:
        interrupt(patch)
        with pytest.raises(CommandError, match="interrupted") as stopped:
            run(path, "--progress-every", "1")
    assert stopped.value.returncode == 130
    assert runs.load_checkpoint(path).done == done
    assert rows() != expected

    out, _ = run(path, "--resume", "--progress-every", "1000")
    assert f"{path}: resuming after record {done}" in out
    assert "75 imported" in out and "2 rejected" in out
    assert rows() == expected
    assert Path(f"{path}.rejects.jsonl").read_text() == expected_rejects
    assert not Path(runs.checkpoint_path(path)).exists()


def test_resume_without_a_checkpoint_or_for_a_changed_file_starts_over(tmp_path, small_chunks):
    path = snapshot_file(tmp_path)
    out, _ = run(path, "--resume")
    assert "no checkpoint, importing from the start" in out
    runs.save_checkpoint(path, runs.Checkpoint(done=30, size=1))
    out, _ = run(path, "--resume")
    assert "the file changed since the checkpoint" in out
    assert "75 imported (0 created, 0 updated, 75 unchanged)" in out


def test_progress_line_gives_rate_and_time_left():
    line = runs.ProgressLine("f.jsonl", 1000)
    line.started -= 10
    assert line.line(100, 2) == (
        "f.jsonl: 100/1000 (10%) records, 2 rejected, 10 records/s, 0:01:30 left"
    )
    assert runs.ProgressLine("-", None).line(5, 0).startswith("-: 5 records, 0 rejected, ")
