"""A moderator (the Moderators group, not a superuser) signs in with a TOTP code, clears a
queue of three claims (one approved, one rejected with a reason, one left), upholds a report,
suspends an account, merges a duplicate record and sees all of it in the audit trail.
Two-factor sign-in is required, as in production."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import override_settings

from profiles.choices import AuditAction, ClaimStatus
from profiles.models import AuditEntry, AuthorRecord, Claim, Report
from profiles.selectors.moderation import is_suspended
from profiles.services.claims import claim_submit
from profiles.services.collaboration import report_abuse, send_invitation
from profiles.services.moderation import make_moderator
from tests.factories import AuthorRecordFactory, UserFactory, researcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def _queue():
    claims = [
        claim_submit(
            claimant=UserFactory(verified=True, name=f"Claimant {n}"),
            author=AuthorRecordFactory(display_name=f"Queued Researcher {n}"),
            statement="This record is mine.",
        )
        for n in (1, 2, 3)
    ]
    sender, _ = researcher()
    recipient, recipient_record = researcher()
    invitation = send_invitation(
        sender=sender, recipient_record=recipient_record, subject="Cheap", message="Buy now"
    )
    report = report_abuse(reporter=recipient, invitation=invitation, reason="spam")
    return claims, report, UserFactory(verified=True, email="troll@example.org")


def _sign_in_with_code(page, base, email, secret):
    page.goto(f"{base}/admin/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_placeholder("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_text("Moderation queues").wait_for()


@override_settings(MODERATOR_MFA_REQUIRED=True)
def test_moderator_signs_in_with_totp_clears_the_queue_and_sees_the_audit_trail(
    page, moderators_group
):
    base = page.base_url
    (approve, reject, leave), report, troll = _queue()
    moderator, _done = make_moderator(email="mod@example.org", name="Mo Derator")
    moderator.set_password(PASSWORD)
    moderator.save()
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    _sign_in_with_code(page, base, "mod@example.org", secret)
    assert "3" in page.locator("#moderation-queues tr.queue").first.inner_text()

    page.goto(f"{base}/admin/profiles/claim/{approve.pk}/change/")
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Approve claim").click()
    page.get_by_text("approved.").first.wait_for()

    page.goto(f"{base}/admin/profiles/claim/{reject.pk}/change/")
    page.get_by_role("link", name="Reject…").click()
    page.get_by_label("Reason the claimant will see").fill("The CV names someone else.")
    page.get_by_role("button", name="Reject claim").click()
    page.get_by_text("rejected.").first.wait_for()

    page.goto(f"{base}/admin/profiles/report/")
    page.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    page.locator("select[name=action]").select_option("uphold")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Upheld 1 report(s).").wait_for()

    page.goto(f"{base}/admin/profiles/suspension/add/?user={troll.pk}")
    page.get_by_label("Reason the person is told").fill("Spam invitations.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was added successfully").wait_for()

    survivor = AuthorRecordFactory(display_name="Ada Lovelace")  # the older one survives
    duplicate = AuthorRecordFactory(display_name="A. Lovelace")
    page.goto(f"{base}/admin/profiles/authorrecord/?q=Lovelace")
    for record in (duplicate, survivor):
        page.locator(f"input[name=_selected_action][value='{record.pk}']").check()
    page.locator("select[name=action]").select_option("merge_two")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("What moves and what collapses").wait_for()
    page.get_by_label("Reason for the audit trail").fill("The same person, imported twice.")
    page.get_by_role("button", name="Merge the records").click()
    page.get_by_text("Merged A. Lovelace into Ada Lovelace.").wait_for()

    page.goto(f"{base}/admin/profiles/auditentry/")
    trail = page.locator("#result_list").inner_text()
    for text in (
        "claim approved",
        "claim rejected",
        "report upheld",
        "user suspended",
        "records merged",
    ):
        assert text in trail
    assert "mod@example.org" in trail

    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {
        approve.pk: ClaimStatus.APPROVED,
        reject.pk: ClaimStatus.REJECTED,
        leave.pk: ClaimStatus.PENDING,
    }
    assert Report.objects.get(pk=report.pk).status == "upheld"
    assert is_suspended(troll)
    assert not AuthorRecord.objects.filter(pk=duplicate.pk).exists()
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        AuditAction.CLAIM_APPROVED,
        AuditAction.CLAIM_REJECTED,
        AuditAction.REPORT_UPHELD,
        AuditAction.USER_SUSPENDED,
        AuditAction.RECORDS_MERGED,
    }
