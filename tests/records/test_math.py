"""LaTeX in titles and abstracts (profiles/mathtext.py): MathML on pages, plain text in the
API, readable text where a fragment cannot be parsed, and nothing unsafe either way."""

import pytest

from profiles.mathtext import latex_to_text, plain_text, render_math
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory

pytestmark = pytest.mark.django_db


def test_seed_abstracts_show_rendered_math(client, seed_record):
    html = client.get(seed_record.get_absolute_url()).content.decode()
    assert "$\\underline" not in html and "\\underline" not in html
    assert "0.58\\%" not in html and "0.58%" in html
    assert html.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') >= 4
    assert "<munder><mrow><mi>E</mi></mrow>" in html
    assert "<mn>1.35</mn><mo>×</mo>" in html


def test_api_carries_the_raw_text_and_a_plain_form(api_client, seed_record):
    works = api_client.get(f"/api/v1/authors/{seed_record.pk}/works/").json()["results"]
    esa = next(w for w in works if "In-Network Aggregation" in w["title"])
    assert "$\\underline{E}$fficient" in esa["abstract"]
    assert (
        "ESA, an Efficient Switch Memory Scheduler for In-Network Aggregation"
        in (esa["abstract_text"])
    )
    assert "up to 1.35×" in esa["abstract_text"] and "$" not in esa["abstract_text"]
    assert esa["title_text"] == esa["title"]


@pytest.mark.parametrize(
    "fragment", [r"\begin{matrix} a", "x^", r"\frac", r"\left( x", r"\sqrt[", "a_{"]
)
def test_unparseable_math_falls_back_to_readable_text(fragment):
    html = str(render_math(f"before ${fragment}$ after"))
    assert "<math" not in html and html.startswith("before ") and html.endswith(" after")
    assert "\\" not in html


def test_only_the_converter_brings_tags_and_only_mathml():
    html = str(render_math(r"<script>x</script> $\text{<img src=x onerror=alert(1)>} y$"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "onerror" not in html
    link = str(render_math(r"$\href{javascript:alert(1)}{x}$ $\color{red}{y}$"))
    assert "javascript" not in link and "mathcolor" not in link and "<math" in link


def test_plain_text_forms():
    assert plain_text(r"an $\underline{E}$fficient switch, 0.58\% error") == (
        "an Efficient switch, 0.58% error"
    )
    assert latex_to_text(r"\frac{a}{b} \leq \alpha^2") == "a/b ≤ α^2"
    assert plain_text(r"costs \$5 and $$\sqrt{x}$$") == "costs $5 and √(x)"
    assert plain_text("") == "" and str(render_math("")) == ""


def test_titles_render_math_on_the_page(client):
    author = AuthorRecordFactory()
    AuthorshipFactory(author=author, work__title=r"On $\mathcal{O}(n)$ sorting", position=1)
    refresh_author_stats(author=author)
    html = client.get(author.get_absolute_url()).content.decode()
    assert "$\\mathcal" not in html and "<math" in html
