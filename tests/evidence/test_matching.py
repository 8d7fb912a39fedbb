"""Evidence scoring (profiles/evidence/matching.py and scoring.py): the seed cases through the
selector, the formula as pure functions, and the query bound."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.evidence.cv import parse_cv
from profiles.evidence.facts import RecordFacts, WorkFacts
from profiles.evidence.proofs import Proof
from profiles.evidence.scoring import (
    PENALTY_COAUTHOR_FIRST,
    PENALTY_CV_NAME_MISMATCH,
    POINTS_CV_NAME_MATCH,
    POINTS_NAME,
    POINTS_PRINTED_AS_RECORD,
    POINTS_WORK_TITLE,
    REVIEW,
    STRONG,
    STRONG_THRESHOLD,
    WEAK,
    score_parsed,
)
from profiles.models import NameVariant, Work
from profiles.selectors.evidence import score_evidence
from tests.factories import AuthorRecordFactory, AuthorshipFactory, build_small_seed_record, cv_text

ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"
HAO_TITLE = "Preemptive Switch Memory Usage to Accelerate Training Jobs with Shared INA"


def _score(record, name, stem=None, text=None, proofs=()):
    return score_evidence(
        record,
        claimant_name=name,
        cv_text=cv_text(stem) if stem else (text or ""),
        identity_proof=[Proof.from_dict(p) for p in proofs],
    )


@pytest.fixture
def small_record(db):
    return build_small_seed_record()


# --------------------------------------------------------------------------- seed cases


@pytest.mark.django_db
def test_chonlam_laos_cv_is_strong_and_names_the_icnp_work(seed_record):
    report = _score(seed_record, "ChonLam Lao", "chonlam_lao")
    assert report.decision == STRONG
    assert report.score >= STRONG_THRESHOLD
    assert [m.title for m in report.matched_works] == [ICNP_TITLE]
    assert report.matched_works[0].matched_by == "title"
    assert report.matched_works[0].similarity == 100.0
    assert "ICNP 2023" in report.matched_works[0].cv_text
    assert ICNP_TITLE in report.reasons[0]
    assert report.coauthor_of == []


@pytest.mark.django_db
def test_hao_wangs_cv_is_not_strong_and_says_he_is_a_coauthor(seed_record):
    report = _score(seed_record, "Hao Wang", "hao_wang")
    assert report.decision in (WEAK, REVIEW)
    assert [c.as_dict() for c in report.coauthor_of] == [
        {
            "work_id": Work.objects.get(title=ICNP_TITLE).pk,
            "title": ICNP_TITLE,
            "printed_as": "Hao Wang",
            "position": 1,
        }
    ]
    assert "co-author" in report.reasons[0]
    assert "author 3" in report.reasons[0]
    assert any(HAO_TITLE in r for r in report.reasons)


@pytest.mark.django_db
def test_a_retitled_shared_work_is_found_by_its_author_list(seed_record):
    """Without the alternative title on record, Hao Wang's differently titled entry is still
    recognised by its author list and year, and he is still seen as a co-author."""
    Work.objects.filter(title=ICNP_TITLE).update(alternative_titles=[])
    report = _score(seed_record, "Hao Wang", "hao_wang")
    assert [m.matched_by for m in report.matched_works] == ["authors"]
    assert report.coauthor_of[0].position == 1
    assert report.decision == WEAK


@pytest.mark.django_db
def test_look_alikes_cvs_are_weak(seed_record):
    for stem, name in [("maximilian_lam", "Maximilian Lam"), ("chaoyang_he", "Chaoyang He")]:
        report = _score(seed_record, name, stem)
        assert report.decision == WEAK, name
        assert report.matched_works == []
        assert report.coauthor_of == []


@pytest.mark.django_db
def test_chonlam_laos_cv_under_another_name_is_not_strong(seed_record):
    for other in ["Hao Wang", "Jane Doe", "Maximilian Lam"]:
        report = _score(seed_record, other, "chonlam_lao")
        assert report.decision != STRONG, other
        assert any("belongs to \u201cChonLam Lao\u201d" in r for r in report.reasons)


@pytest.mark.django_db
def test_name_variants_of_the_owner_keep_his_cv_strong_and_initials_reach_review(seed_record):
    for variant in ["Lao ChonLam", "Chon Lam Lao", "Chón Lám Láo", "chonlam lao"]:
        assert _score(seed_record, variant, "chonlam_lao").decision == STRONG, variant
    for variant in ["C. Lao", "Lao, C."]:
        report = _score(seed_record, variant, "chonlam_lao")
        assert report.decision == REVIEW, variant
        assert any("only by initials" in r for r in report.reasons)


@pytest.mark.django_db
def test_a_name_alone_is_never_strong(small_record):
    report = _score(small_record, "ChonLam Lao")
    assert report.decision == WEAK
    assert any("name alone is not enough" in r for r in report.reasons)
    cv_without_works = (
        "ChonLam Lao\n\nPUBLICATIONS\n- \u201cSomething entirely different here\u201d, 2020"
    )
    assert _score(small_record, "ChonLam Lao", text=cv_without_works).decision == WEAK


@pytest.mark.django_db
def test_private_name_variants_count_for_matching(small_record):
    NameVariant.objects.create(author=small_record, name="Lam Chon Kit", is_private=True)
    report = _score(small_record, "Lam Chon Kit", text=ICNP_TITLE + ", ICNP 2023")
    # The former name counts as a match, but the reason names the record's public name.
    name = small_record.display_name
    assert any(f"matches the record's name \u201c{name}\u201d" in r for r in report.reasons)
    assert not any("Lam Chon Kit" in r for r in report.reasons)


@pytest.mark.django_db
def test_scoring_is_deterministic(small_record):
    first = _score(small_record, "Hao Wang", "hao_wang").as_dict()
    assert all(_score(small_record, "Hao Wang", "hao_wang").as_dict() == first for _ in range(3))


@pytest.mark.django_db
def test_report_dict_has_exactly_the_api_keys(small_record):
    data = _score(small_record, "ChonLam Lao", "chonlam_lao").as_dict()
    assert set(data) == {
        "score",
        "decision",
        "reasons",
        "matched_works",
        "coauthor_of",
        "identity_proof",
        "suggestions",
    }
    assert set(data["matched_works"][0]) == {
        "work_id",
        "title",
        "year",
        "venue",
        "matched_by",
        "similarity",
        "cv_text",
    }


@pytest.mark.django_db
def test_suggestions_name_the_records_institution_domains(demo):
    record = demo["hao-wang"]  # affiliated with HKUST, whose domain is ust.hk
    report = _score(record, "Hao Wang", "hao_wang")
    assert "Add and verify an email at ust.hk." in report.suggestions


@pytest.mark.django_db
def test_identity_proof_is_listed_separately_and_does_not_change_the_score(small_record):
    proof = [{"kind": "institutional_email", "detail": "Verified email x@harvard.edu"}]
    without = _score(small_record, "ChonLam Lao", "chonlam_lao")
    with_proof = _score(small_record, "ChonLam Lao", "chonlam_lao", proofs=proof)
    assert with_proof.score == without.score
    # A proof stored before strengths existed reads with its kind's default strength.
    assert [p.as_dict() for p in with_proof.identity_proof] == [
        {**proof[0], "strength": "supporting"}
    ]
    assert without.identity_proof == []


@pytest.mark.django_db
def test_the_records_own_orcid_proven_counts_as_evidence(small_record):
    small_record.orcid = "0000-0002-1825-0097"
    small_record.save(update_fields=["orcid"])
    proof = [{"kind": "orcid", "detail": "Signed in with ORCID iD 0000-0002-1825-0097."}]
    report = _score(small_record, "ChonLam Lao", text="ChonLam Lao\n", proofs=proof)
    assert report.score > _score(small_record, "ChonLam Lao", text="ChonLam Lao\n").score
    assert any("own ORCID iD" in r for r in report.reasons)


# --------------------------------------------------------------------------- query bound


@pytest.mark.django_db
def test_scoring_a_record_with_many_works_runs_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    record = AuthorRecordFactory(display_name="Ada Researcher")
    NameVariant.objects.create(author=record, name="A. Researcher")
    title = "Measuring congestion effects in large datacenter networks, part {}"
    for i in range(60):
        slot = AuthorshipFactory(
            author=record, raw_name="Ada Researcher", position=1, work__title=title.format(i)
        )
        AuthorshipFactory(work=slot.work, author=None, raw_name=f"Co Author{i}", position=2)
    cv = "\n".join(f"- \u201c{title.format(i)}\u201d, Venue 2024" for i in range(40))
    # name variants, works, their slots, domains, and whether ORCID sign-in is configured
    with django_assert_num_queries(5):
        report = score_evidence(record, claimant_name="Ada Researcher", cv_text=cv)
    assert len(report.matched_works) == 40


# --------------------------------------------------------------------------- pure formula


def _facts(*works, name="ChonLam Lao", orcid="", domains=()):
    return RecordFacts(
        record_id=1,
        display_name=name,
        names=(name,),
        orcid=orcid,
        works=tuple(works),
        domains=tuple(domains),
    )


_ids = itertools.count(1)


def _work(
    title, *, authors=("ChonLam Lao",), own=1, year=2022, venue="arXiv", doi="", arxiv="", alt=()
):
    return WorkFacts(
        work_id=next(_ids),
        title=title,
        alternative_titles=tuple(alt),
        year=year,
        venue=venue,
        doi=doi,
        arxiv_id=arxiv,
        slots=tuple((i, n, i == own) for i, n in enumerate(authors, start=1)),
    )


def _pure(facts, name, text, proofs=()):
    proof = [Proof.from_dict(p) for p in proofs]
    return score_parsed(facts, claimant_name=name, cv=parse_cv(text), identity_proof=proof)


def test_formula_for_the_genuine_owner_adds_up():
    facts = _facts(_work(ICNP_TITLE))
    report = _pure(
        facts, "ChonLam Lao", f"ChonLam Lao\n\n- \u201c{ICNP_TITLE}\u201d, ChonLam Lao, 2022"
    )
    assert report.score == (
        POINTS_WORK_TITLE + POINTS_NAME["exact"] + POINTS_CV_NAME_MATCH + POINTS_PRINTED_AS_RECORD
    )


def test_formula_penalises_a_coauthor_and_a_foreign_cv():
    facts = _facts(_work(ICNP_TITLE, authors=("Hao Wang", "ChonLam Lao"), own=2))
    text = f"ChonLam Lao\n\n- \u201c{ICNP_TITLE}\u201d, Hao Wang, ChonLam Lao, 2022"
    report = _pure(facts, "Hao Wang", text)
    expected = POINTS_WORK_TITLE + PENALTY_CV_NAME_MISMATCH + PENALTY_COAUTHOR_FIRST
    assert report.score == max(0, expected)
    assert report.decision == WEAK


def test_small_wording_changes_in_a_title_still_match():
    facts = _facts(_work(ICNP_TITLE))
    for listed in (
        "efficient data plane memory scheduling for in-network aggregation",
        "Efficient Data-Plane Memory Scheduling in In-Network Aggregation",
        "EFFICIENT DATA-PLANE MEMORY SCHEDULING FOR IN NETWORK AGGREGATIONS",
        "Efficient Data-Plane Memory Sched-\nuling for In-Network Aggregation",
    ):
        report = _pure(facts, "ChonLam Lao", f"- {listed}. ChonLam Lao. ICNP 2023.")
        assert report.matched_works, listed
        assert report.matched_works[0].similarity >= 90


def test_a_different_title_on_the_same_topic_does_not_match():
    facts = _facts(_work(ICNP_TITLE))
    text = "- ATP: In-network Aggregation for Multi-tenant Learning, NSDI 2021"
    assert _pure(facts, "ChonLam Lao", text).matched_works == []


def test_a_short_generic_title_does_not_match_by_fuzz_alone():
    facts = _facts(_work("Deep Learning", year=2019, venue="Nature"))
    # The phrase appears inside a longer title: not the same work.
    text = "- Deep Learning for Networked Systems at Scale, SIGCOMM 2019\n- Deep learning, 2015"
    assert _pure(facts, "ChonLam Lao", text).matched_works == []
    # Exactly the title, as its own fragment, with the year printed: a match.
    assert _pure(facts, "ChonLam Lao", "- \u201cDeep Learning\u201d. Nature, 2019.").matched_works


def test_titles_that_differ_only_by_a_number_are_different_works():
    facts = _facts(
        _work("Scalable in-network aggregation for training, part 1"),
        _work("Scalable in-network aggregation for training, part 2"),
    )
    text = "- Scalable In-Network Aggregation for Training, Part 2. NSDI 2022."
    report = _pure(facts, "ChonLam Lao", text)
    assert [m.title for m in report.matched_works] == [
        "Scalable in-network aggregation for training, part 2"
    ]


def test_doi_and_arxiv_ids_match_exactly_whatever_the_title():
    facts = _facts(
        _work("A title", doi="10.1145/3544216.3544254"),
        _work("Another title here", arxiv="2306.01234"),
    )
    text = "- Renamed. https://doi.org/10.1145/3544216.3544254\n- Renamed too. arXiv:2306.01234v3"
    report = _pure(facts, "ChonLam Lao", text)
    assert sorted(m.matched_by for m in report.matched_works) == ["arxiv", "doi"]


def test_a_similar_doi_prefix_does_not_match():
    facts = _facts(_work("A title", doi="10.1145/3544216.3544254"))
    assert _pure(facts, "ChonLam Lao", "- Other. doi:10.1145/3544216.35442").matched_works == []


def test_reasons_are_plain_sentences_in_order_of_importance():
    facts = _facts(_work(ICNP_TITLE))
    report = _pure(facts, "Jane Doe", f"ChonLam Lao\n\n- {ICNP_TITLE}, 2022")
    assert report.reasons[0].startswith("The CV belongs to")
    assert all(r.endswith(".") for r in report.reasons)


@pytest.mark.django_db
def test_the_seed_table_in_the_docs_holds(seed_record):
    """docs/claims-scoring.md lists these scores; keep the two in step."""
    table = [
        ("chonlam_lao", "ChonLam Lao", 75, STRONG),
        ("chonlam_lao", "C. Lao", 65, REVIEW),
        ("chonlam_lao", "Jane Doe", 10, WEAK),
        ("chonlam_lao", "Hao Wang", 0, WEAK),
        ("hao_wang", "Hao Wang", 10, WEAK),
        ("maximilian_lam", "Maximilian Lam", 10, WEAK),
        ("chaoyang_he", "Chaoyang He", 10, WEAK),
    ]
    for stem, name, score, decision in table:
        report = _score(seed_record, name, stem)
        assert (report.score, report.decision) == (score, decision), (stem, name)


def test_someone_elses_cv_names_its_owner_as_a_coauthor():
    facts = _facts(_work(ICNP_TITLE, authors=("Hao Wang", "Yuxuan Qin", "ChonLam Lao"), own=3))
    text = f"HAO WANG\n\nPUBLICATIONS\n- {ICNP_TITLE}, Hao Wang, Yuxuan Qin, ChonLam Lao, 2022"
    report = _pure(facts, "ChonLam Lao", text)
    assert report.decision != STRONG
    assert any(
        "The CV's owner \u201cHao Wang\u201d is printed as author 1" in r for r in report.reasons
    )


def test_text_without_readable_entries_is_told_apart_from_no_cv():
    facts = _facts(_work(ICNP_TITLE))
    assert any("could not find any publication" in r for r in _pure(facts, "X Y", "x y z").reasons)
    assert any("No CV or publication list" in r for r in _pure(facts, "X Y", "").reasons)


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=60), text=st.text(max_size=2000))
def test_any_input_gives_a_bounded_score_and_never_a_strong_name_only_match(name, text):
    facts = _facts(
        _work(ICNP_TITLE), _work("Another long title about network telemetry", year=2020)
    )
    report = _pure(facts, name, text)
    assert 0 <= report.score <= 100
    assert report.decision in (STRONG, REVIEW, WEAK)
    if not report.matched_works:
        assert report.decision != STRONG


def test_a_cv_in_another_form_of_the_records_name_is_consistent():
    facts = RecordFacts(
        record_id=1,
        display_name="Maximilian Lam",
        names=("Maximilian Lam", "Max Lam"),
        orcid="",
        works=(
            _work("Word2Bits - Quantized Word Vectors", authors=("Maximilian Lam",), year=2018),
        ),
    )
    text = "# Maximilian Lam\n\n- Maximilian Lam. Word2Bits - Quantized Word Vectors. 2018."
    report = _pure(facts, "Max Lam", text)
    assert not any("belongs to" in r for r in report.reasons)


def test_a_long_list_of_matched_works_is_shortened_in_the_reason():
    works = [_work(f"Measuring congestion in datacenter networks, volume {i}") for i in range(8)]
    text = "\n".join(f"- {w.title}. NSDI 2022." for w in works)
    report = _pure(_facts(*works), "ChonLam Lao", text)
    assert len(report.matched_works) == 8
    assert any(r.startswith("The CV lists 8 of") and "and 3 more" in r for r in report.reasons)
