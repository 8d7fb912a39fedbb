"""The one audit trail: every moderation decision writes an entry in its own transaction,
and entries can be neither changed nor deleted."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from profiles.choices import AuditAction
from profiles.errors import Conflict
from profiles.models import AuditEntry, Claim
from profiles.models.moderation import AppendOnly
from profiles.services import audit
from profiles.services.claims import claim_approve, claim_reject, claim_submit
from tests.factories import AuthorRecordFactory, UserFactory

pytestmark = pytest.mark.django_db


def pending() -> Claim:
    return claim_submit(
        claimant=UserFactory(verified=True), author=AuthorRecordFactory(), statement="Mine."
    )


def test_claim_decisions_are_audited_by_the_claims_services(moderator):
    approved = claim_approve(claim=pending(), moderator=moderator, reason="CV matches.")
    rejected = claim_reject(claim=pending(), moderator=moderator, reason="No evidence.")
    entries = {e.action: e for e in AuditEntry.objects.all()}
    assert set(entries) == {AuditAction.CLAIM_APPROVED, AuditAction.CLAIM_REJECTED}
    yes, no = entries[AuditAction.CLAIM_APPROVED], entries[AuditAction.CLAIM_REJECTED]
    assert (yes.target_type, yes.target_id) == (
        ContentType.objects.get_for_model(Claim),
        approved.pk,
    )
    assert yes.actor == moderator and yes.actor_repr == moderator.email
    assert yes.before["status"] == "pending" and yes.after == {
        "status": "approved",
        "level": 2,
        "owner": approved.claimant_id,
        "closed_claims": [],
    }
    assert yes.reason == "CV matches."
    assert no.target_id == rejected.pk and no.reason == "No evidence."
    assert list(audit.for_object(rejected)) == [no]


def test_a_refused_decision_leaves_no_entry(moderator):
    claim = pending()
    claim_reject(claim=claim, moderator=moderator, reason="No.")
    with pytest.raises(Conflict):
        claim_approve(claim=claim, moderator=moderator)
    assert AuditEntry.objects.filter(action=AuditAction.CLAIM_APPROVED).count() == 0


def test_entries_are_append_only(moderator):
    claim_reject(claim=pending(), moderator=moderator, reason="No.")
    entry = AuditEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.reason == "No."


def test_entries_outlive_the_moderator_account(moderator):
    claim_reject(claim=pending(), moderator=moderator, reason="No.")
    moderator.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_repr == "moderator@example.org"


@pytest.mark.django_db(transaction=True)
def test_an_entry_is_only_written_inside_a_transaction(moderator):
    with pytest.raises(RuntimeError):
        audit.record(actor=moderator, action=AuditAction.CLAIM_REJECTED, target=moderator)
