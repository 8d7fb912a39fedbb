"""Verification levels: the one rule that turns proofs and a decision into a level."""

from __future__ import annotations

from profiles import conf
from profiles.choices import (
    ClaimStatus,
    VerificationLevel,
)
from profiles.evidence.proofs import STRONG as STRONG_PROOF
from profiles.evidence.proofs import SUPPORTING, best_strength, counting_kinds
from profiles.models import (
    Claim,
)
from profiles.services.claims.common import STRONG

FAST_LANE = (str(STRONG_PROOF), str(SUPPORTING))  # `Claim.proof_strength` values served first

# ---------------------------------------------------------------------------------------------
# Verification levels: the one rule


def level_for(*, identity_proof: list[dict], decision: str, by_moderator: bool) -> int:
    """The verification level an approved claim gives its record (docs/claims.md, the table
    of proof strengths).

    L2: approved without a proof that counts, or without a strong match; or with only a
        supporting proof (an address at the record's institution) and no moderator.
    L3: a strong match and a strong proof (ORCID); or a supporting proof a moderator approved.
    L4: a strong match and a strong proof, confirmed by a moderator or by a second,
        independent kind of proof that counts (ORCID and an institutional email).
    """
    kinds = counting_kinds(identity_proof or [])
    strong = STRONG_PROOF in kinds.values()
    if decision != STRONG or not (strong or (kinds and by_moderator)):
        return VerificationLevel.L2
    if strong and (by_moderator or len(kinds) >= 2):
        return VerificationLevel.L4
    return VerificationLevel.L3


def has_strong_proof(identity_proof: list[dict]) -> bool:
    """Whether a proof may approve without a moderator (an ORCID sign-in that proves it)."""
    return best_strength(identity_proof or []) == STRONG_PROOF


def proof_addresses(identity_proof: list[dict]) -> list[str]:
    """The verified addresses behind a claim's email proofs, for the moderator's queue."""
    return [
        word.rstrip(".,:")
        for proof in identity_proof or []
        if proof.get("kind") == "institutional_email"
        for word in str(proof.get("detail", "")).split()
        if "@" in word
    ]


def may_auto_approve(claim: Claim) -> bool:
    """Only a strong match with a strong proof: a supporting proof never approves alone."""
    return bool(
        conf.CLAIMS_AUTO_APPROVE
        and claim.status == ClaimStatus.PENDING
        and claim.decision == STRONG
        and has_strong_proof(claim.identity_proof)
    )
