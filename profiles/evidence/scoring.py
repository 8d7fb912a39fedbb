"""Evidence scoring: does this evidence describe this record's person?

`score_parsed(facts, claimant_name=..., cv=..., identity_proof=...)` adds up one term per
scoring step (work overlap, the record's ORCID iD, the claimant's name, the CV's owner, where
the claimant is printed on the matched works, identity proof), each returning its points,
reasons and suggestions, and decides. The result is an `EvidenceReport`: a score 0-100, a
`Decision`, plain-language reasons with the matched works, the works where the claimant is
printed as *another* author (a co-author, not this person), the identity proof it was given
(listed separately: a CV is public, so only proof says who is claiming), and suggestions.
profiles/selectors/evidence.py `score_evidence(author, ...)` reads the facts and calls it.

The formula, its weights and the decision thresholds are documented in docs/claims-scoring.md
and pinned by tests/evidence/test_matching.py; keep the three in step.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from profiles.evidence.authorlists import POINTS_LIST_OWNER as POINTS_LIST_OWNER
from profiles.evidence.authorlists import list_owner_term, without_title_header
from profiles.evidence.cv import ParsedCv
from profiles.evidence.facts import RecordFacts
from profiles.evidence.matching import (
    TITLE_EXACT_SIMILARITY,
    CoauthorSlot,
    MatchedBy,
    WorkMatch,
    describe_matches,
    find_matches,
    printed_positions,
)
from profiles.evidence.names import EXACT, INITIALS, SURNAME, NameMatch, best_match, compare_names
from profiles.evidence.proof_step import identity_proof_term
from profiles.evidence.proofs import ORCID, Proof
from profiles.evidence.report import (
    Decision,
    EvidenceReport,
    Term,
)

STRONG = Decision.STRONG
REVIEW = Decision.REVIEW
WEAK = Decision.WEAK

# --- Weights (docs/claims-scoring.md). Change them there and in the tests together.
POINTS_WORK_ID = 35  # first work matched by DOI or arXiv id
POINTS_WORK_TITLE = 30  # first work matched by title at TITLE_EXACT_SIMILARITY or more
POINTS_WORK_TITLE_CLOSE = 25  # first work matched by a similar title (90-97)
POINTS_WORK_AUTHORS = 15  # first work matched only by its author list, venue and year
POINTS_EXTRA_WORK = 10  # each further matched work
MAX_WORK_POINTS = 50
POINTS_RECORD_ORCID = 25  # the record's own ORCID iD proven by ORCID sign-in
POINTS_NAME = {EXACT: 25, INITIALS: 15, SURNAME: 5}
POINTS_CV_NAME_MATCH = 10
# POINTS_LIST_OWNER (10, profiles/evidence/authorlists.py): no name heads the list, and it
# prints the claimant at the record's own author position.
PENALTY_CV_NAME_MISMATCH = -20
POINTS_PRINTED_AS_RECORD = 10  # claimant printed in the record's own slot on a matched work
PENALTY_COAUTHOR_FIRST = -30
PENALTY_COAUTHOR_MORE = -10
MAX_COAUTHOR_PENALTY = -50
STRONG_THRESHOLD = 70
REVIEW_THRESHOLD = 40


# --------------------------------------------------------------------------- 1. work overlap


def _match_points(match: WorkMatch) -> int:
    if match.matched_by in (MatchedBy.DOI, MatchedBy.ARXIV):
        return POINTS_WORK_ID
    if match.matched_by == MatchedBy.TITLE:
        if match.similarity >= TITLE_EXACT_SIMILARITY:
            return POINTS_WORK_TITLE
        return POINTS_WORK_TITLE_CLOSE
    return POINTS_WORK_AUTHORS


def work_points(matched: Sequence[WorkMatch]) -> int:
    """The best match's points, POINTS_EXTRA_WORK for each further one, capped."""
    if not matched:
        return 0
    best = max(_match_points(m) for m in matched)
    return min(MAX_WORK_POINTS, best + POINTS_EXTRA_WORK * (len(matched) - 1))


def work_overlap_term(facts: RecordFacts, cv: ParsedCv, matched: Sequence[WorkMatch]) -> Term:
    term = Term(points=work_points(matched))
    if matched:
        term.reason(
            90,
            ngettext(
                "The CV lists %(n)d of this record's %(total)d works: %(works)s.",
                "The CV lists %(n)d of this record's %(total)d works: %(works)s.",
                len(matched),
            )
            % {"n": len(matched), "total": len(facts.works), "works": describe_matches(matched)},
        )
    elif cv.entries:
        term.reason(80, _("None of this record's works were found in the CV."))
        term.suggestions.append(
            _(
                "Add a publication list that includes this record's works "
                "(titles, DOIs or arXiv ids)."
            )
        )
    elif cv.has_text:
        term.reason(80, _("We could not find any publication entries in the CV's text."))
        term.suggestions.append(
            _(
                "Give a publication list with one work per line: title, authors, venue "
                "and year, or a DOI or arXiv id."
            )
        )
    else:
        term.reason(80, _("No CV or publication list was given, so no works could be compared."))
        term.suggestions.append(
            _(
                "Upload your CV or paste your publication list so we can compare it "
                "with this record's works."
            )
        )
    return term


# --------------------------------------------------------------------------- 2. record's ORCID


def orcid_proven(identity_proof: Sequence[Proof], orcid: str) -> bool:
    """The claimant signed in with the record's own ORCID iD."""
    return bool(orcid) and any(p.kind == ORCID and orcid in p.detail for p in identity_proof)


def record_orcid_term(facts: RecordFacts, identity_proof: Sequence[Proof]) -> Term:
    """The record's ORCID iD proven by sign-in counts like a work overlap."""
    term = Term()
    if orcid_proven(identity_proof, facts.orcid):
        term.points = POINTS_RECORD_ORCID
        term.reason(
            95,
            _("You signed in with this record's own ORCID iD (%(orcid)s).")
            % {"orcid": facts.orcid},
        )
    return term


# --------------------------------------------------------------------------- 3. claimant's name


def name_term(facts: RecordFacts, claimant_name: str) -> tuple[Term, NameMatch]:
    """The claimant's name against the record's names."""
    name_match, matched_form = best_match(claimant_name, list(facts.names))
    term = Term(points=POINTS_NAME.get(name_match.kind, 0))
    shown = {"name": facts.shown_name(matched_form)}
    if name_match.kind == EXACT:
        term.reason(60, _("Your name matches the record's name \u201c%(name)s\u201d.") % shown)
    elif name_match.kind == INITIALS:
        term.reason(
            60, _("Your name fits the record's name \u201c%(name)s\u201d only by initials.") % shown
        )
    elif name_match.kind == SURNAME:
        term.reason(
            70,
            _(
                "Only the family name of \u201c%(you)s\u201d matches the record's name "
                "\u201c%(name)s\u201d."
            )
            % {"you": claimant_name, "name": facts.display_name},
        )
    else:
        term.reason(
            85,
            _(
                "The name \u201c%(you)s\u201d does not match the record's name "
                "\u201c%(name)s\u201d or its variants."
            )
            % {"you": claimant_name, "name": facts.display_name},
        )
    return term, name_match


# --------------------------------------------------------------------------- 4. the CV's owner


def cv_owner_term(
    facts: RecordFacts, cv: ParsedCv, claimant_name: str, name_match: NameMatch
) -> tuple[Term, bool]:
    """The name heading the CV against the claimant's; True when it is someone else's."""
    term = Term()
    if not (cv.entries or cv.owner_name):
        return term, False
    if not cv.owner_name:
        term.reason(30, _("We could not find the CV owner's name in the CV."))
        term.suggestions.append(_("Make sure your CV shows your full name at the top."))
        return term, False
    cv_match = compare_names(cv.owner_name, claimant_name)
    # "Max Lam" claiming with a CV headed "Maximilian Lam": both are forms of the record's
    # name, so the CV is consistent with the claimant.
    if not cv_match.matches and name_match.matches:
        cv_match = best_match(cv.owner_name, list(facts.names))[0]
    if cv_match.matches:
        term.points = POINTS_CV_NAME_MATCH
        term.reason(40, _("The CV is in your name (\u201c%(cv)s\u201d).") % {"cv": cv.owner_name})
        return term, False
    term.points = PENALTY_CV_NAME_MISMATCH
    term.reason(
        98,
        _("The CV belongs to \u201c%(cv)s\u201d, not to \u201c%(you)s\u201d.")
        % {"cv": cv.owner_name, "you": claimant_name},
    )
    return term, True


def cv_owner_coauthor_term(facts: RecordFacts, cv: ParsedCv, matched: Sequence[WorkMatch]) -> Term:
    """Someone else's CV: say so when its owner is a co-author of the matched works, so a
    moderator sees whose publication list it is."""
    term = Term()
    by_id = {w.work_id: w for w in facts.works}
    for match in matched:
        work = by_id[match.work_id]
        for pos, name, own in work.slots:
            if not own and compare_names(cv.owner_name, name).matches:
                term.reason(
                    96,
                    _(
                        "The CV's owner \u201c%(cv)s\u201d is printed as author %(pos)d "
                        "of \u201c%(title)s\u201d, a co-author of this researcher."
                    )
                    % {"cv": cv.owner_name, "pos": pos, "title": work.title},
                )
                break
    return term


# --------------------------------------------------------------------------- 5. printed where


def printed_term(
    facts: RecordFacts, as_record: Sequence[str], coauthor_of: Sequence[CoauthorSlot]
) -> Term:
    term = Term()
    if as_record:
        term.points += POINTS_PRINTED_AS_RECORD
        term.reason(
            50,
            ngettext(
                "You are printed as this record's author on %(n)d matched work.",
                "You are printed as this record's author on %(n)d matched works.",
                len(as_record),
            )
            % {"n": len(as_record)},
        )
    if coauthor_of:
        term.points += max(
            MAX_COAUTHOR_PENALTY,
            PENALTY_COAUTHOR_FIRST + PENALTY_COAUTHOR_MORE * (len(coauthor_of) - 1),
        )
    by_id = {w.work_id: w for w in facts.works}
    for slot in coauthor_of:
        own = by_id[slot.work_id].own_slot()
        record_part = (
            _(" (this record's researcher is author %(pos)d, \u201c%(name)s\u201d)")
            % {"pos": own[0], "name": own[1]}
            if own
            else ""
        )
        term.reason(
            99,
            _(
                "\u201c%(you)s\u201d is printed as author %(pos)d of "
                "\u201c%(title)s\u201d%(rec)s: "
                "you appear to be a co-author of this researcher, not this researcher."
            )
            % {
                "you": slot.printed_as,
                "pos": slot.position,
                "title": slot.title,
                "rec": record_part,
            },
        )
    return term


# --------------------------------------------------------------------------- decision


def decide(
    score: int, *, has_overlap: bool, name_match: NameMatch, conflict: bool
) -> tuple[Decision, Term]:
    """Strong needs the threshold, an overlap (works or the record's ORCID), a name that
    fits and no conflict (someone else's CV, the claimant printed as a co-author)."""
    term = Term()
    name_fits = name_match.kind in (EXACT, INITIALS)
    if score >= STRONG_THRESHOLD and has_overlap and name_fits and not conflict:
        decision = STRONG
    elif score >= REVIEW_THRESHOLD:
        decision = REVIEW
    else:
        decision = WEAK
    if decision != STRONG and score >= STRONG_THRESHOLD:
        term.reason(
            97,
            _(
                "The score is high, but a name or co-author conflict keeps this from being "
                "a strong match."
            ),
        )
    if not has_overlap and name_fits:
        term.reason(75, _("A matching name alone is not enough: many researchers share a name."))
    return decision, term


def score_parsed(
    facts: RecordFacts, *, claimant_name: str, cv: ParsedCv, identity_proof: Sequence[Proof]
) -> EvidenceReport:
    """The scoring formula over plain values (docs/claims-scoring.md)."""
    claimant_name = " ".join((claimant_name or "").split())
    cv = without_title_header(cv, facts)
    matched = find_matches(facts, cv)
    name, name_match = name_term(facts, claimant_name)
    cv_owner, cv_mismatch = cv_owner_term(facts, cv, claimant_name, name_match)
    as_record, coauthor_of = printed_positions(facts, matched, claimant_name)
    list_owner = list_owner_term(facts, cv, matched, claimant_name)
    terms = [
        work_overlap_term(facts, cv, matched),
        record_orcid_term(facts, identity_proof),
        name,
        Term() if list_owner.points else cv_owner,
        list_owner,
        cv_owner_coauthor_term(facts, cv, matched) if cv_mismatch else Term(),
        printed_term(facts, as_record, coauthor_of),
        identity_proof_term(facts, identity_proof),
    ]
    score = max(0, min(100, sum(t.points for t in terms)))
    decision, verdict = decide(
        score,
        has_overlap=bool(matched) or orcid_proven(identity_proof, facts.orcid),
        name_match=name_match,
        conflict=cv_mismatch or bool(coauthor_of),
    )
    terms.append(verdict)
    reasons = sorted((r for t in terms for r in t.reasons), key=lambda r: -r[0])
    return EvidenceReport(
        score=score,
        decision=decision,
        reasons=[text for _importance, text in reasons],
        matched_works=list(matched),
        coauthor_of=coauthor_of,
        identity_proof=list(identity_proof),
        suggestions=[s for t in terms for s in t.suggestions],
    )
