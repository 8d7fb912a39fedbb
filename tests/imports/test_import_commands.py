"""The import_openalex and import_orcid commands on the real samples (tests/data/samples):
file formats (object, array, JSON Lines, gzip, stdin), progress, summary and exit status."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.models import AuthorRecord, Institution, Topic, Work

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
OPENALEX = sorted((SAMPLES / "openalex").glob("*.json"))
ORCID = SAMPLES / "orcid" / "record-full-3.0.json"


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def jsonl(tmp_path, lines: list[str], name: str = "snapshot.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def compact(path: Path) -> str:
    return json.dumps(json.loads(path.read_text(encoding="utf-8")))


def test_sample_files_import_and_summary_counts_them():
    out, err = run("import_openalex", *map(str, OPENALEX))
    assert err == ""
    assert "total: 4 imported (4 created, 0 updated, 0 unchanged), 0 rejected" in out
    assert AuthorRecord.objects.get().display_name == "Jason Priem"
    assert Work.objects.get().venue == "PeerJ"
    assert Institution.objects.filter(name="University of Michigan").exists()
    assert Topic.objects.filter(openalex_id="T11636").exists()


def test_second_run_reports_everything_unchanged():
    run("import_openalex", *map(str, OPENALEX))
    out, _ = run("import_openalex", *map(str, OPENALEX))
    assert "total: 4 imported (0 created, 0 updated, 4 unchanged), 0 rejected" in out


def test_json_lines_with_a_broken_line_imports_the_rest(tmp_path):
    lines = [compact(p) for p in OPENALEX]
    lines.insert(2, '{"id": "https://openalex.org/W12", "title": ')
    lines.insert(3, json.dumps({"id": "https://openalex.org/A7", "display_name": None}))
    path = jsonl(tmp_path, lines)
    out, err = run("import_openalex", "--no-bulk", "--progress-every", "2", path)
    assert f"{path}:3: not valid JSON" in err
    assert f"{path}:4 (A7): A7: 'display_name' is missing or empty" in err
    assert "4 imported (4 created, 0 updated, 0 unchanged), 2 rejected" in out
    assert f"{path}: 2/6 (33%) records, 0 rejected, " in out
    assert f"{path}: 4/6 (66%) records, 2 rejected, " in out
    assert "records/s, 0:00:00 left" in out
    assert "  rejected 1: 'display_name' is missing or empty" in out
    rejects = [json.loads(line) for line in Path(f"{path}.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r.get("record"), r["reason"][:14]) for r in rejects] == [
        (3, None, "not valid JSON"),
        (4, "A7", "A7: 'display_n"),
    ]
    assert rejects[0]["file"] == path
    assert Work.objects.filter(openalex_id="W2741809807").exists()


def test_json_array_and_gzip_snapshot(tmp_path):
    array = tmp_path / "all.json"
    array.write_text(json.dumps([json.loads(p.read_text()) for p in OPENALEX[:2]]))
    gz = tmp_path / "part.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(compact(p) for p in OPENALEX[2:]) + "\n")
    out, _ = run("import_openalex", str(array), str(gz))
    assert "total: 4 imported (4 created, 0 updated, 0 unchanged), 0 rejected" in out


def test_stdin_is_read_with_a_dash(monkeypatch):
    data = "\n".join(compact(p) for p in OPENALEX).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out, _ = run("import_openalex", "-")
    assert "<stdin>: 4 imported" in out


def test_nothing_importable_exits_non_zero(tmp_path):
    path = jsonl(tmp_path, ["not json", json.dumps({"id": "https://openalex.org/S1"})])
    with pytest.raises(CommandError, match="nothing imported \\(2 rejected\\)"):
        run("import_openalex", path)
    with pytest.raises(CommandError, match="nothing imported"):
        run("import_openalex", str(tmp_path / "missing.jsonl"))


def test_some_errors_still_exit_zero(tmp_path):
    path = jsonl(tmp_path, ["not json", compact(OPENALEX[0])])
    out, err = run("import_openalex", path)
    assert "1 imported" in out and "1 rejected" in out and "not valid JSON" in err


def test_import_orcid_reads_the_sample_record():
    out, err = run("import_orcid", str(ORCID))
    assert err == ""
    assert "1 imported (1 created, 0 updated, 0 unchanged), 0 rejected" in out
    record = AuthorRecord.objects.get(orcid="0000-0002-7319-2192")
    assert record.display_name == "Three releasecandidate1"
    assert record.authorships.get().work.title == "Work Title"


def test_import_orcid_reports_a_record_without_an_id(tmp_path):
    record = json.loads(ORCID.read_text())
    record["orcid-identifier"] = None
    path = jsonl(tmp_path, [json.dumps(record), compact(ORCID)], name="records.jsonl")
    out, err = run("import_orcid", path)
    assert f"{path}:1: 'orcid-identifier' holds no valid ORCID iD" in err
    assert "1 imported" in out
