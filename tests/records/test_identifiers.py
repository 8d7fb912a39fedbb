import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from profiles.identifiers import (
    find_arxiv_ids,
    find_dois,
    normalize_doi,
    normalize_orcid,
    orcid_checksum,
)


def test_known_orcid_ids_are_accepted_in_any_common_form():
    # 0000-0002-1825-0097 is ORCID's documented example iD; the sample record's iD too.
    assert normalize_orcid("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert normalize_orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert normalize_orcid("000000021825009 7".replace(" ", "")) == "0000-0002-1825-0097"
    assert normalize_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"
    assert normalize_orcid("https://sandbox.orcid.org/0000-0002-7319-2192") == "0000-0002-7319-2192"


def test_orcid_with_wrong_check_digit_is_refused_with_its_code():
    with pytest.raises(ValidationError) as info:
        normalize_orcid("0000-0002-1825-0098")
    assert info.value.code == "orcid_invalid"
    assert "check digit" in info.value.messages[0]


def test_orcid_of_wrong_shape_is_refused():
    with pytest.raises(ValidationError):
        normalize_orcid("1234")


@given(st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_every_iD_built_with_its_checksum_validates(digits):
    full = digits + orcid_checksum(digits)
    formatted = "-".join(full[i : i + 4] for i in range(0, 16, 4))
    assert normalize_orcid(formatted) == formatted


@given(st.text(alphabet="0123456789", min_size=15, max_size=15), st.sampled_from("0123456789X"))
def test_any_other_check_character_is_refused(digits, check):
    if check == orcid_checksum(digits):
        return
    with pytest.raises(ValidationError):
        normalize_orcid(digits + check)


def test_dois_are_found_and_normalised():
    assert normalize_doi("https://doi.org/10.7717/PeerJ.4375") == "10.7717/peerj.4375"
    assert find_dois("see doi:10.1145/3600006.3613138. and 10.1109/ICNP59255.2023.10355600)") == [
        "10.1145/3600006.3613138",
        "10.1109/icnp59255.2023.10355600",
    ]
    assert normalize_doi("no doi here") == ""


def test_arxiv_ids_need_the_word_arxiv_or_its_url():
    text = "https://arxiv.org/abs/2301.10904 and arXiv:2106.06089v2, but not 2021.1234 alone"
    assert find_arxiv_ids(text) == ["2301.10904", "2106.06089"]
