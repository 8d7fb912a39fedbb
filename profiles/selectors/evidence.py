"""Database reads of the evidence engine: a record's facts, a claimant's proofs, and the
score of a CV against a record. The engine itself (profiles/evidence/) works on the plain
values these return; nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q

from accounts.orcid import orcid_configured
from profiles.evidence.cv import parse_cv
from profiles.evidence.facts import ClaimantFacts, RecordFacts, WorkFacts
from profiles.evidence.orcid import OrcidUnavailable, fetch_public_works
from profiles.evidence.proofs import (
    Proof,
    email_proofs,
    orcid_proof,
    orcid_works_overlap,
)
from profiles.evidence.proofs import missing_proof_suggestions as _missing_suggestions
from profiles.evidence.report import EvidenceReport
from profiles.evidence.scoring import score_parsed
from profiles.identifiers import normalize_orcid
from profiles.models import AuthorRecord, Authorship, InstitutionDomain, NameVariant, Work


def record_domains(author: AuthorRecord) -> list[str]:
    """Email domains of institutions on the record's works and of its imported affiliation
    (1 query): a verified address there is a supporting proof. An affiliation the owner
    chose is left out (`owner_chosen_domains`)."""
    q = Q(institution__authorships__author=author)
    if author.affiliation_id and not author.affiliation_by_owner:
        q |= Q(institution_id=author.affiliation_id)
    return sorted(set(InstitutionDomain.objects.filter(q).values_list("domain", flat=True)))


def owner_chosen_domains(author: AuthorRecord) -> list[str]:
    """Domains that only the affiliation the owner chose names: an address there proves
    nothing (no query when the affiliation was imported)."""
    if not (author.affiliation_id and author.affiliation_by_owner):
        return []
    counted = set(record_domains(author))
    domains = InstitutionDomain.objects.filter(institution_id=author.affiliation_id)
    return sorted(d for d in domains.values_list("domain", flat=True) if d not in counted)


def _work_facts(work: Work, author_id: int) -> WorkFacts:
    return WorkFacts(
        work_id=work.id,
        title=work.title,
        alternative_titles=tuple(t for t in (work.alternative_titles or []) if t),
        year=work.year,
        venue=work.venue,
        doi=work.doi or "",
        arxiv_id=work.arxiv_id or "",
        slots=tuple(
            (slot.position, slot.raw_name, slot.author_id == author_id)
            for slot in work.authorships.all()
        ),
    )


def _record_works(author: AuthorRecord) -> list[Work]:
    return list(
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


def record_facts(author: AuthorRecord, *, private_names: bool = True) -> RecordFacts:
    """What scoring needs, in 5 queries whatever the record's size: name variants (private
    ones too), works, their author slots, institution domains, whether ORCID sign-in is
    configured (no query when it is, from the environment)."""
    variants = NameVariant.objects.filter(author=author)
    if not private_names:  # a preview: a private former name must not answer a guess
        variants = variants.filter(is_private=False)
    variant_rows = list(variants.values_list("name", "is_private"))
    works = [_work_facts(work, author.id) for work in _record_works(author)]
    printed = dict.fromkeys(name for w in works for _pos, name, own in w.slots if own)
    names = [author.display_name, *(name for name, _private in variant_rows), *printed]
    return RecordFacts(
        record_id=author.id,
        display_name=author.display_name,
        names=tuple(dict.fromkeys(n for n in names if n)),
        orcid=author.orcid or "",
        works=tuple(works),
        domains=tuple(record_domains(author)),
        private_names=tuple(
            name for name, private in variant_rows if private and name not in printed
        ),
        orcid_sign_in=orcid_configured(),
    )


def private_name_matched(author: AuthorRecord, name: str) -> bool:
    """Whether `name` fits one of the record's private former names (exactly or by
    initials): said to moderators of a submitted claim, never which name it was."""
    from profiles.evidence.names import EXACT, INITIALS, best_match

    private = list(
        NameVariant.objects.filter(author=author, is_private=True).values_list("name", flat=True)
    )
    return bool(private) and best_match(name or "", private)[0].kind in (EXACT, INITIALS)


def _clean_orcid(value: str) -> str:
    try:
        return normalize_orcid(value)
    except ValidationError:  # a malformed uid simply proves nothing
        return ""


def claimant_facts(user) -> ClaimantFacts:
    """The ORCID iDs a person signed in with and their email addresses (2 queries)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ClaimantFacts()
    uids = SocialAccount.objects.filter(user=user, provider="orcid").order_by("id")
    orcids = (_clean_orcid(uid) for uid in uids.values_list("uid", flat=True))
    addresses = list(
        EmailAddress.objects.filter(user=user).order_by("email").values_list("email", "verified")
    )
    return ClaimantFacts(
        orcid_ids=tuple(o for o in orcids if o),
        verified_emails=tuple(email for email, verified in addresses if verified),
        unverified_emails=tuple(email for email, verified in addresses if not verified),
    )


def _orcid_overlap(orcid: str, author: AuthorRecord) -> tuple[list[str], int]:
    """Titles of the record's works that the iD's public works list (asks ORCID), and how
    many works the record has."""
    try:
        orcid_works = fetch_public_works(orcid)
    except OrcidUnavailable:
        return [], 0
    works = (
        Work.objects.filter(authorships__author=author)
        .distinct()
        .only("id", "title", "doi", "arxiv_id", "alternative_titles")
    )
    facts = [
        WorkFacts(
            work_id=w.id,
            title=w.title,
            alternative_titles=tuple(t for t in (w.alternative_titles or []) if t),
            year=None,
            venue="",
            doi=w.doi or "",
            arxiv_id=w.arxiv_id or "",
            slots=(),
        )
        for w in works
    ]
    return orcid_works_overlap(orcid_works, facts), len(facts)


def identity_proofs(user, author: AuthorRecord) -> list[Proof]:
    """The claimant's proofs of being the record's person (none for anonymous visitors).
    May ask the ORCID public API: never call it while rows are locked."""
    claimant = claimant_facts(user)
    proofs = []
    for orcid in claimant.orcid_ids:
        overlap, total = ([], 0) if author.orcid else _orcid_overlap(orcid, author)
        proof = orcid_proof(
            orcid, record_orcid=author.orcid or "", overlap=overlap, record_works=total
        )
        if proof:
            proofs.append(proof)
    if claimant.verified_emails:
        proofs += email_proofs(
            claimant.verified_emails, record_domains(author), owner_chosen_domains(author)
        )
    return proofs


def missing_proof_suggestions(user, author: AuthorRecord) -> list[str]:
    """What the person could add to prove who they are, without starting over."""
    return _missing_suggestions(
        identity_proofs(user, author),
        claimant_facts(user),
        record_orcid=author.orcid or "",
        domains=record_domains(author),
        orcid_sign_in=orcid_configured(),
    )


def score_evidence(
    author: AuthorRecord,
    *,
    claimant_name: str,
    cv_text: str = "",
    identity_proof: Sequence[Proof] = (),
    private_names: bool = True,
) -> EvidenceReport:
    """Score a claimant's evidence against a record. Deterministic; reads the database in a
    fixed number of queries (5) and writes nothing. `private_names=False` (every preview)
    leaves the record's private former names out, so a guess of one scores as a wrong one;
    they count only in a submitted claim, where the moderator sees that they matched."""
    return score_parsed(
        record_facts(author, private_names=private_names),
        claimant_name=claimant_name,
        cv=parse_cv(cv_text),
        identity_proof=list(identity_proof),
    )
