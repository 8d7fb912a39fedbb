"""Verification levels: the one rule that turns proofs and a decision into a level."""

from __future__ import annotations

from profiles import conf
from profiles.choices import (
    ClaimStatus,
    VerificationLevel,
)
from profiles.models import (
    Claim,
)
from profiles.services.claims.common import STRONG

# ---------------------------------------------------------------------------------------------
# Verification levels: the one rule


def level_for(*, identity_proof: list[dict], decision: str, by_moderator: bool) -> int:
    """The verification level an approved claim gives its record (docs/claims.md).

    L2: approved by a moderator without identity proof (or with proof but not a strong match).
    L3: identity proof and a strong match.
    L4: L3 confirmed by a moderator, or two independent proofs (distinct kinds: an
        authenticated ORCID iD and a verified institutional email) with a strong match.
    """
    kinds = {proof.get("kind") for proof in identity_proof or []}
    if not kinds or decision != STRONG:
        return VerificationLevel.L2
    if by_moderator or len(kinds) >= 2:
        return VerificationLevel.L4
    return VerificationLevel.L3


def may_auto_approve(claim: Claim) -> bool:
    return bool(
        conf.CLAIMS_AUTO_APPROVE
        and claim.status == ClaimStatus.PENDING
        and claim.decision == STRONG
        and claim.identity_proof
    )
