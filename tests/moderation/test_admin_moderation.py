"""The moderators' admin pages for sanctions, overrides and the audit trail, used by a
moderator of the Moderators group (not a superuser)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from profiles.choices import AuditAction, ClaimStatus
from profiles.models import AuditEntry, Suspension, TrustOverride
from profiles.selectors.moderation import is_suspended
from profiles.services.audit import CSV_HEADER
from profiles.services.moderation import suspend_user
from tests.factories import UserFactory, claimed_record

pytestmark = pytest.mark.django_db

AUDIT = "/admin/profiles/auditentry/"


def test_a_moderator_suspends_an_account_from_the_admin_and_lifts_it(mod_client, moderator):
    user = UserFactory(verified=True)
    assert mod_client.get(f"/admin/profiles/suspension/add/?user={user.pk}").status_code == 200
    until = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d")
    response = mod_client.post(
        "/admin/profiles/suspension/add/",
        {"user": user.pk, "ends_at_0": until, "ends_at_1": "12:00:00", "reason": "Spam."},
    )
    assert response.status_code == 302, response.content.decode()
    suspension = Suspension.objects.get(user=user)
    assert suspension.actor == moderator and is_suspended(user)

    again = mod_client.post(
        "/admin/profiles/suspension/add/", {"user": user.pk, "reason": "Again."}
    )
    assert again.status_code == 200
    assert "already suspended" in again.content.decode()
    assert mod_client.get(f"/admin/profiles/suspension/{suspension.pk}/change/").status_code == 200

    mod_client.post(
        "/admin/profiles/suspension/",
        {"action": "lift_selected", "_selected_action": [suspension.pk]},
    )
    assert not is_suspended(user)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.USER_SUSPENDED, AuditAction.SUSPENSION_LIFTED]
    url = f"/admin/profiles/suspension/{suspension.pk}/delete/"
    assert mod_client.post(url, {"post": "yes"}).status_code == 403


def test_a_moderator_adjusts_trust_from_a_records_page(mod_client, moderator):
    record = claimed_record()
    page = mod_client.get(f"/admin/profiles/authorrecord/{record.pk}/change/").content.decode()
    assert f"/admin/profiles/trustoverride/add/?author={record.pk}" in page
    missing = mod_client.post(
        "/admin/profiles/trustoverride/add/",
        {"author": record.pk, "kind": "score", "points": "-10", "reason": ""},
    )
    assert missing.status_code == 200 and not TrustOverride.objects.exists()
    response = mod_client.post(
        "/admin/profiles/trustoverride/add/",
        {"author": record.pk, "kind": "score", "points": "-10", "reason": "Spam ring."},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert {"label": "Moderator adjustment", "points": -10} in record.trust_breakdown
    refused = mod_client.post(
        "/admin/profiles/trustoverride/add/",
        {"author": record.pk, "kind": "level", "level": "1", "reason": "x"},
    )
    assert refused.status_code == 200 and "revoke the claim" in refused.content.decode()
    override = TrustOverride.objects.get()
    assert mod_client.post(f"/admin/profiles/trustoverride/{override.pk}/change/").status_code in (
        200,
        403,
    )
    override.refresh_from_db()
    assert override.points == -10


def _entries(n: int, moderator) -> None:
    user_type = ContentType.objects.get_for_model(User)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=moderator,
            actor_repr=moderator.email,
            action=AuditAction.USER_SUSPENDED if i % 2 else AuditAction.REPORT_DISMISSED,
            target_type=user_type,
            target_id=100_000 + i,
            target_repr=f"person{i}@example.org",
            before={"suspended": False},
            after={"suspended": True, "n": i},
            reason=f'reason, with "quotes" {i}',
        )
        for i in range(n)
    )


def test_the_audit_list_is_read_only_for_everyone_including_superusers(
    client, mod_client, moderator
):
    suspend_user(user=UserFactory(), moderator=moderator, reason="Spam.")
    entry = AuditEntry.objects.get()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for c in (mod_client, client):
        if c is client:
            c.force_login(superuser)
        assert c.get(AUDIT).status_code == 200
        assert c.get(f"{AUDIT}{entry.pk}/change/").status_code == 200
        assert c.get(f"{AUDIT}add/").status_code == 403
        assert c.post(f"{AUDIT}{entry.pk}/change/", {"reason": "x"}).status_code == 403
        assert c.post(f"{AUDIT}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
        c.post(AUDIT, {"action": "delete_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.reason == "Spam."


def test_the_audit_list_filters_by_action_actor_date_and_object(mod_client, moderator):
    record = claimed_record()
    target = suspend_user(user=record.owner, moderator=moderator, reason="Spam.").user
    _entries(5, moderator)
    html = mod_client.get(AUDIT, {"action__exact": AuditAction.USER_SUSPENDED}).content.decode()
    assert html.count('class="field-action"') == 3
    assert mod_client.get(AUDIT, {"actor__id__exact": moderator.pk}).status_code == 200
    today = timezone.now().date()
    assert mod_client.get(AUDIT, {"created_at__year": today.year}).status_code == 200
    user_page = mod_client.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    ct = ContentType.objects.get_for_model(User).pk
    link = f"{AUDIT}?target_type__id__exact={ct}&amp;target_id={target.pk}"
    assert link in user_page
    listed = mod_client.get(AUDIT, {"target_type__id__exact": ct, "target_id": target.pk})
    assert listed.content.decode().count('class="field-action"') == 1
    assert f"/admin/accounts/user/{target.pk}/change/" in listed.content.decode()


def test_the_audit_csv_streams_ten_thousand_rows_with_headers(mod_client, moderator):
    _entries(10_000, moderator)
    response = mod_client.get(f"{AUDIT}export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    chunks = iter(response.streaming_content)
    first = next(chunks).decode()
    assert first == ",".join(CSV_HEADER) + "\r\n"
    body = first + b"".join(chunks).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 10_001
    assert rows[1][1] == AuditAction.REPORT_DISMISSED
    assert rows[1][2] == moderator.email
    assert rows[1][3:6] == ["accounts.user", "100000", "person0@example.org"]
    assert rows[1][7] == '{"n": 0, "suspended": true}'
    assert rows[-1][8] == 'reason, with "quotes" 9999'


def test_the_audit_csv_memory_stays_flat_while_streaming(mod_client, moderator):
    """Reading the stream row by row never holds the 10,000 rows: the peak stays a fraction
    of what materialising them takes."""
    import tracemalloc

    _entries(10_000, moderator)
    response = mod_client.get(f"{AUDIT}export.csv")
    tracemalloc.start()
    lines = sum(1 for _chunk in response.streaming_content)
    _now, streaming_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    everything = list(AuditEntry.objects.all())
    _now, loaded_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert lines == 10_001 and len(everything) == 10_000
    assert streaming_peak < loaded_peak / 3, (streaming_peak, loaded_peak)


def test_the_audit_csv_never_starts_a_cell_with_a_formula(mod_client, moderator):
    suspend_user(user=UserFactory(), moderator=moderator, reason='=HYPERLINK("http://x")')
    body = b"".join(mod_client.get(f"{AUDIT}export.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][8] == '\'=HYPERLINK("http://x")'


def test_the_audit_csv_follows_the_lists_filters(mod_client, moderator):
    _entries(10, moderator)
    response = mod_client.get(f"{AUDIT}export.csv", {"action__exact": AuditAction.USER_SUSPENDED})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 6
    assert {r[1] for r in rows[1:]} == {AuditAction.USER_SUSPENDED}


def test_the_audit_csv_is_for_staff_with_the_view_permission(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{AUDIT}export.csv").status_code == 403
    client.force_login(UserFactory(verified=True))
    assert client.get(f"{AUDIT}export.csv").status_code == 302


def test_claims_page_links_its_audit_trail(mod_client, approved_claim):
    page = mod_client.get(f"/admin/profiles/claim/{approved_claim.pk}/change/").content.decode()
    assert "1 decision(s)" in page
    assert approved_claim.status == ClaimStatus.APPROVED
