"""A new user's first minutes, in a real browser on a phone-sized screen."""

import pytest

from profiles.services.demo import load_demo_data
from tests.browser.steps import sign_up_and_verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_sign_up_verify_log_in_and_see_the_claim_panel_change(page):
    load_demo_data()
    base = page.base_url
    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_role("heading", name="ChonLam Lao", level=1).is_visible()
    page.get_by_role("link", name="Log in to claim").wait_for()

    sign_up_and_verify(page, email="lam@example.org", name="ChonLam Lao", password=PASSWORD)

    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_text("Signed in as lam@example.org").is_visible()
    assert page.get_by_role("link", name="Log in to claim").count() == 0

    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.goto(f"{base}/researchers/chonlam-lao/")
    assert page.get_by_role("link", name="Log in to claim").is_visible()
