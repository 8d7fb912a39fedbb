"""Two people in a real browser (phone-sized): A follows B's claimed record and invites B;
B sees the unread count and accepts; they exchange a message each; B blocks A; A can no
longer invite B. Records are claimed by a test helper, not through the claim flow."""

import pytest

from profiles.models import Follow
from tests.factories import researcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_text(f"Signed in as {email}", exact=True).wait_for()


def test_follow_invite_accept_talk_block(page):
    base = page.base_url
    a, a_rec = researcher()
    b, b_rec = researcher()
    b_page_url = f"{base}{b_rec.get_absolute_url()}"

    # A follows B without a page reload (htmx), then invites B.
    _log_in(page, base, a.email)
    page.goto(b_page_url)
    page.get_by_role("button", name="Follow researcher").click()
    page.get_by_role("button", name="Following").wait_for()
    assert page.locator("#followers-count").inner_text() == "1"
    assert page.locator(".messages").count() == 0  # swapped in place: no reload, no flash
    assert Follow.objects.filter(user=a, author=b_rec).exists()
    page.get_by_role("link", name="Invite to collaborate").click()
    page.get_by_label("Subject").fill("Memory scheduling together?")
    page.get_by_label("Message").fill("Your work on *aggregation* fits mine.")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Your invitation is sent.").wait_for()

    # B sees the unread count in the navigation and accepts.
    b_context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    b_page = b_context.new_page()
    b_page.set_default_timeout(30_000)  # as the `page` fixture: a loaded CI machine is slow
    _log_in(b_page, base, b.email)
    badge = b_page.locator("#nav-invitations .badge-count")
    assert badge.inner_text() == "1"
    b_page.locator("#nav-invitations").click()
    b_page.get_by_role("link", name="Memory scheduling together?").click()
    assert b_page.locator("em", has_text="aggregation").is_visible()
    b_page.get_by_label("Short reply (optional)").fill("Happy to talk.")
    b_page.get_by_role("button", name="Accept and open a conversation").click()
    b_page.get_by_text("You accepted. Say hello!").wait_for()
    b_page.get_by_label("Your message").fill("Hello from B")
    b_page.get_by_role("button", name="Send", exact=True).click()
    b_page.get_by_text("Hello from B").wait_for()

    # A sees the unread message and answers.
    page.goto(f"{base}/")
    assert page.locator("#nav-conversations .badge-count").inner_text() == "1"
    page.locator("#nav-conversations").click()
    page.get_by_role("link", name="Memory scheduling together?").click()
    page.get_by_text("Hello from B").wait_for()
    page.get_by_label("Your message").fill("Hello from A")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Hello from A").wait_for()

    # B sees it, then blocks A.
    b_page.reload()
    b_page.get_by_text("Hello from A").wait_for()
    b_page.get_by_role("button", name=f"Block {a_rec.display_name}").click()
    b_page.get_by_text("They can no longer invite or message you.").wait_for()
    b_context.close()

    # A can no longer invite B, and is told only that B is not open to invitations.
    page.goto(b_page_url)
    page.get_by_role("link", name="Invite to collaborate").click()
    page.get_by_label("Subject").fill("One more try")
    page.get_by_label("Message").fill("Please?")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("This researcher is not open to invitations.").wait_for()
    assert "block" not in page.content().lower()
