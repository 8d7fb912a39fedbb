"""Steps several browser journeys share."""

import re

from django.core import mail


def sign_up_and_verify(page, *, email: str, name: str, password: str) -> None:
    """Sign up through the form, open the verification link from the outbox and confirm:
    the browser ends up logged in, as a new researcher would."""
    base = page.base_url
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Full name:").fill(name)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_label("Password (again):").fill(password)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    page.goto(base + link.group(1))
    page.get_by_role("button", name="Confirm").click()
