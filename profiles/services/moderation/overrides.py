"""Trust overrides: a moderator sets a record's verification level or adjusts its trust
score, always with a reason. The override is kept (TrustOverride), written to the record's
history and the audit trail, and shown in the public trust breakdown as a moderator
adjustment (profiles.services.trust)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from profiles.choices import AuditAction, OverrideKind, ProfileEventKind, VerificationLevel
from profiles.errors import Conflict, Invalid
from profiles.models import AuthorRecord, ProfileEvent, TrustOverride
from profiles.selectors.moderation import moderator_adjustment
from profiles.services import audit
from profiles.services.moderation.sanctions import required_reason
from profiles.services.records import recompute_trust

MAX_ADJUSTMENT = 100


def _history_reason(reason: str) -> str:
    return _("moderator adjustment: %(reason)s") % {"reason": reason}


def check_level(author: AuthorRecord, level: int) -> None:
    """Refuse a level the record cannot have (L1 for claimed, above L1 for unclaimed), or
    the one it has. Read-only: forms ask it before set_level does under a lock."""
    if level not in VerificationLevel.values:
        raise Invalid(_("Choose a level from L1 to L4."), code="invalid_level", field="level")
    if author.owner_id is None and level != VerificationLevel.L1:
        raise Invalid(
            _("An unclaimed record stays at L1; a level above needs an owner."),
            code="level_needs_owner",
            field="level",
        )
    if author.owner_id is not None and level == VerificationLevel.L1:
        raise Invalid(
            _("A claimed record is at least L2; revoke the claim to return it to L1."),
            code="level_needs_release",
            field="level",
        )
    if level == author.verification_level:
        raise Conflict(_("The record already is at this level."), code="same_level")


@transaction.atomic
def set_level(*, author: AuthorRecord, moderator, level: int, reason: str) -> TrustOverride:
    """Set a claimed record's verification level (L2-L4) by a moderator's decision."""
    reason = required_reason(reason)
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    check_level(author, level)
    before = {"level": author.verification_level, "trust": author.trust_score}
    override = TrustOverride.objects.create(
        author=author,
        owner_id=author.owner_id,
        kind=OverrideKind.LEVEL,
        level=level,
        reason=reason,
        actor=moderator,
    )
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.LEVEL,
        actor=moderator,
        old_value=f"L{author.verification_level}",
        new_value=f"L{level}",
        reason=_history_reason(reason),
    )
    author.verification_level = level
    author.save(update_fields=["verification_level", "updated_at"])
    author = recompute_trust(author=author, actor=moderator, reason=_history_reason(reason))
    audit.record(
        actor=moderator,
        action=AuditAction.LEVEL_SET,
        target=author,
        before=before,
        after={"level": level, "trust": author.trust_score, "override": override.pk},
        reason=reason,
    )
    return override


@transaction.atomic
def adjust_trust(*, author: AuthorRecord, moderator, points: int, reason: str) -> TrustOverride:
    """Add (or take away) `points` to the record's trust score. The adjustment replaces the
    previous one for the same owner; 0 removes it. The score stays within 0-100."""
    reason = required_reason(reason)
    if not isinstance(points, int) or abs(points) > MAX_ADJUSTMENT:
        raise Invalid(
            _("An adjustment is between -100 and +100 points."),
            code="invalid_points",
            field="points",
        )
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    before = {"trust": author.trust_score, "adjustment": moderator_adjustment(author)}
    override = TrustOverride.objects.create(
        author=author,
        owner_id=author.owner_id,
        kind=OverrideKind.SCORE,
        points=points,
        reason=reason,
        actor=moderator,
    )
    old_score = author.trust_score
    author = recompute_trust(author=author, actor=moderator, reason=_history_reason(reason))
    if author.trust_score == old_score:  # clamped, or no change: the history still says so
        ProfileEvent.objects.create(
            author=author,
            kind=ProfileEventKind.TRUST,
            actor=moderator,
            old_value=str(old_score),
            new_value=str(author.trust_score),
            reason=_history_reason(reason),
        )
    audit.record(
        actor=moderator,
        action=AuditAction.TRUST_ADJUSTED,
        target=author,
        before=before,
        after={"trust": author.trust_score, "adjustment": points, "override": override.pk},
        reason=reason,
    )
    return override
