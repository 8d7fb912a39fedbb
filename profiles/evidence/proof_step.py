"""Scoring step 6, identity proof: listed with its strength beside the score, never added to
it (the record's own ORCID iD is step 2 of profiles/evidence/scoring.py); without a strong
proof it is worth a reason and what to add."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from profiles.evidence.facts import RecordFacts
from profiles.evidence.proofs import NO_PROOF, Proof
from profiles.evidence.proofs import STRONG as STRONG_PROOF
from profiles.evidence.report import Term


def _proof_reason(facts: RecordFacts, counting: Sequence[Proof]) -> str:
    if counting:
        return _(
            "A verified address at the record's institution shows that you belong there, "
            "not that you are this researcher: a moderator decides this claim, first in "
            "the queue."
        )
    if facts.orcid_sign_in:
        return _(
            "No identity proof yet: a CV is public, so only ORCID sign-in proves who you are; "
            "a verified email at the record's institution supports the claim for a moderator."
        )
    return _(
        "No identity proof yet: a CV is public; a verified email at the record's "
        "institution supports the claim for a moderator."
    )


def identity_proof_term(facts: RecordFacts, identity_proof: Sequence[Proof]) -> Term:
    """Identity proof is listed separately, with its strength; it does not change the score
    (except the record's own ORCID, step 2). Without a strong proof it is worth a reason and
    suggestions (ORCID sign-in where the site offers it, an address at the institution)."""
    term = Term()
    if identity_proof:
        details = "; ".join(f"{p.detail} ({p.strength})" for p in identity_proof)
        term.reason(20, _("Identity proof: %(proofs)s.") % {"proofs": details})
    counting = [p for p in identity_proof if p.strength != NO_PROOF]
    if any(p.strength == STRONG_PROOF for p in counting):
        return term
    term.reason(21 if counting else 20, _proof_reason(facts, counting))
    if facts.orcid_sign_in and facts.orcid:
        term.suggestions.append(
            _("Sign in with ORCID to prove the record's iD %(orcid)s is yours.")
            % {"orcid": facts.orcid}
        )
    elif facts.orcid_sign_in:
        term.suggestions.append(_("Connect your ORCID iD by signing in with ORCID."))
    if not counting:
        for domain in facts.domains:
            term.suggestions.append(
                _("Add and verify an email at %(domain)s.") % {"domain": domain}
            )
    return term
