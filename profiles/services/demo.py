"""Loading the demo researchers in `fixtures/demo_researchers.json` through the services, so the
demo data obeys the same rules (and gets the same counters and trust) as real data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from profiles.models import AuthorRecord, Institution, InstitutionDomain
from profiles.services.records import author_record_create, refresh_author_stats
from profiles.services.works import AuthorSlot, work_upsert

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_researchers.json"


@transaction.atomic
def load_demo_data(
    *, path: Path = DEMO_FILE, progress: Callable[[str], None] = lambda message: None
) -> dict[str, int]:
    """Create or update the demo institutions, records and works. Running it twice changes
    nothing the second time. Returns how many of each it touched."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    institutions = {item["key"]: _institution(item) for item in data["institutions"]}
    progress(f"institutions: {len(institutions)}")
    authors = {item["key"]: _author(item, institutions) for item in data["authors"]}
    progress(f"author records: {len(authors)}")
    total = len(data["works"])
    for i, item in enumerate(data["works"], start=1):
        _work(item, authors)
        progress(f"works: {i}/{total}")
    for author in authors.values():
        refresh_author_stats(author=author)
    return {"institutions": len(institutions), "authors": len(authors), "works": total}


def _institution(item: dict) -> Institution:
    inst, _ = Institution.objects.update_or_create(
        name=item["name"],
        defaults={
            "homepage_url": item.get("homepage_url", ""),
            "alternative_names": item.get("alternative_names", []),
        },
    )
    for domain in item.get("domains", []):
        InstitutionDomain.objects.update_or_create(domain=domain, defaults={"institution": inst})
    return inst


def _author(item: dict, institutions: dict[str, Institution]) -> AuthorRecord:
    existing = AuthorRecord.objects.filter(slug=item["slug"]).first()
    if existing is None:
        existing = author_record_create(
            slug=item["slug"],
            display_name=item["display_name"],
            headline=item.get("headline", ""),
            affiliation=institutions.get(item.get("affiliation") or ""),
            open_to_collaborate=item.get("open_to_collaborate", False),
            name_variants=item.get("name_variants", []),
            source=item.get("source", "seed"),
        )
    if item.get("links") and not existing.links:
        existing.links = item["links"]
        existing.save(update_fields=["links"])
    return existing


def _work(item: dict, authors: dict[str, AuthorRecord]) -> None:
    work_upsert(
        title=item["title"],
        authors=[
            AuthorSlot(raw_name=name, author=authors.get(key or ""))
            for name, key in item["authors"]
        ],
        work_type=item.get("work_type", "article"),
        year=item.get("year"),
        venue=item.get("venue", ""),
        abstract=item.get("abstract", ""),
        doi=item.get("doi", ""),
        arxiv_id=item.get("arxiv_id", ""),
        alternative_titles=item.get("alternative_titles", []),
        author_list_complete=item.get("author_list_complete", True),
        source=item.get("source", "seed"),
    )
