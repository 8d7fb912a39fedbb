"""A new researcher claims their record in a real browser (phone-sized screen), and a
moderator approves it in the admin: the page then shows Claimed, the new level and a higher
trust score."""

import re
from pathlib import Path

import pytest

from accounts.models import User
from profiles.models import AuthorRecord
from profiles.services.demo import load_demo_data
from tests.browser.steps import sign_up_and_verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"
CV = Path(__file__).resolve().parent.parent / "data" / "cvs" / "chonlam_lao.txt"


def test_sign_up_claim_with_cv_preview_submit_and_moderator_approval(page):
    load_demo_data()
    before = AuthorRecord.objects.get(slug="chonlam-lao").trust_score
    base = page.base_url

    sign_up_and_verify(page, email="lam@example.org", name="ChonLam Lao", password=PASSWORD)

    page.goto(f"{base}/researchers/chonlam-lao/")
    page.get_by_role("link", name="Claim this record").click()
    page.get_by_label("Your CV or publication list").set_input_files(str(CV))
    page.get_by_role("button", name="Preview").click()
    report = page.locator("#evidence-report")
    report.get_by_text("Strong match").wait_for()
    assert "Efficient Data-Plane Memory Scheduling" in report.inner_text()
    page.get_by_role("button", name="Submit claim").click()
    page.get_by_text("Your claim was submitted.").wait_for()
    assert page.get_by_text("number 1 in the queue").is_visible()

    User.objects.create_superuser(email="mod@example.org", password=PASSWORD, name="Moderator")
    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.goto(f"{base}/admin/")
    page.locator("#id_username").fill("mod@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{base}/admin/profiles/claim/?status__exact=pending")
    page.get_by_role("link", name="ChonLam Lao").first.click()
    page.get_by_text("None: no ORCID sign-in").wait_for()
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Approve claim").click()
    page.get_by_text("approved.").first.wait_for()

    page.goto(f"{base}/researchers/chonlam-lao/")
    trust = page.locator(".trust-line").inner_text()
    assert "Claimed" in trust
    assert "Verification L2" in trust
    score = int(re.search(r"Trust (\d+)", trust).group(1))
    assert score > before
