"""Sanctions: suspending an account (it cannot sign in, its sessions and app tokens stop on
the next call, its pending invitations are withdrawn, its record offers no invitations, it is
told by email), lifting it early, and revoking an approved claim."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from profiles.choices import AuditAction, ClaimStatus, InvitationStatus
from profiles.errors import Conflict, Invalid, NotAllowed
from profiles.models import (
    AuditEntry,
    AuthorRecord,
    ClaimEvent,
    Invitation,
    ProfileEvent,
    Suspension,
)
from profiles.selectors.collaboration import panel_state
from profiles.selectors.moderation import is_suspended
from profiles.services.claims import claim_approve, claim_submit
from profiles.services.collaboration import decide_report, report_abuse, send_invitation
from profiles.services.moderation import lift_suspension, revoke_claim, suspend_user
from tests.factories import UserFactory, researcher

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def app_login(client: APIClient, user) -> str:
    """Sign in through allauth's headless app API; the session token."""
    response = client.post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def test_a_suspended_users_session_token_stops_working_on_the_next_api_call(
    moderator, django_capture_on_commit_callbacks
):
    user, _record = researcher()
    client = APIClient()
    token = app_login(client, user)
    assert client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        suspend_user(user=user, moderator=moderator, reason="Spam invitations.")

    response = client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert response.status_code in (401, 403)
    # Signing in again is refused too.
    response = client.post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code != 200
    assert "session_token" not in response.json().get("meta", {})


def test_a_suspended_users_browser_session_ends_and_sign_in_says_why(client, moderator):
    user, _record = researcher()
    client.force_login(user)
    assert client.get("/api/v1/me/").status_code == 200
    suspend_user(user=user, moderator=moderator, reason="Harassment.", until=None)
    assert client.get("/api/v1/me/").status_code == 403
    assert client.get("/dashboard/claims/").status_code == 302  # sent to sign in

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Account suspended" in response.content.decode()
    assert "Harassment." in response.content.decode()
    assert client.get("/api/v1/me/").status_code == 403


def test_suspending_withdraws_pending_invitations_hides_invite_and_tells_the_person(
    moderator, django_capture_on_commit_callbacks
):
    user, record = researcher()
    other, other_record = researcher()
    sent = send_invitation(sender=user, recipient_record=other_record, subject="Hi", message="Yes?")
    mail.outbox.clear()
    until = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend_user(user=user, moderator=moderator, reason="Spam.", until=until)

    sent.refresh_from_db()
    assert sent.status == InvitationStatus.WITHDRAWN
    assert panel_state(user=other, author=record).state == "not_open"
    with pytest.raises(Invalid) as refused:
        send_invitation(sender=other, recipient_record=record, subject="Hi", message="Hello")
    assert refused.value.code == "not_open"

    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "suspended your account until" in mail.outbox[0].body
    assert "Spam." in mail.outbox[0].body

    entry = AuditEntry.objects.get(action=AuditAction.USER_SUSPENDED)
    assert entry.actor == moderator and entry.target_id == user.pk and entry.reason == "Spam."
    assert entry.after["invitations_withdrawn"] == [sent.pk]
    assert entry.after["suspension"] == suspension.pk


def test_lifting_early_lets_the_person_back_in(
    client, moderator, django_capture_on_commit_callbacks
):
    user, record = researcher()
    suspension = suspend_user(user=user, moderator=moderator, reason="Spam.")
    assert is_suspended(user)
    with django_capture_on_commit_callbacks(execute=True):
        lift_suspension(suspension=suspension, moderator=moderator, reason="Appeal accepted.")
    assert not is_suspended(user)
    assert "lifted the suspension" in mail.outbox[-1].body
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me/").status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.SUSPENSION_LIFTED).count() == 1
    with pytest.raises(Conflict):
        lift_suspension(suspension=suspension, moderator=moderator)


def test_a_timed_suspension_ends_by_itself(moderator):
    user = UserFactory(verified=True)
    suspension = suspend_user(
        user=user,
        moderator=moderator,
        reason="Cool down.",
        until=timezone.now() + timedelta(hours=1),
    )
    Suspension.objects.filter(pk=suspension.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert not is_suspended(user)
    suspend_user(user=user, moderator=moderator, reason="Again.")  # a new one may start
    assert is_suspended(user)


def test_suspension_refusals(moderator):
    user = UserFactory(verified=True)
    with pytest.raises(Invalid):
        suspend_user(user=user, moderator=moderator, reason="  ")
    with pytest.raises(Invalid):
        suspend_user(
            user=user, moderator=moderator, reason="x", until=timezone.now() - timedelta(days=1)
        )
    with pytest.raises(NotAllowed):
        suspend_user(user=moderator, moderator=moderator, reason="x")
    with pytest.raises(NotAllowed):
        suspend_user(user=UserFactory(is_superuser=True), moderator=moderator, reason="x")
    suspend_user(user=user, moderator=moderator, reason="x")
    with pytest.raises(Conflict):
        suspend_user(user=user, moderator=moderator, reason="again")
    assert Suspension.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.USER_SUSPENDED).count() == 1


def test_revoking_a_claim_returns_the_record_keeps_history_and_tells_the_owner(
    moderator, approved_claim, django_capture_on_commit_callbacks
):
    author = approved_claim.author
    author.refresh_from_db()
    assert author.owner_id == approved_claim.claimant_id
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_claim(claim=approved_claim, moderator=moderator, reason="Impersonation proven.")

    author.refresh_from_db()
    approved_claim.refresh_from_db()
    assert author.owner_id is None and author.verification_level == 1
    assert approved_claim.status == ClaimStatus.RELEASED
    assert ClaimEvent.objects.filter(claim=approved_claim, kind="approved").exists()
    assert ClaimEvent.objects.get(claim=approved_claim, kind="released").reason == (
        "Impersonation proven."
    )
    assert ProfileEvent.objects.filter(author=author, kind="claimed").exists()
    assert ProfileEvent.objects.filter(author=author, kind="released").exists()
    assert [m.to for m in mail.outbox] == [[approved_claim.claimant.email]]
    assert "Impersonation proven." in mail.outbox[0].body
    entry = AuditEntry.objects.get(action=AuditAction.CLAIM_REVOKED)
    assert entry.before["owner"] == approved_claim.claimant_id and entry.after["owner"] is None
    assert entry.before["level"] == 2 and entry.after["level"] == 1


def test_revoking_needs_a_reason_and_an_approved_claim(moderator, approved_claim):
    with pytest.raises(Invalid):
        revoke_claim(claim=approved_claim, moderator=moderator, reason="")
    revoke_claim(claim=approved_claim, moderator=moderator, reason="Wrong person.")
    with pytest.raises(Conflict):
        revoke_claim(claim=approved_claim, moderator=moderator, reason="Again.")
    assert Invitation.objects.count() == 0


def test_upheld_reports_leave_with_the_owner_whose_claim_is_revoked(moderator, approved_claim):
    author = approved_claim.author
    author.refresh_from_db()
    owner = approved_claim.claimant
    recipient, recipient_record = researcher()
    AuthorRecord.objects.filter(pk=author.pk).update(trust_score=60)  # may invite
    invitation = send_invitation(
        sender=owner, recipient_record=recipient_record, subject="Buy", message="Cheap pills"
    )
    report = report_abuse(reporter=recipient, invitation=invitation, reason="spam")
    decide_report(report=report, moderator=moderator, uphold=True)
    author.refresh_from_db()
    assert {"label": "Upheld abuse reports (-20 each)", "points": -20} in author.trust_breakdown

    revoke_claim(claim=approved_claim, moderator=moderator, reason="Not them.")
    author.refresh_from_db()
    assert not [t for t in author.trust_breakdown if t["points"] < 0]

    claim = claim_submit(
        claimant=UserFactory(verified=True), author=author, statement="The real me."
    )
    claim_approve(claim=claim, moderator=moderator)
    author.refresh_from_db()
    assert not [t for t in author.trust_breakdown if t["points"] < 0]
    assert AuditEntry.objects.filter(action=AuditAction.REPORT_UPHELD, target_id=report.pk).exists()
