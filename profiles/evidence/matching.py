"""Evidence scoring: does this evidence describe this record's person?

`score_evidence(author, claimant_name=..., cv_text=..., identity_proof=...)` reads the
record's names and works (a fixed number of queries) and hands them, with the CV, to the pure
function `score_parsed`. The result is an `EvidenceReport`: a score 0-100, a decision word,
plain-language reasons with the matched works, the works where the claimant is printed as
*another* author (a co-author, not this person), the identity proof it was given (listed
separately: a CV is public, so only proof says who is claiming), and suggestions.

The formula, its weights and the decision thresholds are documented in docs/claims-scoring.md
and pinned by tests/profiles/test_matching.py; keep the three in step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rapidfuzz import fuzz, process

from profiles.evidence.cv import ParsedCv, entry_name_keys, name_keys, parse_cv
from profiles.evidence.names import EXACT, INITIALS, SURNAME, best_match, compare_names, fold
from profiles.identifiers import normalize_arxiv, normalize_doi

STRONG = "strong"
REVIEW = "review"
WEAK = "weak"
DECISIONS = (STRONG, REVIEW, WEAK)
DECISION_MEANINGS = {
    STRONG: gettext_lazy("The evidence clearly describes this record's researcher."),
    REVIEW: gettext_lazy("The evidence partly fits; a moderator needs to look."),
    WEAK: gettext_lazy("The evidence does not show that this record is yours."),
}

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
PENALTY_CV_NAME_MISMATCH = -20
POINTS_PRINTED_AS_RECORD = 10  # claimant printed in the record's own slot on a matched work
PENALTY_COAUTHOR_FIRST = -30
PENALTY_COAUTHOR_MORE = -10
MAX_COAUTHOR_PENALTY = -50
STRONG_THRESHOLD = 70
REVIEW_THRESHOLD = 40

# Title similarity (rapidfuzz, 0-100) a work's title needs against a CV entry.
TITLE_MIN_SIMILARITY = 90
TITLE_EXACT_SIMILARITY = 97
# Titles shorter than this (folded characters) or with fewer significant words are "short":
# fuzz alone never matches them; they need an exact fragment plus the year or venue.
SHORT_TITLE_CHARS = 30
SHORT_TITLE_WORDS = 4
_STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "via", "by"}


@dataclass(frozen=True)
class EvidenceReport:
    """The answer to "does this evidence describe this record's person?" (see module doc)."""

    score: int
    decision: str
    reasons: list[str]
    matched_works: list[dict]
    coauthor_of: list[dict]
    identity_proof: list[dict]
    suggestions: list[str] = field(default_factory=list)

    @property
    def decision_meaning(self) -> str:
        return str(DECISION_MEANINGS[self.decision])

    def as_dict(self) -> dict:
        """The API's keys: score, decision, reasons, matched_works, coauthor_of,
        identity_proof and suggestions."""
        return asdict(self)


@dataclass(frozen=True)
class WorkFacts:
    """What the scorer knows about one of the record's works, read from the database."""

    work_id: int
    title: str
    alternative_titles: tuple[str, ...]
    year: int | None
    venue: str
    doi: str
    arxiv_id: str
    # (position, printed name, is this record's slot) in printed order
    slots: tuple[tuple[int, str, bool], ...]


@dataclass(frozen=True)
class RecordFacts:
    """A record's names (display name, every variant, the names its works print for it) and
    works, as plain values, so the scoring itself never touches the database."""

    record_id: int
    display_name: str
    names: tuple[str, ...]
    orcid: str
    works: tuple[WorkFacts, ...]
    domains: tuple[str, ...] = ()
    # Private variants (former names) count for matching but are never named in a reason.
    private_names: tuple[str, ...] = ()

    def shown_name(self, name: str) -> str:
        """The name a reason may quote: a private variant is replaced by the display name."""
        return self.display_name if name in self.private_names else name


# --------------------------------------------------------------------------- database reads


def record_facts(author) -> RecordFacts:
    """Read what scoring needs in a fixed number of queries (4) whatever the record's size:
    name variants (private ones too), works, their author slots, institution domains."""
    from profiles.models import Authorship, InstitutionDomain, NameVariant, Work

    variant_rows = list(NameVariant.objects.filter(author=author).values_list("name", "is_private"))
    variants = [name for name, _private in variant_rows]
    works = list(
        Work.objects.filter(authorships__author=author)
        .distinct()
        .order_by("-year", "id")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.order_by("position").only(
                    "id", "work_id", "position", "raw_name", "author_id"
                ),
            )
        )
        .only("id", "title", "alternative_titles", "year", "venue", "doi", "arxiv_id")
    )
    domain_q = Q(institution__authorships__author=author)
    if author.affiliation_id:
        domain_q |= Q(institution_id=author.affiliation_id)
    domains = sorted(
        set(InstitutionDomain.objects.filter(domain_q).values_list("domain", flat=True))
    )
    printed: list[str] = []
    facts: list[WorkFacts] = []
    for work in works:
        slots = []
        for slot in work.authorships.all():
            own = slot.author_id == author.id
            slots.append((slot.position, slot.raw_name, own))
            if own and slot.raw_name not in printed:
                printed.append(slot.raw_name)
        facts.append(
            WorkFacts(
                work_id=work.id,
                title=work.title,
                alternative_titles=tuple(t for t in (work.alternative_titles or []) if t),
                year=work.year,
                venue=work.venue,
                doi=work.doi or "",
                arxiv_id=work.arxiv_id or "",
                slots=tuple(slots),
            )
        )
    names = [author.display_name, *variants, *printed]
    unique = tuple(dict.fromkeys(n for n in names if n))
    return RecordFacts(
        record_id=author.id,
        display_name=author.display_name,
        names=unique,
        orcid=author.orcid or "",
        works=tuple(facts),
        domains=tuple(domains),
        private_names=tuple(
            name for name, private in variant_rows if private and name not in printed
        ),
    )


def score_evidence(
    author,
    *,
    claimant_name: str,
    cv_text: str = "",
    identity_proof: list[dict] | tuple = (),
) -> EvidenceReport:
    """Score a claimant's evidence against a record. Deterministic; reads the database in a
    fixed number of queries and writes nothing."""
    return score_parsed(
        record_facts(author),
        claimant_name=claimant_name,
        cv=parse_cv(cv_text),
        identity_proof=list(identity_proof or []),
    )


# --------------------------------------------------------------------------- pure scoring


def _significant_words(folded: str) -> list[str]:
    return [w for w in folded.split() if w not in _STOPWORDS]


def is_short_title(folded: str) -> bool:
    return len(folded) < SHORT_TITLE_CHARS or len(_significant_words(folded)) < SHORT_TITLE_WORDS


class _CvIndex:
    """A CV's entries indexed once per scoring, so that comparing them with hundreds of
    works stays fast: each title is compared (rapidfuzz) only with entries sharing at least
    half of its significant words, and author lists are looked up by name key."""

    def __init__(self, cv: ParsedCv):
        self.entries = cv.entries
        self.words = [frozenset(e.folded.split()) for e in cv.entries]
        self.by_word: dict[str, set[int]] = {}
        for i, words in enumerate(self.words):
            for word in words:
                self.by_word.setdefault(word, set()).add(i)
        self._by_name: dict[str, set[int]] | None = None

    def candidates(self, folded_title: str) -> list[int]:
        significant = set(_significant_words(folded_title)) or set(folded_title.split())
        counts: dict[int, int] = {}
        for word in significant:
            for i in self.by_word.get(word, ()):
                counts[i] = counts.get(i, 0) + 1
        need = max(1, len(significant) // 2)
        return sorted(i for i, n in counts.items() if n >= need)

    def by_name(self) -> dict[str, set[int]]:
        if self._by_name is None:
            self._by_name = {}
            for i, entry in enumerate(self.entries):
                for key in entry_name_keys(entry.text):
                    self._by_name.setdefault(key, set()).add(i)
        return self._by_name

    def corroborated(self, work: WorkFacts, venue: str, i: int) -> bool:
        """The work's year (give or take one: preprint vs proceedings) or venue is printed
        in entry i."""
        if work.year and any(
            str(y) in self.words[i] for y in (work.year - 1, work.year, work.year + 1)
        ):
            return True
        return len(venue) >= 3 and f" {venue} " in f" {self.entries[i].folded} "


def _numbers(folded: str) -> set[str]:
    """Number tokens of a folded text: "Part 2" and "Part 3" are different works, however
    similar the rest of the title."""
    return {w for w in folded.split() if w.isdigit()}


def _match_title(work: WorkFacts, index: _CvIndex) -> tuple[float, str, str]:
    """(similarity, which of the work's titles matched, the CV entry's text), or zeros.

    Long titles match by rapidfuzz similarity against the entry's title fragments (whole
    string) and against the whole entry (best aligned substring, only for entries at least
    as long as the title, so a short entry is never "found inside" a long title); their
    numbers must agree. Short titles never match by fuzz: only as an exact fragment of an
    entry that also prints the work's year or venue."""
    best: tuple[float, str, str] = (0.0, "", "")
    venue = fold(work.venue)
    for title in (work.title, *work.alternative_titles):
        folded = fold(title)
        if not folded:
            continue
        candidates = index.candidates(folded)
        if is_short_title(folded):
            for i in candidates:
                entry = index.entries[i]
                if folded in entry.titles and index.corroborated(work, venue, i):
                    return (100.0, title, entry.text)
            continue
        numbers = _numbers(folded)
        fragments = [(f, i) for i in candidates for f in index.entries[i].titles]
        for choice, sim, k in process.extract(
            folded,
            [f for f, _i in fragments],
            scorer=fuzz.ratio,
            score_cutoff=TITLE_MIN_SIMILARITY,
            limit=5,
        ):
            if sim > best[0] and numbers <= _numbers(choice):
                best = (sim, title, index.entries[fragments[k][1]].text)
                break
        if best[0] >= 100:
            return best
        longer = [i for i in candidates if len(index.entries[i].folded) >= len(folded)]
        for _choice, sim, k in process.extract(
            folded,
            [index.entries[i].folded for i in longer],
            scorer=fuzz.partial_ratio,
            score_cutoff=min(100.0, max(TITLE_MIN_SIMILARITY, best[0] + 0.001)),
            limit=5,
        ):
            entry = index.entries[longer[k]]
            if sim > best[0] and numbers <= _numbers(entry.folded):
                best = (sim, title, entry.text)
                break
    return best


def _match_authors(work: WorkFacts, index: _CvIndex) -> str:
    """A CV entry printing the same author list (at least 4 names and 80 % of the work's
    authors) with the work's year or venue: the same work listed under another title."""
    if len(work.slots) < 4:
        return ""
    need = max(4, -(-len(work.slots) * 4 // 5))
    by_name = index.by_name()
    counts: dict[int, int] = {}
    for _pos, name, _own in work.slots:
        hits: set[int] = set()
        for key in name_keys(name):
            hits |= by_name.get(key, set())
        for i in hits:
            counts[i] = counts.get(i, 0) + 1
    venue = fold(work.venue)
    for i in sorted(i for i, n in counts.items() if n >= need):
        if index.corroborated(work, venue, i):
            return index.entries[i].text
    return ""


def _find_matches(facts: RecordFacts, cv: ParsedCv) -> list[dict]:
    """The record's works found in the CV, each once, by DOI, arXiv id, title or author list.
    Each match carries `listed_as` (the title that matched, when it is another title of the
    work) for the reasons; score_parsed removes it from the public dict."""
    dois = set(cv.dois)
    arxiv = set(cv.arxiv_ids)
    index = _CvIndex(cv)
    matched: list[dict] = []
    for work in facts.works:
        entry_text, listed_as = "", ""
        how, similarity = "", 0.0
        # Stored ids are already bare (profiles/identifiers.py); normalising again tolerates
        # records imported before that rule.
        doi = normalize_doi(work.doi)
        arxiv_id = normalize_arxiv(f"arXiv:{work.arxiv_id}") if work.arxiv_id else ""
        if doi and doi in dois:
            how, similarity = "doi", 100.0
            entry_text = next((e.text for e in cv.entries if doi in e.dois), "")
        elif arxiv_id and arxiv_id in arxiv:
            how, similarity = "arxiv", 100.0
            entry_text = next((e.text for e in cv.entries if arxiv_id in e.arxiv_ids), "")
        else:
            sim, title, entry_text = _match_title(work, index)
            if sim:
                how, similarity = "title", round(sim, 1)
                listed_as = title if title != work.title else ""
            else:
                entry_text = _match_authors(work, index)
                if entry_text:
                    how = "authors"
        if how:
            matched.append(
                {
                    "work_id": work.work_id,
                    "title": work.title,
                    "year": work.year,
                    "venue": work.venue,
                    "matched_by": how,
                    "similarity": similarity,
                    "cv_text": entry_text[:300],
                    "listed_as": listed_as,
                }
            )
    return matched


def _work_points(matched: list[dict]) -> int:
    each = []
    for item in matched:
        if item["matched_by"] in ("doi", "arxiv"):
            each.append(POINTS_WORK_ID)
        elif item["matched_by"] == "title":
            each.append(
                POINTS_WORK_TITLE
                if item["similarity"] >= TITLE_EXACT_SIMILARITY
                else POINTS_WORK_TITLE_CLOSE
            )
        else:
            each.append(POINTS_WORK_AUTHORS)
    if not each:
        return 0
    each.sort(reverse=True)
    return min(MAX_WORK_POINTS, each[0] + POINTS_EXTRA_WORK * (len(each) - 1))


def _describe_work(item: dict) -> str:
    where = ", ".join(str(x) for x in (item.get("venue"), item.get("year")) if x)
    label = f"\u201c{item['title']}\u201d" + (f" ({where})" if where else "")
    how = {
        "doi": _("same DOI"),
        "arxiv": _("same arXiv id"),
        "title": _("title %(sim)s%% similar") % {"sim": f"{item['similarity']:g}"},
        "authors": _("same author list and year or venue, under another title"),
    }[item["matched_by"]]
    if item.get("listed_as"):
        how += _(", listed in the CV under its other title \u201c%(alt)s\u201d") % {
            "alt": item["listed_as"]
        }
    return f"{label}, {how}"


REASON_MAX_WORKS = 5


def _listed(matched: list[dict]) -> str:
    """The matched works for a reason sentence, at most REASON_MAX_WORKS of them."""
    shown = "; ".join(_describe_work(m) for m in matched[:REASON_MAX_WORKS])
    more = len(matched) - REASON_MAX_WORKS
    if more > 0:
        shown += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return shown


def _proof_mentions_orcid(identity_proof: list[dict], orcid: str) -> bool:
    return bool(orcid) and any(
        p.get("kind") == "orcid" and orcid in str(p.get("detail", "")) for p in identity_proof
    )


# The one function still above the complexity limit: splitting it into one function per
# scoring step is open work on the layout issue.
def score_parsed(  # noqa: C901
    facts: RecordFacts, *, claimant_name: str, cv: ParsedCv, identity_proof: list[dict]
) -> EvidenceReport:
    """The scoring formula over plain values (docs/claims-scoring.md)."""
    claimant_name = " ".join((claimant_name or "").split())
    reasons: list[tuple[int, str]] = []  # (importance, text); higher first
    suggestions: list[str] = []
    score = 0

    # 1. Work overlap.
    matched = _find_matches(facts, cv) if cv.entries else []
    work_points = _work_points(matched)
    score += work_points
    if matched:
        reasons.append(
            (
                90,
                ngettext(
                    "The CV lists %(n)d of this record's %(total)d works: %(works)s.",
                    "The CV lists %(n)d of this record's %(total)d works: %(works)s.",
                    len(matched),
                )
                % {
                    "n": len(matched),
                    "total": len(facts.works),
                    "works": _listed(matched),
                },
            )
        )
    elif cv.entries:
        reasons.append((80, _("None of this record's works were found in the CV.")))
        suggestions.append(
            _(
                "Add a publication list that includes this record's works "
                "(titles, DOIs or arXiv ids)."
            )
        )
    elif cv.has_text:
        reasons.append((80, _("We could not find any publication entries in the CV's text.")))
        suggestions.append(
            _(
                "Give a publication list with one work per line: title, authors, venue "
                "and year, or a DOI or arXiv id."
            )
        )
    else:
        reasons.append(
            (80, _("No CV or publication list was given, so no works could be compared."))
        )
        suggestions.append(
            _(
                "Upload your CV or paste your publication list so we can compare it "
                "with this record's works."
            )
        )

    # 2. ORCID of the record proven by sign-in (counts like a work overlap).
    orcid_proven = _proof_mentions_orcid(identity_proof, facts.orcid)
    if orcid_proven:
        score += POINTS_RECORD_ORCID
        reasons.append(
            (
                95,
                _("You signed in with this record's own ORCID iD (%(orcid)s).")
                % {"orcid": facts.orcid},
            )
        )

    # 3. The claimant's name against the record's names.
    name_match, matched_form = best_match(claimant_name, list(facts.names))
    score += POINTS_NAME.get(name_match.kind, 0)
    if name_match.kind == EXACT:
        reasons.append(
            (
                60,
                _("Your name matches the record's name \u201c%(name)s\u201d.")
                % {"name": facts.shown_name(matched_form)},
            )
        )
    elif name_match.kind == INITIALS:
        reasons.append(
            (
                60,
                _("Your name fits the record's name \u201c%(name)s\u201d only by initials.")
                % {"name": facts.shown_name(matched_form)},
            )
        )
    elif name_match.kind == SURNAME:
        reasons.append(
            (
                70,
                _(
                    "Only the family name of \u201c%(you)s\u201d matches the record's name "
                    "\u201c%(name)s\u201d."
                )
                % {"you": claimant_name, "name": facts.display_name},
            )
        )
    else:
        reasons.append(
            (
                85,
                _(
                    "The name \u201c%(you)s\u201d does not match the record's name "
                    "\u201c%(name)s\u201d or its variants."
                )
                % {"you": claimant_name, "name": facts.display_name},
            )
        )

    # 4. The CV's own name against the claimant's name.
    cv_name_mismatch = False
    if cv.entries or cv.owner_name:
        if cv.owner_name:
            cv_match = compare_names(cv.owner_name, claimant_name)
            # "Max Lam" claiming with a CV headed "Maximilian Lam": both are forms of the
            # record's name, so the CV is consistent with the claimant.
            if not cv_match.matches and name_match.matches:
                cv_match = best_match(cv.owner_name, list(facts.names))[0]
            if cv_match.matches:
                score += POINTS_CV_NAME_MATCH
                reasons.append(
                    (40, _("The CV is in your name (\u201c%(cv)s\u201d).") % {"cv": cv.owner_name})
                )
            else:
                cv_name_mismatch = True
                score += PENALTY_CV_NAME_MISMATCH
                reasons.append(
                    (
                        98,
                        _("The CV belongs to \u201c%(cv)s\u201d, not to \u201c%(you)s\u201d.")
                        % {"cv": cv.owner_name, "you": claimant_name},
                    )
                )
        else:
            reasons.append((30, _("We could not find the CV owner's name in the CV.")))
            suggestions.append(_("Make sure your CV shows your full name at the top."))

    # 5. Where the claimant is printed on the matched works.
    coauthor_of: list[dict] = []
    printed_as_record: list[str] = []
    by_id = {w.work_id: w for w in facts.works}
    for item in matched:
        work = by_id[item["work_id"]]
        own_slots = [(pos, name) for pos, name, own in work.slots if own]
        fits_own = any(compare_names(claimant_name, name).matches for _p, name in own_slots)
        if fits_own:
            printed_as_record.append(work.title)
            continue
        for pos, name, own in work.slots:
            if not own and compare_names(claimant_name, name).matches:
                coauthor_of.append(
                    {
                        "work_id": work.work_id,
                        "title": work.title,
                        "printed_as": name,
                        "position": pos,
                    }
                )
                break
    if cv_name_mismatch:
        # Someone else's CV: say so when its owner is a co-author of the matched works, so a
        # moderator sees whose publication list it is.
        for item in matched:
            work = by_id[item["work_id"]]
            for pos, name, own in work.slots:
                if not own and compare_names(cv.owner_name, name).matches:
                    reasons.append(
                        (
                            96,
                            _(
                                "The CV's owner \u201c%(cv)s\u201d is printed as author %(pos)d "
                                "of \u201c%(title)s\u201d, a co-author of this researcher."
                            )
                            % {"cv": cv.owner_name, "pos": pos, "title": work.title},
                        )
                    )
                    break
    if printed_as_record:
        score += POINTS_PRINTED_AS_RECORD
        reasons.append(
            (
                50,
                ngettext(
                    "You are printed as this record's author on %(n)d matched work.",
                    "You are printed as this record's author on %(n)d matched works.",
                    len(printed_as_record),
                )
                % {"n": len(printed_as_record)},
            )
        )
    if coauthor_of:
        score += max(
            MAX_COAUTHOR_PENALTY,
            PENALTY_COAUTHOR_FIRST + PENALTY_COAUTHOR_MORE * (len(coauthor_of) - 1),
        )
        for item in coauthor_of:
            work = by_id[item["work_id"]]
            own = next(((p, n) for p, n, o in work.slots if o), None)
            record_part = (
                _(" (this record's researcher is author %(pos)d, \u201c%(name)s\u201d)")
                % {"pos": own[0], "name": own[1]}
                if own
                else ""
            )
            reasons.append(
                (
                    99,
                    _(
                        "\u201c%(you)s\u201d is printed as author %(pos)d of "
                        "\u201c%(title)s\u201d%(rec)s: "
                        "you appear to be a co-author of this researcher, not this researcher."
                    )
                    % {
                        "you": item["printed_as"],
                        "pos": item["position"],
                        "title": item["title"],
                        "rec": record_part,
                    },
                )
            )

    # Identity proof is listed separately; it does not change the score (except the record's
    # own ORCID above), but its absence is worth a reason and a suggestion.
    if identity_proof:
        reasons.append(
            (
                20,
                _("Identity proof: %(proofs)s.")
                % {"proofs": "; ".join(str(p.get("detail", "")) for p in identity_proof)},
            )
        )
    else:
        reasons.append(
            (
                20,
                _(
                    "No identity proof yet: a CV is public, so only ORCID sign-in or a verified "
                    "institutional email proves who you are."
                ),
            )
        )
        if facts.orcid:
            suggestions.append(
                _("Sign in with ORCID to prove the record's iD %(orcid)s is yours.")
                % {"orcid": facts.orcid}
            )
        else:
            suggestions.append(_("Connect your ORCID iD by signing in with ORCID."))
        for domain in facts.domains:
            suggestions.append(_("Add and verify an email at %(domain)s.") % {"domain": domain})

    score = max(0, min(100, score))
    has_overlap = bool(matched) or orcid_proven
    if (
        score >= STRONG_THRESHOLD
        and has_overlap
        and name_match.kind in (EXACT, INITIALS)
        and not cv_name_mismatch
        and not coauthor_of
    ):
        decision = STRONG
    elif score >= REVIEW_THRESHOLD:
        decision = REVIEW
    else:
        decision = WEAK
    if decision != STRONG and score >= STRONG_THRESHOLD:
        reasons.append(
            (
                97,
                _(
                    "The score is high, but a name or co-author conflict keeps this from being "
                    "a strong match."
                ),
            )
        )
    if not has_overlap and name_match.kind in (EXACT, INITIALS):
        reasons.append(
            (75, _("A matching name alone is not enough: many researchers share a name."))
        )

    ordered = [text for _importance, text in sorted(reasons, key=lambda r: -r[0])]
    for item in matched:
        item.pop("listed_as", None)
    return EvidenceReport(
        score=score,
        decision=decision,
        reasons=ordered,
        matched_works=matched,
        coauthor_of=coauthor_of,
        identity_proof=list(identity_proof),
        suggestions=suggestions,
    )
