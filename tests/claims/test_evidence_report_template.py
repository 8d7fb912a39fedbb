"""The evidence report partial renders a report for people and screen readers, escaped."""

from django.template.loader import render_to_string

from profiles.evidence.matching import CoauthorSlot, MatchedBy, WorkMatch
from profiles.evidence.proofs import ORCID, Proof
from profiles.evidence.report import Decision, EvidenceReport

TEMPLATE = "profiles/claims/_evidence_report.html"


def _report(**overrides) -> EvidenceReport:
    values = {
        "score": 10,
        "decision": Decision.WEAK,
        "reasons": ["\u201cHao Wang\u201d is printed as author 1 of \u201cX\u201d."],
        "matched_works": [
            WorkMatch(
                work_id=1,
                title="Efficient <script>alert(1)</script> Scheduling",
                year=2022,
                venue="arXiv",
                matched_by=MatchedBy.TITLE,
                similarity=100.0,
                cv_text="Preemptive Switch Memory Usage ... ICNP 2023",
            )
        ],
        "coauthor_of": [CoauthorSlot(work_id=1, title="X", printed_as="Hao Wang", position=1)],
        "identity_proof": [],
        "suggestions": ["Add and verify an email at harvard.edu."],
    }
    values.update(overrides)
    return EvidenceReport(**values)


def test_a_weak_coauthor_report_shows_score_decision_warning_and_suggestions():
    html = render_to_string(TEMPLATE, {"report": _report()})
    assert "Score 10 of 100" in html
    assert "Weak match" in html
    assert "does not show that this record is yours" in html
    assert "You appear as a co-author" in html
    assert "printed as \u201cHao Wang\u201d, author 1" in html
    assert "title 100% similar" in html
    assert "None. A CV is public" in html
    assert "Add and verify an email at harvard.edu." in html
    assert 'aria-live="polite"' in html


def test_data_is_escaped():
    html = render_to_string(TEMPLATE, {"report": _report()})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_strong_report_with_proof_renders_from_the_api_dict_too():
    report = _report(
        score=80,
        decision=Decision.STRONG,
        coauthor_of=[],
        identity_proof=[Proof(ORCID, "Signed in with ORCID iD 0000-0002-1825-0097.")],
    ).as_dict()
    html = render_to_string(TEMPLATE, {"report": report})
    assert "Strong match" in html
    assert "co-author" not in html
    assert "Signed in with ORCID iD 0000-0002-1825-0097." in html
    assert "ORCID:" in html  # the proof kind, for screen readers
