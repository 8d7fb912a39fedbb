"""Only the two parties see an invitation or a conversation; everyone else gets 404 on the
web and in the API, so existence does not leak. Emails are never shown to the other party."""

import pytest

from profiles.services import collaboration as svc
from tests.factories import UserFactory, researcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted():
    a, a_rec = researcher()
    b, b_rec = researcher()
    inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    conversation = svc.accept_invitation(invitation=inv, user=b)
    message = conversation.messages.first()
    return a, b, inv, conversation, message


WEB_URLS = [
    "/invitations/{inv}/",
    "/conversations/{conv}/",
    "/report/invitation/{inv}/",
    "/report/message/{msg}/",
]
WEB_POSTS = [
    "/invitations/{inv}/accept/",
    "/invitations/{inv}/decline/",
    "/invitations/{inv}/withdraw/",
    "/conversations/{conv}/",
    "/conversations/{conv}/leave/",
]
API_GETS = [
    "/api/v1/invitations/{inv}/",
    "/api/v1/conversations/{conv}/",
    "/api/v1/conversations/{conv}/messages/",
]
API_POSTS = [
    "/api/v1/invitations/{inv}/accept/",
    "/api/v1/invitations/{inv}/decline/",
    "/api/v1/invitations/{inv}/withdraw/",
    "/api/v1/conversations/{conv}/messages/",
    "/api/v1/conversations/{conv}/leave/",
]


def _fmt(url, inv, conv, msg):
    return url.format(inv=inv.pk, conv=conv.pk, msg=msg.pk)


@pytest.mark.parametrize("url", WEB_URLS)
def test_another_user_gets_404_on_the_web(client, accepted, url):
    _a, _b, inv, conv, msg = accepted
    client.force_login(UserFactory(verified=True))
    assert client.get(_fmt(url, inv, conv, msg)).status_code == 404


@pytest.mark.parametrize("url", WEB_POSTS)
def test_another_user_posting_gets_404_and_nothing_changes(client, accepted, url):
    _a, _b, inv, conv, msg = accepted
    client.force_login(UserFactory(verified=True))
    assert client.post(_fmt(url, inv, conv, msg), {"body": "x"}).status_code == 404
    conv.refresh_from_db()
    assert conv.closed_at is None and conv.messages.count() == 1


@pytest.mark.parametrize("url", API_GETS)
def test_another_user_gets_404_in_the_api(api_client, accepted, url):
    _a, _b, inv, conv, msg = accepted
    api_client.force_authenticate(UserFactory(verified=True))
    response = api_client.get(_fmt(url, inv, conv, msg))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("url", API_POSTS)
def test_another_user_posting_in_the_api_gets_404(api_client, accepted, url):
    _a, _b, inv, conv, msg = accepted
    api_client.force_authenticate(UserFactory(verified=True))
    assert api_client.post(_fmt(url, inv, conv, msg), {"body": "x"}).status_code == 404
    assert conv.messages.count() == 1


def test_another_user_cannot_report_or_block_through_someone_elses_invitation(api_client, accepted):
    _a, _b, inv, _conv, msg = accepted
    api_client.force_authenticate(UserFactory(verified=True))
    assert (
        api_client.post("/api/v1/reports/", {"invitation": inv.pk, "reason": "spam"}).status_code
        == 404
    )
    assert (
        api_client.post("/api/v1/reports/", {"message": msg.pk, "reason": "spam"}).status_code
        == 404
    )
    assert api_client.post("/api/v1/blocks/", {"invitation": inv.pk}).status_code == 404


def test_lists_hold_only_the_callers_own(api_client, accepted):
    api_client.force_authenticate(UserFactory(verified=True))
    assert api_client.get("/api/v1/invitations/").json()["results"] == []
    assert api_client.get("/api/v1/invitations/?box=outbox").json()["results"] == []
    assert api_client.get("/api/v1/conversations/").json()["results"] == []


def test_visitors_are_asked_to_log_in(client, api_client, accepted):
    _a, _b, inv, conv, _msg = accepted
    assert client.get(f"/invitations/{inv.pk}/").status_code == 302
    assert api_client.get(f"/api/v1/invitations/{inv.pk}/").status_code in (401, 403)


def test_parties_never_see_each_others_email(client, api_client, accepted):
    a, b, inv, conv, _msg = accepted
    for viewer, other in [(a, b), (b, a)]:
        client.force_login(viewer)
        for url in [f"/invitations/{inv.pk}/", f"/conversations/{conv.pk}/", "/invitations/"]:
            assert other.email not in client.get(url).content.decode()
        api_client.force_authenticate(viewer)
        for url in [f"/api/v1/invitations/{inv.pk}/", "/api/v1/conversations/"]:
            assert other.email not in api_client.get(url).content.decode()


def test_staff_see_invitations_in_the_admin(client, accepted):
    _a, _b, inv, conv, _msg = accepted
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(f"/admin/profiles/invitation/{inv.pk}/change/").status_code == 200
    assert client.get(f"/admin/profiles/conversation/{conv.pk}/change/").status_code == 200
