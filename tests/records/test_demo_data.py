"""The demo data is the seed record exactly, plus the four CV researchers."""

import pytest

from profiles.models import AuthorRecord, Work
from profiles.services.demo import load_demo_data

pytestmark = pytest.mark.django_db

PRISM = "A Few GPUs, A Whole Lotta Scale: Faithful LLM Training Emulation with PrismLLM"
ESA = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def test_loading_twice_changes_nothing(demo):
    before = (AuthorRecord.objects.count(), Work.objects.count())
    load_demo_data()
    assert (AuthorRecord.objects.count(), Work.objects.count()) == before == (4, 15)


def test_seed_record_matches_the_seed_page(seed_record):
    record = seed_record
    assert record.display_name == "ChonLam Lao"
    assert record.headline == (
        "ChonLam Lao contributes to research discovery and scholarly infrastructure."
    )
    assert record.affiliation is None
    assert record.open_to_collaborate is True
    assert record.verification_level == 1 and record.owner is None
    assert record.works_count == 2 and record.followers_count == 0
    assert record.trust_score == 13
    titles = set(Work.objects.filter(authorships__author=record).values_list("title", flat=True))
    assert titles == {PRISM, ESA}


def test_seed_works_keep_type_year_venue_and_full_abstracts(seed_record):
    prism = Work.objects.get(title=PRISM)
    esa = Work.objects.get(title=ESA)
    assert (prism.work_type, prism.year, prism.venue) == ("preprint", 2026, "arXiv")
    assert (esa.work_type, esa.year, esa.venue) == ("preprint", 2022, "arXiv")
    assert prism.abstract.startswith("Large language model (LLM) training today runs")
    assert prism.abstract.endswith("required by the original deployment.")
    assert esa.abstract.startswith("As the scale of distributed training grows")
    assert esa.abstract.endswith("improve the average JCT by up to $1.35\\times$.")


def test_shared_work_links_chonlam_lao_and_hao_wang_in_printed_order(demo):
    esa = Work.objects.get(title=ESA)
    slots = list(esa.authorships.order_by("position").values_list("raw_name", "author__slug"))
    assert slots == [
        ("Hao Wang", "hao-wang"),
        ("Yuxuan Qin", None),
        ("ChonLam Lao", "chonlam-lao"),
        ("Yanfang Le", None),
        ("Wenfei Wu", None),
        ("Kai Chen", None),
    ]
    assert "Preemptive Switch Memory Usage to Accelerate Training Jobs with Shared INA" in (
        esa.alternative_titles
    )


def test_every_cv_researcher_has_a_record_with_works(demo):
    for slug in ["hao-wang", "maximilian-lam", "chaoyang-he"]:
        assert demo[slug].works_count >= 4
