"""The synthetic OpenAlex snapshot (`manage.py generate_openalex`): the same file for the same
seed, records the importer reads, the shapes the scale tests rely on, and an import."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from profiles.importers import openalex
from profiles.importers.synthetic import COMMON_NAMES, Generator, Scale
from profiles.models import AuthorRecord, Authorship, Work


def _generate(tmp_path, *, authors=300, works=900, seed=1, name="snap.jsonl.gz"):
    out = tmp_path / name
    err = io.StringIO()
    call_command(
        "generate_openalex",
        f"--authors={authors}",
        f"--works={works}",
        f"--seed={seed}",
        f"--out={out}",
        stdout=io.StringIO(),
        stderr=err,
    )
    return out, err.getvalue()


def _lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_the_same_seed_writes_the_same_file_and_another_seed_another(tmp_path):
    first, progress = _generate(tmp_path, name="a.jsonl.gz")
    again, _ = _generate(tmp_path, name="b.jsonl.gz")
    other, _ = _generate(tmp_path, seed=2, name="c.jsonl.gz")
    assert _lines(first) == _lines(again)
    assert _lines(first) != _lines(other)
    assert "100%" in progress and "records/s" in progress


def test_every_record_is_read_by_the_importers_parser():
    kinds = Counter(
        openalex.kind_of(r) for r in Generator(Scale(authors=300, works=900), seed=3).records()
    )
    assert kinds == {"institution": 5, "topic": 10, "author": 300, "work": 900}
    for record in Generator(Scale(authors=50, works=100), seed=3).records():
        openalex.parse(record)  # raises ImportRecordError on a shape it cannot read


def test_the_shapes_scale_tests_rely_on():
    records = list(Generator(Scale(authors=2000, works=4000), seed=5).records())
    works = [r for r in records if r["id"].rsplit("/", 1)[1].startswith("W")]
    authors = [r for r in records if r["id"].rsplit("/", 1)[1].startswith("A")]
    sizes = Counter(len(w["authorships"]) for w in works)
    assert min(sizes) >= 2 and max(sizes) <= 15
    per_author = Counter(a["author"]["id"] for w in works for a in w["authorships"])
    counts = sorted(per_author.values(), reverse=True)
    assert counts[0] >= 10 * counts[len(counts) // 2]  # long-tailed
    # ... with one heavy author well ahead of everyone else (the tail is capped).
    assert per_author[authors[0]["id"]] == counts[0] and counts[1] <= 0.7 * counts[0]
    names = Counter(a["display_name"] for a in authors)
    assert sum(names[n] for n in COMMON_NAMES) >= 20  # common names are shared
    assert any("ó" in n or "ü" in n for n in names)  # accents


@pytest.mark.django_db
def test_a_small_snapshot_imports_and_a_second_import_changes_nothing(tmp_path):
    path, _ = _generate(tmp_path, authors=20, works=30)
    call_command("import_openalex", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    counts = (AuthorRecord.objects.count(), Work.objects.count(), Authorship.objects.count())
    assert counts[0] == 20 and counts[1] == 30
    assert Authorship.objects.filter(author__isnull=True).count() == 0
    call_command("import_openalex", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert (AuthorRecord.objects.count(), Work.objects.count(), Authorship.objects.count()) == (
        counts
    )


@pytest.mark.django_db
def test_hao_wangs_of_a_generated_database_are_told_apart_in_the_results(tmp_path, api_client):
    path, _ = _generate(tmp_path, authors=1500, works=20)
    call_command("import_openalex", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    holders = AuthorRecord.objects.filter(display_name="Hao Wang").count()
    assert holders >= 3  # a common name, shared
    body = api_client.get("/api/v1/authors/", {"q": "Wang Hao"}).json()
    hits = [r for r in body["results"] if r["display_name"] == "Hao Wang"]
    assert len(hits) == holders and body["results"][: len(hits)] == hits  # all of them, first
    # Each shows its affiliation and top topics, and they tell the namesakes apart.
    assert all(r["affiliation"]["name"] and r["top_topics"] for r in hits)
    shown = {(r["affiliation"]["name"], tuple(r["top_topics"])) for r in hits}
    assert len(shown) > 1
