"""Emails for a new invitation, an answer and a new message; per-kind opt-out in the
settings page and through a signed link that works without logging in."""

import re

import pytest
from django.core import mail

from profiles.models import NotificationSettings
from profiles.services import collaboration as svc
from profiles.services import notifications
from tests.factories import researcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    a, a_rec = researcher()
    b, b_rec = researcher()
    return a, a_rec, b, b_rec


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        yield mail.outbox


def test_each_event_sends_one_email_to_the_other_party(pair, django_capture_on_commit_callbacks):
    a, a_rec, b, b_rec = pair
    with django_capture_on_commit_callbacks(execute=True):
        inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="Hi")
    with django_capture_on_commit_callbacks(execute=True):
        conversation = svc.accept_invitation(invitation=inv, user=b, reply="Yes")
    with django_capture_on_commit_callbacks(execute=True):
        svc.post_message(conversation=conversation, user=b, body="Hello A")
    assert [m.to for m in mail.outbox] == [[b.email], [a.email], [a.email]]
    assert f"{a_rec.display_name} invites you to collaborate" in mail.outbox[0].subject
    assert "accepted" in mail.outbox[1].subject
    assert "Hello A" in mail.outbox[2].body
    for message in mail.outbox:
        assert "/unsubscribe/" in message.body and "List-Unsubscribe" in message.extra_headers
        other = a if message.to == [b.email] else b
        assert other.email not in message.body


def test_opted_out_kind_sends_nothing(pair, django_capture_on_commit_callbacks):
    a, _, b, b_rec = pair
    notifications.update_settings(user=b, email_on_invitation=False)
    with django_capture_on_commit_callbacks(execute=True):
        svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="Hi")
    assert mail.outbox == []


def test_unsubscribe_link_works_without_logging_in(
    client, pair, django_capture_on_commit_callbacks
):
    a, _, b, b_rec = pair
    with django_capture_on_commit_callbacks(execute=True):
        svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="Hi")
    path = re.search(r"https?://[^/\s]+(/unsubscribe/[^/\s]+/)", mail.outbox[0].body).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "a new invitation" in page.content.decode()
    assert not NotificationSettings.objects.filter(user=b, email_on_invitation=False).exists()
    done = client.post(path)
    assert done.status_code == 200 and "no longer receive" in done.content.decode()
    prefs = NotificationSettings.objects.get(user=b)
    assert prefs.email_on_invitation is False and prefs.email_on_message is True


def test_tampered_unsubscribe_link_is_refused(client, pair):
    _, _, b, _ = pair
    token = notifications.unsubscribe_token(user_id=b.pk, kind="message")
    assert client.get(f"/unsubscribe/{token}x/").status_code == 400
    assert client.post(f"/unsubscribe/{token[:-2]}/").status_code == 400
    assert not NotificationSettings.objects.exists()


def test_settings_page_turns_kinds_on_and_off(client, pair):
    _, _, b, _ = pair
    client.force_login(b)
    assert client.get("/settings/notifications/").status_code == 200
    client.post("/settings/notifications/", {"email_on_answer": "on"})
    prefs = NotificationSettings.objects.get(user=b)
    assert (prefs.email_on_invitation, prefs.email_on_answer, prefs.email_on_message) == (
        False,
        True,
        False,
    )
