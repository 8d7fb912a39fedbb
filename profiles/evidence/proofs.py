"""Identity proof: is the claimant provably the record's person?

A CV is public, so anyone can upload someone else's. Only two things prove who is claiming:
- a **verified** allauth email address whose domain is (a subdomain of) an email domain of the
  record's affiliation or of an institution on the record's works (`harvard.edu`,
  `seas.harvard.edu`);
- an **ORCID iD proven by signing in with ORCID** (an allauth SocialAccount with provider
  "orcid"): it proves the record when the uid equals the record's ORCID iD, or, when the
  record has no ORCID iD, when the iD's public works (read from the ORCID public API by
  profiles/orcid.py; mocked in tests) overlap the record's works by DOI, arXiv id or title.

`identity_proofs(user, author)` returns `[{"kind": "orcid"|"institutional_email", "detail"}]`;
`missing_proof_suggestions(user, author)` says what the person could add.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from profiles.evidence.names import fold
from profiles.identifiers import normalize_orcid

ORCID = "orcid"
INSTITUTIONAL_EMAIL = "institutional_email"
ORCID_TITLE_SIMILARITY = 95


def record_domains(author) -> list[str]:
    """Email domains of the record's affiliation and of institutions on its works (1 query)."""
    from profiles.models import InstitutionDomain

    q = Q(institution__authorships__author=author)
    if author.affiliation_id:
        q |= Q(institution_id=author.affiliation_id)
    return sorted(set(InstitutionDomain.objects.filter(q).values_list("domain", flat=True)))


def domain_matches(email: str, domains: list[str]) -> str:
    """The institution domain an address belongs to ('' if none): exact or a subdomain."""
    host = (email or "").rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if not host or "@" not in (email or ""):
        return ""
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return ""


def _orcid_accounts(user):
    from allauth.socialaccount.models import SocialAccount

    return list(SocialAccount.objects.filter(user=user, provider="orcid").order_by("id"))


def _clean_orcid(value: str) -> str:
    try:
        return normalize_orcid(value)
    except Exception:  # noqa: BLE001 - a malformed uid simply proves nothing
        return ""


def _orcid_works_overlap(orcid: str, author) -> list[str]:
    """Titles of the record's works that the ORCID iD's public works also list."""
    from profiles.evidence.orcid import OrcidUnavailable, fetch_public_works
    from profiles.models import Work

    try:
        orcid_works = fetch_public_works(orcid)
    except OrcidUnavailable:
        return []
    dois = {w["doi"] for w in orcid_works if w.get("doi")}
    arxiv = {w["arxiv_id"] for w in orcid_works if w.get("arxiv_id")}
    titles = [fold(w["title"]) for w in orcid_works if w.get("title")]
    overlap = []
    for work in (
        Work.objects.filter(authorships__author=author)
        .distinct()
        .only("id", "title", "doi", "arxiv_id", "alternative_titles")
    ):
        if (work.doi and work.doi in dois) or (work.arxiv_id and work.arxiv_id in arxiv):
            overlap.append(work.title)
            continue
        own = [fold(t) for t in (work.title, *(work.alternative_titles or [])) if t]
        if any(
            len(a) >= 30 and fuzz.ratio(a, b) >= ORCID_TITLE_SIMILARITY for a in own for b in titles
        ):
            overlap.append(work.title)
    return overlap


def identity_proofs(user, author) -> list[dict]:
    """The claimant's proofs of being the record's person (empty for anonymous visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    from allauth.account.models import EmailAddress

    proofs: list[dict] = []
    for account in _orcid_accounts(user):
        orcid = _clean_orcid(account.uid)
        if not orcid:
            continue
        if author.orcid:
            if orcid == author.orcid:
                proofs.append(
                    {
                        "kind": ORCID,
                        "detail": _("Signed in with ORCID iD %(orcid)s, the record's own iD.")
                        % {"orcid": orcid},
                    }
                )
            continue
        overlap = _orcid_works_overlap(orcid, author)
        if overlap:
            proofs.append(
                {
                    "kind": ORCID,
                    "detail": _(
                        "Signed in with ORCID iD %(orcid)s, whose public works include %(works)s."
                    )
                    % {"orcid": orcid, "works": "; ".join(f"\u201c{t}\u201d" for t in overlap)},
                }
            )

    domains = record_domains(author)
    if domains:
        for address in EmailAddress.objects.filter(user=user, verified=True).order_by("email"):
            domain = domain_matches(address.email, domains)
            if domain:
                proofs.append(
                    {
                        "kind": INSTITUTIONAL_EMAIL,
                        "detail": _("Verified email %(email)s at %(domain)s.")
                        % {"email": address.email, "domain": domain},
                    }
                )
    return proofs


def missing_proof_suggestions(user, author) -> list[str]:
    """What the person could add to prove who they are, without starting over."""
    proofs = identity_proofs(user, author)
    kinds = {p["kind"] for p in proofs}
    suggestions: list[str] = []
    if ORCID not in kinds:
        if author.orcid:
            suggestions.append(
                _("Sign in with ORCID using the record's iD %(orcid)s.") % {"orcid": author.orcid}
            )
        else:
            suggestions.append(
                _("Sign in with ORCID; we compare your public ORCID works with this record.")
            )
    if INSTITUTIONAL_EMAIL not in kinds:
        domains = record_domains(author)
        pending = []
        if user is not None and getattr(user, "is_authenticated", False):
            from allauth.account.models import EmailAddress

            pending = [
                a.email
                for a in EmailAddress.objects.filter(user=user, verified=False)
                if domain_matches(a.email, domains)
            ]
        for email in pending:
            suggestions.append(
                _("Verify %(email)s: open the link we emailed to it.") % {"email": email}
            )
        if not pending:
            for domain in domains:
                suggestions.append(_("Add and verify an email at %(domain)s.") % {"domain": domain})
    return suggestions
