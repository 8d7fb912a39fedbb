"""Reading messy CV text (profiles/evidence/cv.py): pure functions, no database."""

import pytest

from profiles.evidence.cv import name_keys, parse_cv, split_entries
from profiles.evidence.names import fold
from tests.factories import SEED_CVS, cv_text


@pytest.mark.parametrize(("stem", "owner"), list(SEED_CVS.items()))
def test_each_seed_cv_yields_its_owners_name(stem, owner):
    parsed = parse_cv(cv_text(stem))
    assert parsed.owner_name == owner


def test_a_cv_without_a_name_header_is_recognised_by_the_name_it_highlights():
    # ChonLam Lao's CV starts with "ME"; his name is linked or bold in every entry.
    parsed = parse_cv(cv_text("chonlam_lao"))
    assert parsed.owner_name_source == "emphasis"


def test_the_seed_cvs_publication_titles_are_found_as_entries():
    entries = {t for e in parse_cv(cv_text("chonlam_lao")).entries for t in e.titles}
    assert "efficient data plane memory scheduling for in network aggregation" in entries
    assert "atp in network aggregation for multi tenant learning" in entries


def test_a_flattened_table_gives_one_entry_per_row():
    # Hao Wang's CV prints "Title <i>Authors</i>\tVENUE YEAR" rows with nothing between them.
    texts = [e.text for e in parse_cv(cv_text("hao_wang")).entries]
    preemptive = [t for t in texts if t.startswith("Preemptive Switch Memory Usage")]
    assert len(preemptive) == 1
    assert "AutoByte" not in preemptive[0]


def test_arxiv_ids_in_urls_and_prefixes_are_found():
    parsed = parse_cv(cv_text("maximilian_lam"))
    assert "2301.10904" in parsed.arxiv_ids
    assert "1605.09721" in parsed.arxiv_ids
    bare = parse_cv("Some paper. arXiv:2306.01234v2, 2023.")
    assert bare.arxiv_ids == ("2306.01234",)


def test_dois_in_url_or_bare_form_are_found_lower_cased():
    parsed = parse_cv(
        "1. A paper. https://doi.org/10.1145/3544216.3544254\n"
        "2. Another paper. doi:10.1109/ICNP59255.2023.10355577.\n"
    )
    assert parsed.dois == ("10.1145/3544216.3544254", "10.1109/icnp59255.2023.10355577")


def test_words_hyphenated_across_line_breaks_are_joined():
    parsed = parse_cv(
        "- \u201cEfficient Data-Plane Memory Sched-\nuling for In-Network Aggre-\n"
        "gation\u201d, ICNP 2023."
    )
    assert "efficient data plane memory scheduling for in network aggregation" in (
        parsed.entries[0].titles
    )


def test_numbered_and_bulleted_lists_start_new_entries():
    text = (
        "1. First title of a paper, Venue 2020\n2) Second title of a paper\n"
        "[3] Third one\n\u2022 Fourth"
    )
    assert len(split_entries(text)) == 4


def test_wrapped_lines_join_the_entry_above():
    text = "- A long title that wraps\n  onto the next line, with authors\n  NSDI 2024.\n- Next"
    entries = split_entries(text)
    assert len(entries) == 2
    assert "onto the next line" in entries[0]


def test_markup_is_removed_from_entries():
    parsed = parse_cv("- [ChonLam Lao](#), **Bold**, <i>Italic title here</i> &amp; more, 2021")
    assert parsed.entries[0].text == "ChonLam Lao, Bold, Italic title here & more, 2021"


def test_fold_title_ignores_case_punctuation_and_hyphens():
    assert fold("In-Network  Aggregation: A \u201cStudy\u201d!") == "in network aggregation a study"


def test_name_keys_agree_across_orders_and_initials():
    assert name_keys("ChonLam Lao") & name_keys("Lao ChonLam")
    assert name_keys("ChonLam Lao") & name_keys("C. Lao")
    assert not name_keys("ChonLam Lao") & name_keys("Hao Wang")


def test_empty_or_junk_text_parses_to_nothing():
    assert parse_cv("").entries == ()
    assert parse_cv("\x00\x01 ---- \n\n ***").owner_name == ""


def test_credentials_after_a_header_name_are_ignored():
    assert parse_cv("Jane Q. Doe, Ph.D.\njane@example.org\n").owner_name == "Jane Q. Doe"
