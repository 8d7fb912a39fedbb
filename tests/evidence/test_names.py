"""Name comparison (profiles/evidence/names.py): pure functions, no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.evidence.names import (
    _NOISE,
    EXACT,
    INITIALS,
    NONE,
    SURNAME,
    best_match,
    compare_names,
    name_tokens,
)

RECORD = "ChonLam Lao"


@pytest.mark.parametrize(
    "variant",
    [
        "ChonLam Lao",
        "Lao ChonLam",
        "Chon Lam Lao",
        "Chon-Lam Lao",
        "Lao Chon Lam",
        "chonlam lao",
        "CHONLAM LAO",
        "Lao, ChonLam",
        "Chón Lám Láo",  # accents
        "Dr. ChonLam Lao",
        "ChonLam Lao, PhD",
    ],
)
def test_same_person_in_other_order_spacing_case_or_accents_is_exact(variant):
    assert compare_names(variant, RECORD).kind == EXACT


@pytest.mark.parametrize("variant", ["C. Lao", "Lao, C.", "C Lao", "C. L. Lao", "Lao C."])
def test_initials_with_the_family_name_match_as_initials(variant):
    result = compare_names(variant, RECORD)
    assert result.kind == INITIALS
    assert result.matches


@pytest.mark.parametrize("other", ["Maximilian Lam", "Chaoyang He", "Hao Wang", "Jane Doe"])
def test_the_seed_look_alikes_do_not_match(other):
    result = compare_names(other, RECORD)
    assert not result.matches
    assert result.kind == NONE


def test_a_shared_family_name_is_only_a_surname_match():
    assert compare_names("Yongchao He", "Chaoyang He").kind == SURNAME
    assert not compare_names("Yongchao He", "Chaoyang He").matches


def test_wrong_initial_does_not_match():
    assert not compare_names("M. Lao", RECORD).matches


def test_transliterated_scripts_compare_through_ascii():
    assert compare_names("Ærøskøbing Jürgen", "Jurgen AEroskobing").kind == EXACT
    assert compare_names("Jürgen Müller", "J. Muller").kind == INITIALS


def test_best_match_picks_the_strongest_variant():
    match, form = best_match("Lao ChonLam", ["Someone Else", "C. Lao", "ChonLam Lao"])
    assert match.kind == EXACT and form == "ChonLam Lao"


def test_empty_names_never_match():
    assert compare_names("", RECORD).kind == NONE
    assert compare_names("   ", "").kind == NONE


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10).filter(
    lambda w: w not in _NOISE  # honorifics ("mr", "dr") are dropped on purpose
)


@settings(max_examples=150, deadline=None)
@given(given_name=_word, family=_word)
def test_order_and_case_never_change_an_exact_match(given_name, family):
    name = f"{given_name.capitalize()} {family.capitalize()}"
    assert compare_names(name, f"{family.upper()} {given_name}").kind == EXACT
    assert compare_names(name, f"{family}, {given_name}").kind == EXACT


@settings(max_examples=150, deadline=None)
@given(a=st.text(max_size=40), b=st.text(max_size=40))
def test_comparison_is_symmetric_and_never_fails(a, b):
    assert compare_names(a, b).kind == compare_names(b, a).kind


def test_a_shortened_given_name_matches_like_initials():
    assert compare_names("Max Lam", "Maximilian Lam").kind == INITIALS
    assert not compare_names("Ma Lam", "Maximilian Lam").matches
    assert not compare_names("Max Lao", "Maximilian Lam").matches


def test_a_bracketed_note_after_a_name_is_not_part_of_it():
    assert name_tokens("Yiming Qin (Student)") == ("yiming", "qin")
    assert compare_names("Yiming Qin (Student)", "Qin, Yiming").kind == EXACT
