"""A new user's first minutes, in a real browser on a phone-sized screen."""

import re

import pytest
from django.core import mail

from profiles.services.demo import load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_sign_up_verify_log_in_and_see_the_claim_panel_change(page):
    load_demo_data()
    base = page.base_url
    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_role("heading", name="ChonLam Lao", level=1).is_visible()
    page.get_by_role("link", name="Log in to claim").wait_for()

    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email:").fill("lam@example.org")
    page.get_by_label("Full name:").fill("ChonLam Lao")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(base + link.group(1))
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_text("Signed in as lam@example.org").is_visible()
    assert page.get_by_role("link", name="Log in to claim").count() == 0

    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_role("link", name="Log in to claim").is_visible()
