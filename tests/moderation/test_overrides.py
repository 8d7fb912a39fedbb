"""Trust overrides: a moderator sets a level or adjusts the trust score with a reason; it
shows in the record's history, the audit trail and the public trust breakdown."""

from __future__ import annotations

import pytest

from profiles.choices import AuditAction
from profiles.errors import Conflict, Invalid
from profiles.models import AuditEntry, ProfileEvent
from profiles.services.moderation import adjust_trust, revoke_claim, set_level
from tests.factories import AuthorRecordFactory, claimed_record

pytestmark = pytest.mark.django_db


def terms(author) -> dict[str, int]:
    author.refresh_from_db()
    return {t["label"]: t["points"] for t in author.trust_breakdown}


def test_a_trust_adjustment_shows_in_history_audit_and_the_public_breakdown(client, moderator):
    record = claimed_record()
    record.refresh_from_db()
    before = record.trust_score
    adjust_trust(author=record, moderator=moderator, points=-15, reason="Fake affiliation.")
    assert terms(record)["Moderator adjustment"] == -15
    assert record.trust_score == max(0, before - 15)
    event = ProfileEvent.objects.filter(author=record, kind="trust").first()
    assert event.reason == "moderator adjustment: Fake affiliation."
    assert event.actor == moderator
    entry = AuditEntry.objects.get(action=AuditAction.TRUST_ADJUSTED)
    assert entry.before == {"trust": before, "adjustment": 0}
    assert entry.after["adjustment"] == -15 and entry.after["trust"] == record.trust_score

    body = client.get(f"/api/v1/authors/{record.pk}/").json()
    assert {"label": "Moderator adjustment", "points": -15} in body["trust"]["breakdown"]
    assert "Moderator adjustment" in client.get(record.get_absolute_url()).content.decode()

    adjust_trust(author=record, moderator=moderator, points=0, reason="Resolved.")
    assert "Moderator adjustment" not in terms(record)
    assert record.trust_score == before


def test_a_level_set_by_a_moderator_is_labelled_in_the_breakdown(moderator):
    record = claimed_record(level=2)
    set_level(author=record, moderator=moderator, level=4, reason="Met in person.")
    record.refresh_from_db()
    assert record.verification_level == 4
    assert terms(record)["Verification level L4 (moderator adjustment)"] == 45
    event = ProfileEvent.objects.filter(author=record, kind="level").first()
    assert (event.old_value, event.new_value) == ("L2", "L4")
    entry = AuditEntry.objects.get(action=AuditAction.LEVEL_SET)
    assert entry.before["level"] == 2 and entry.after["level"] == 4
    assert entry.reason == "Met in person."


def test_override_refusals(moderator):
    unclaimed = AuthorRecordFactory()
    record = claimed_record(level=2)
    for call, kwargs in [
        (adjust_trust, {"author": record, "points": 5, "reason": ""}),
        (adjust_trust, {"author": record, "points": 500, "reason": "x"}),
        (set_level, {"author": unclaimed, "level": 3, "reason": "x"}),
        (set_level, {"author": record, "level": 1, "reason": "x"}),
        (set_level, {"author": record, "level": 7, "reason": "x"}),
    ]:
        with pytest.raises(Invalid):
            call(moderator=moderator, **kwargs)
    with pytest.raises(Conflict):
        set_level(author=record, moderator=moderator, level=2, reason="x")
    assert AuditEntry.objects.count() == 0


def test_overrides_leave_with_the_owner(moderator, approved_claim):
    record = approved_claim.author
    adjust_trust(author=record, moderator=moderator, points=10, reason="Known researcher.")
    assert terms(record)["Moderator adjustment"] == 10
    revoke_claim(claim=approved_claim, moderator=moderator, reason="Account sold.")
    assert "Moderator adjustment" not in terms(record)
