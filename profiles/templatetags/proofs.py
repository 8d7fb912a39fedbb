"""`{% proof_strengths as table %}`: the one table of identity-proof strengths
(profiles/evidence/proofs.py, docs/claims.md), shown to claimants and moderators alike."""

from django import template

from profiles.evidence.proofs import STRENGTH_TABLE

register = template.Library()


@register.simple_tag
def proof_strengths() -> list[dict[str, str]]:
    return [
        {"strength": str(strength), "label": str(strength.label), "rule": str(rule)}
        for strength, rule in STRENGTH_TABLE
    ]
