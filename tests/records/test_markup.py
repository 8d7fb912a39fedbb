"""User Markdown is rendered through an allow-list: nothing a user writes runs or styles
the page."""

import pytest

from profiles.markup import render_markdown
from profiles.services import collaboration as svc
from tests.factories import researcher


@pytest.mark.parametrize(
    "text,forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[x](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="https://e.org" style="color:red">x</a>', "style="),
        ("<iframe src=https://e.org></iframe>", "<iframe"),
    ],
)
def test_dangerous_markup_is_removed(text, forbidden):
    assert forbidden not in render_markdown(text)


def test_ordinary_markdown_survives_and_links_are_nofollow():
    html = render_markdown("**bold** and [site](https://example.org)\n\n- a\n- b")
    assert "<strong>bold</strong>" in html and "<li>a</li>" in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.django_db
def test_messages_are_rendered_safely_on_the_page_and_in_the_api(client, api_client):
    a, _ = researcher()
    b, b_rec = researcher()
    inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="<b>S</b>", message="M")
    conversation = svc.accept_invitation(invitation=inv, user=b)
    svc.post_message(conversation=conversation, user=b, body="<script>x()</script>*hi*")
    client.force_login(a)
    html = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "<script>x()" not in html and "<em>hi</em>" in html
    assert "&lt;b&gt;S&lt;/b&gt;" in html
    api_client.force_authenticate(a)
    body = api_client.get(f"/api/v1/conversations/{conversation.pk}/messages/").json()
    assert "<script" not in body["results"][-1]["body_html"]


@pytest.mark.django_db
def test_report_a_message_on_the_web(client):
    from profiles.models import Report

    a, _ = researcher()
    b, b_rec = researcher()
    inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    conversation = svc.accept_invitation(invitation=inv, user=b)
    message = conversation.messages.get()
    client.force_login(a)  # one's own message cannot be reported
    assert client.post(f"/report/message/{message.pk}/", {"reason": "spam"}).status_code == 403
    client.force_login(b)
    assert client.get(f"/report/message/{message.pk}/").status_code == 200
    assert client.post(f"/report/message/{message.pk}/", {"reason": "spam"}).status_code == 302
    assert Report.objects.get().message == message
    assert client.get("/report/other/1/").status_code == 404
