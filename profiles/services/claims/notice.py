"""The notice period (off by default, `CLAIMS_NOTICE_APPROVE`): a strong match whose best
proof is only supporting (a verified address at the record's institution) may be approved
without a moderator once its objection window has passed with nobody objecting. Until then
the record stays publicly unclaimed; the co-authors with accounts and every other account
with the record's name and a verified address at that domain are told (docs/claims.md)."""

from __future__ import annotations

from functools import partial

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles import conf
from profiles.choices import ClaimStatus
from profiles.errors import ServiceError
from profiles.evidence.names import EXACT, INITIALS, best_match
from profiles.evidence.proofs import SUPPORTING, domain_matches, strength_of
from profiles.models import Claim
from profiles.services import notifications
from profiles.services.claims.common import STRONG
from profiles.services.claims.decisions import claim_approve


def in_notice_period(claim: Claim) -> bool:
    """Whether this pending claim may be approved when its notice period ends."""
    return bool(
        conf.CLAIMS_NOTICE_APPROVE
        and claim.status == ClaimStatus.PENDING
        and claim.decision == STRONG
        and claim.proof_strength == str(SUPPORTING)
        and claim.objections_until
    )


def proof_domains(claim: Claim) -> list[str]:
    """The domains of the claim's supporting address proofs ("Verified email x at d.")."""
    domains = []
    for proof in claim.identity_proof or []:
        if strength_of(proof) == SUPPORTING:
            words = str(proof.get("detail", "")).rstrip(".").split()
            if len(words) >= 2 and words[-2] == "at":
                domains.append(words[-1])
    return domains


def same_name_accounts(claim: Claim):
    """Other accounts with the record's name and a verified address at the proof's domain:
    if one of them is the researcher, they must hear of it before the notice ends."""
    domains = proof_domains(claim)
    if not domains:
        return []
    names = [claim.author.display_name]
    found = {}
    for address in EmailAddress.objects.filter(verified=True).exclude(user=claim.claimant_id):
        if domain_matches(address.email, domains) and address.user_id not in found:
            user = address.user
            if best_match(user.name or "", names)[0].kind in (EXACT, INITIALS):
                found[address.user_id] = user
    return list(found.values())


def notify_same_name_accounts(claim: Claim) -> None:
    """Tell them, once the claim is stored (after commit)."""
    if not in_notice_period(claim):
        return
    for user in same_name_accounts(claim):
        transaction.on_commit(partial(notifications.same_name_claim, claim, user))


def approve_after_notice(*, now=None) -> list[Claim]:
    """Approve every claim whose notice period ended with no objection and no competing
    pending claim on the record (a competing claim is the other person's answer: a
    moderator decides). Returns the approved claims."""
    if not conf.CLAIMS_NOTICE_APPROVE:
        return []
    now = now or timezone.now()
    due = Claim.objects.filter(
        status=ClaimStatus.PENDING,
        decision=STRONG,
        proof_strength=str(SUPPORTING),
        objections_until__lt=now,
        objections__isnull=True,
        author__owner__isnull=True,
    ).select_related("author")
    approved = []
    for claim in due:
        rivals = Claim.objects.filter(author=claim.author_id, status=ClaimStatus.PENDING)
        if rivals.exclude(pk=claim.pk).exists():
            continue
        try:
            approved.append(
                claim_approve(
                    claim=claim,
                    moderator=None,
                    reason=_(
                        "Approved: the notice period ended and nobody objected to your claim."
                    ),
                )
            )
        except ServiceError:
            continue
    return approved
