"""The PostgreSQL bulk path of import_openalex (COPY into staging tables, set-based upserts)
writes what the record-by-record path writes: the same rows, counters, search text and trust
scores, the same rejects, and it resumes after an interruption to the same rows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from profiles.importers import bulk as bulk_rows
from profiles.importers import runs
from profiles.importers.synthetic import Generator, Scale
from profiles.models import AuthorRecord, AuthorTopic, ProfileEvent
from profiles.selectors.search import search
from tests.imports.test_import_runs import (
    ABSTRACT_WORDS,
    SAMPLES,
    bad_file,
    clear,
    counts,
    rows,
    write_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def run(*args: str) -> tuple[str, str]:
    """import_openalex as an operator runs it: on PostgreSQL the bulk path by default."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_openalex", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stats() -> list[tuple]:
    """What refresh_author_stats computes, per record."""
    return sorted(
        AuthorRecord.objects.values_list(
            "openalex_id",
            "works_count",
            "topics_count",
            "collaborators_count",
            "followers_count",
            "search_text",
            "trust_score",
            "trust_breakdown",
        )
    )


def topic_rows() -> list[tuple]:
    return sorted(
        AuthorTopic.objects.values_list(
            "author__openalex_id", "topic__openalex_id", "works_count", "imported_works_count"
        )
    )


def everything() -> dict:
    return {
        **rows(),
        "stats": stats(),
        "author_topics": topic_rows(),
        # The record-by-record path writes a trust line at each step of a record's score as
        # its works come in; the bulk path one for the final score.
        "events": sorted(set(ProfileEvent.objects.values_list("author__openalex_id", "kind"))),
    }


def snapshot(tmp_path: Path, authors: int = 30, works: int = 60) -> str:
    lines = [json.dumps(o) for o in Generator(Scale(authors=authors, works=works), 5).records()]
    return write_lines(tmp_path / "snap.jsonl", lines)


def both_paths(*args: str) -> tuple[dict, dict, str]:
    """The rows the record-by-record path writes, then those of the bulk path."""
    run(*args, "--no-bulk")
    by_record = everything()
    clear()
    out, _ = run(*args, "--bulk")
    return by_record, everything(), out


def test_the_samples_give_the_same_rows_by_both_paths():
    files = sorted(str(p) for p in SAMPLES.glob("*.json"))
    by_record, by_bulk, out = both_paths(*files)
    assert "bulk path" in out
    assert by_bulk == by_record
    assert by_bulk["stats"] and by_bulk["authorships"]


def slugs() -> dict[str, str]:
    return dict(AuthorRecord.objects.values_list("openalex_id", "slug"))


def test_a_generated_snapshot_gives_the_same_rows_and_counters(tmp_path):
    path = snapshot(tmp_path)
    run(path, "--no-bulk")
    by_record, numbered = everything(), slugs()
    clear()
    run(path, "--bulk")
    by_bulk = everything()
    assert by_bulk == by_record
    # A name's first record gets the same slug; the next ones of that name the name and
    # their OpenAlex id (`hao-wang-a100000012`) instead of a number.
    for oid, slug in slugs().items():
        assert slug in (numbered[oid], f"{numbered[oid].rsplit('-', 1)[0]}-{oid.lower()}")
    assert any(row[1] > 1 for row in by_bulk["stats"])  # works counted
    assert any(row[3] > 0 for row in by_bulk["stats"])  # co-authors counted


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = snapshot(tmp_path)
    out, _ = run(path)  # JSON Lines on PostgreSQL: the bulk path without asking
    assert "bulk path" in out
    total = int(out.split(" imported (")[0].rsplit(" ", 1)[-1])
    assert f"({total} created, 0 updated, 0 unchanged)" in out
    # The counters' refresh after the last chunk shows its progress too.
    records = AuthorRecord.objects.count()
    assert f"counters refreshed: 0/{records:,} records" in out
    assert f"counters refreshed: {records:,}/{records:,} records, 0 s left" in out
    before, written = counts(), everything()
    out, _ = run(path, "--bulk")
    assert f"{total} imported (0 created, 0 updated, {total} unchanged), 0 rejected" in out
    assert counts() == before
    assert everything() == written


def test_bad_lines_are_rejected_with_the_same_reasons(tmp_path):
    path = bad_file(tmp_path)
    run(path, "--no-bulk")
    expected_rejects = Path(f"{path}.rejects.jsonl").read_text()
    by_record = everything()
    clear()
    out, err = run(path, "--bulk")
    assert "3 imported (3 created, 0 updated, 0 unchanged), 4 rejected" in out
    assert Path(f"{path}.rejects.jsonl").read_text() == expected_rejects
    assert f"{path}:3 (W3): W3: 'authorships' is not a list (a str)" in err
    assert everything() == by_record
    assert len("lorem ") * ABSTRACT_WORDS > 10_000_000


def test_an_interrupted_bulk_import_resumes_to_the_same_rows(tmp_path, monkeypatch):
    path = snapshot(tmp_path)
    monkeypatch.setattr(bulk_rows, "CHUNK_LINES", 20)
    run(path, "--bulk")
    expected = everything()
    clear()
    save, calls = runs.save_checkpoint, []

    def save_then_stop(target, checkpoint):
        save(target, checkpoint)
        calls.append(checkpoint)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(runs, "save_checkpoint", save_then_stop)
        with pytest.raises(Exception, match="interrupted"):
            run(path, "--bulk")
    checkpoint = runs.load_checkpoint(path)
    assert checkpoint.done == 40 and checkpoint.started > 0
    assert everything() != expected

    out, _ = run(path, "--bulk", "--resume")
    assert f"{path}: resuming after record 40" in out
    assert everything() == expected
    assert not Path(runs.checkpoint_path(path)).exists()


def test_search_finds_bulk_imported_names(tmp_path):
    run(snapshot(tmp_path), "--bulk")
    record = AuthorRecord.objects.exclude(display_name__contains="Wang").order_by("pk").first()
    assert record.search_text
    found = search(AuthorRecord.objects.all(), record.display_name)
    assert record in list(found[:50])
