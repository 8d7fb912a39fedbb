"""The one lookup of a stored work by its identifiers: precedence and conflicting ids."""

from __future__ import annotations

import pytest

from profiles.selectors.records import find_work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def test_openalex_id_wins_over_doi_and_title():
    by_openalex = WorkFactory(openalex_id="W1", title="Same title")
    WorkFactory(doi="10.1/x", title="Other")
    assert find_work(openalex_id="W1", doi="10.1/x", title="Other") == by_openalex


def test_doi_then_arxiv_then_title():
    by_doi = WorkFactory(doi="10.1/x")
    by_arxiv = WorkFactory(arxiv_id="2101.00001")
    by_title = WorkFactory(title="A title only")
    assert find_work(doi="10.1/x", arxiv_id="2101.00001") == by_doi
    assert find_work(doi="10.1/unknown", arxiv_id="2101.00001") == by_arxiv
    assert find_work(doi="10.1/unknown", title="A title only") == by_title


def test_a_title_never_matches_a_work_whose_ids_say_it_is_another():
    WorkFactory(title="Common title", doi="10.1/a")
    assert find_work(doi="10.1/b", title="Common title") is None


def test_no_title_means_no_title_match():
    WorkFactory(title="Common title")
    assert find_work(doi="10.1/b") is None
