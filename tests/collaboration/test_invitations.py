"""Invitations: every state transition and every refused one, through the service, the
pages and the API. A refusal is a clear 4xx and changes nothing."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from profiles.choices import InvitationStatus
from profiles.models import Conversation, Invitation, Message
from profiles.services import collaboration as svc
from tests.factories import (
    AuthorRecordFactory,
    AuthorshipFactory,
    UserFactory,
    claimed_record,
    researcher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """A (sender user, sender record) and a (recipient user, recipient record)."""
    a_user, a_rec = researcher()
    b_user, b_rec = researcher()
    return a_user, a_rec, b_user, b_rec


def _invite(sender, record, **kw):
    return svc.send_invitation(
        sender=sender,
        recipient_record=record,
        subject=kw.pop("subject", "Work together on scheduling?"),
        message=kw.pop("message", "I liked your **paper**."),
        **kw,
    )


def _code(exc_info) -> str:
    err = exc_info.value
    return err.error_list[0].code if not hasattr(err, "error_dict") else "fields"


def _snapshot():
    return (
        list(Invitation.objects.values_list("id", "status", "reply").order_by("id")),
        Conversation.objects.count(),
        Message.objects.count(),
    )


# --- Service: the happy paths -----------------------------------------------------------


def test_send_creates_a_pending_invitation_that_expires_later(pair, settings):
    settings.INVITATION_EXPIRY_DAYS = 10
    a, a_rec, b, b_rec = pair
    inv = _invite(a, b_rec)
    assert inv.status == InvitationStatus.PENDING
    assert inv.recipient == b and inv.sender_record == a_rec
    assert timedelta(days=9) < inv.expires_at - timezone.now() <= timedelta(days=10)


def test_accept_opens_a_conversation_with_the_message_and_the_reply(pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    conversation = svc.accept_invitation(invitation=inv, user=b, reply="Gladly!")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.ACCEPTED and inv.reply == "Gladly!"
    bodies = list(conversation.messages.values_list("body", flat=True))
    assert bodies == ["I liked your **paper**.", "Gladly!"]
    assert set(conversation.participants.values_list("user_id", flat=True)) == {a.pk, b.pk}


def test_decline_with_a_reply(pair):
    a, _, b, b_rec = pair
    inv = svc.decline_invitation(invitation=_invite(a, b_rec), user=b, reply="Not now")
    assert inv.status == InvitationStatus.DECLINED and inv.reply == "Not now"
    assert not Conversation.objects.exists()


def test_withdraw_while_pending_then_a_new_invitation_is_allowed(pair):
    a, _, b, b_rec = pair
    inv = svc.withdraw_invitation(invitation=_invite(a, b_rec), user=a)
    assert inv.status == InvitationStatus.WITHDRAWN
    assert _invite(a, b_rec).status == InvitationStatus.PENDING


def test_motivating_works_and_topics_come_from_either_record(pair):
    a, a_rec, b, b_rec = pair
    mine = AuthorshipFactory(author=a_rec).work
    theirs = AuthorshipFactory(author=b_rec).work
    inv = _invite(a, b_rec, works=[mine, theirs])
    assert set(inv.works.all()) == {mine, theirs}


# --- Service: every refusal changes nothing ---------------------------------------------


def _refused(code, fn, **kw):
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        fn(**kw)
    assert _code(exc) == code
    assert _snapshot() == before


def test_invite_an_unclaimed_record_is_refused(pair):
    a, *_ = pair
    _refused("not_claimed", _invite, sender=a, record=AuthorRecordFactory())


def test_invite_oneself_is_refused(pair):
    a, a_rec, *_ = pair
    _refused("invite_self", _invite, sender=a, record=a_rec)


def test_invite_a_closed_record_is_refused(pair):
    a, *_ = pair
    closed = claimed_record(open_to_collaborate=False)
    _refused("not_open", _invite, sender=a, record=closed)


def test_second_pending_invitation_to_the_same_person_is_refused(pair):
    a, _, _, b_rec = pair
    _invite(a, b_rec)
    _refused("already_pending", _invite, sender=a, record=b_rec)


def test_daily_limit_is_refused(pair, settings):
    settings.INVITATIONS_PER_DAY = 2
    a, *_ = pair
    for _ in range(2):
        _invite(a, claimed_record())
    _refused("daily_limit", _invite, sender=a, record=claimed_record())


def test_pending_limit_is_refused(pair, settings):
    settings.INVITATIONS_MAX_PENDING = 1
    a, *_ = pair
    _invite(a, claimed_record())
    _refused("pending_limit", _invite, sender=a, record=claimed_record())


def test_sender_without_verified_email_is_refused(pair):
    a, _, _, b_rec = pair
    EmailAddress.objects.filter(user=a).update(verified=False)
    _refused("email_not_verified", _invite, sender=a, record=b_rec)


def test_sender_without_a_claimed_record_is_refused(pair):
    _, _, _, b_rec = pair
    _refused("no_claimed_record", _invite, sender=UserFactory(verified=True), record=b_rec)


def test_sender_below_the_trust_threshold_is_refused(pair, settings):
    a, _, _, b_rec = pair
    settings.INVITATIONS_MIN_SENDER_TRUST = 90
    _refused("low_trust", _invite, sender=a, record=b_rec)


def test_too_long_message_is_refused(pair):
    a, _, _, b_rec = pair
    _refused("fields", _invite, sender=a, record=b_rec, message="x" * 5001)


def test_works_from_elsewhere_are_refused(pair):
    a, _, _, b_rec = pair
    stranger = AuthorshipFactory().work
    _refused("bad_motivation", _invite, sender=a, record=b_rec, works=[stranger])


def test_accept_a_withdrawn_invitation_is_refused(pair):
    a, _, b, b_rec = pair
    inv = svc.withdraw_invitation(invitation=_invite(a, b_rec), user=a)
    _refused("not_pending", svc.accept_invitation, invitation=inv, user=b)


def test_sender_cannot_answer_their_own_invitation(pair):
    a, _, _, b_rec = pair
    inv = _invite(a, b_rec)
    _refused("not_recipient", svc.accept_invitation, invitation=inv, user=a)


def test_someone_else_cannot_answer_or_withdraw(pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    third = UserFactory(verified=True)
    _refused("not_recipient", svc.decline_invitation, invitation=inv, user=third)
    _refused("not_sender", svc.withdraw_invitation, invitation=inv, user=b)


def test_withdraw_an_answered_invitation_is_refused(pair):
    a, _, b, b_rec = pair
    inv = svc.decline_invitation(invitation=_invite(a, b_rec), user=b)
    _refused("not_pending", svc.withdraw_invitation, invitation=inv, user=a)


def test_message_after_leaving_is_refused_for_both(pair):
    a, _, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    svc.post_message(conversation=conversation, user=a, body="Hello")
    svc.leave_conversation(conversation=conversation, user=b)
    _refused("conversation_closed", svc.post_message, conversation=conversation, user=a, body="?")
    _refused("conversation_closed", svc.post_message, conversation=conversation, user=b, body="!")


# --- Expiry -----------------------------------------------------------------------------


def test_overdue_invitation_expires_lazily_and_cannot_be_accepted(pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        svc.accept_invitation(invitation=inv, user=b)
    assert _code(exc) == "not_pending"
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.EXPIRED and not Conversation.objects.exists()


def test_expired_invitations_show_as_expired_in_the_inbox(client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(b)
    assert "expired" in client.get("/invitations/").content.decode()
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.EXPIRED


def test_expire_invitations_command_reports_progress(pair, capsys):
    a, _, _, b_rec = pair
    inv = _invite(a, b_rec)
    fresh = _invite(a, claimed_record())
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(days=1))
    call_command("expire_invitations")
    out = capsys.readouterr().out
    assert "1 invitation" in out and "expired" in out
    assert Invitation.objects.get(pk=inv.pk).status == InvitationStatus.EXPIRED
    assert Invitation.objects.get(pk=fresh.pk).status == InvitationStatus.PENDING


# --- Pages ------------------------------------------------------------------------------


def test_invite_page_sends_and_shows_the_invitation(
    client, pair, django_capture_on_commit_callbacks
):
    a, _, b, b_rec = pair
    client.force_login(a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/researchers/{b_rec.slug}/invite/",
            {"subject": "Let us talk", "message": "Hello <script>alert(1)</script> *there*"},
        )
    inv = Invitation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/invitations/{inv.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "<em>there</em>" in html and "<script>alert(1)" not in html
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [b.email]


def test_invite_page_shows_refusals_next_to_the_form(client, pair, settings):
    settings.INVITATIONS_PER_DAY = 0
    a, _, _, b_rec = pair
    client.force_login(a)
    response = client.post(
        f"/researchers/{b_rec.slug}/invite/", {"subject": "Hi", "message": "Hello"}
    )
    assert response.status_code == 400
    assert "most invitations allowed in a day" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "case,status,text",
    [
        ("unclaimed", 400, "not claimed yet"),
        ("self", 400, "You cannot invite yourself."),
        ("not_eligible", 403, "Claim your own author record"),
    ],
)
def test_invite_page_refusals(client, pair, case, status, text):
    a, a_rec, _, b_rec = pair
    target = {"unclaimed": AuthorRecordFactory(), "self": a_rec, "not_eligible": b_rec}[case]
    client.force_login(UserFactory(verified=True) if case == "not_eligible" else a)
    response = client.post(
        f"/researchers/{target.slug}/invite/", {"subject": "Hi", "message": "Hello"}
    )
    assert response.status_code == status
    assert text in response.content.decode()
    assert not Invitation.objects.exists()


def test_web_accept_then_exchange_messages(client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    client.force_login(b)
    response = client.post(f"/invitations/{inv.pk}/accept/", {"reply": "Yes"})
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/conversations/{conversation.pk}/"
    client.post(f"/conversations/{conversation.pk}/", {"body": "From B"})
    client.force_login(a)
    client.post(f"/conversations/{conversation.pk}/", {"body": "From A"})
    html = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert html.index("From B") < html.index("From A")


def test_web_accept_a_withdrawn_invitation_is_a_400_and_changes_nothing(client, pair):
    a, _, b, b_rec = pair
    inv = svc.withdraw_invitation(invitation=_invite(a, b_rec), user=a)
    client.force_login(b)
    response = client.post(f"/invitations/{inv.pk}/accept/")
    assert response.status_code == 400
    assert "withdrawn" in response.content.decode()
    assert Invitation.objects.get().status == InvitationStatus.WITHDRAWN


def test_web_sender_answering_own_invitation_is_a_403(client, pair):
    a, _, _, b_rec = pair
    inv = _invite(a, b_rec)
    client.force_login(a)
    assert client.post(f"/invitations/{inv.pk}/accept/").status_code == 403
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_web_decline_and_withdraw(client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    client.force_login(a)
    assert client.post(f"/invitations/{inv.pk}/withdraw/").status_code == 302
    inv2 = _invite(a, b_rec)
    client.force_login(b)
    assert client.post(f"/invitations/{inv2.pk}/decline/", {"reply": "No"}).status_code == 302
    assert list(Invitation.objects.order_by("id").values_list("status", flat=True)) == [
        "withdrawn",
        "declined",
    ]


def test_web_message_after_leaving_is_a_400(client, pair):
    a, _, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    client.force_login(a)
    assert client.post(f"/conversations/{conversation.pk}/leave/").status_code == 302
    response = client.post(f"/conversations/{conversation.pk}/", {"body": "Still there?"})
    assert response.status_code == 400
    assert "conversation has ended" in response.content.decode()
    assert conversation.messages.count() == 1


def test_inbox_and_outbox_pages(client, pair):
    a, a_rec, b, b_rec = pair
    _invite(a, b_rec, subject="Subject one")
    client.force_login(b)
    inbox = client.get("/invitations/").content.decode()
    assert "Subject one" in inbox and a_rec.display_name in inbox
    assert "Subject one" not in client.get("/invitations/?box=outbox").content.decode()
    client.force_login(a)
    assert "Subject one" in client.get("/invitations/?box=outbox").content.decode()


# --- API --------------------------------------------------------------------------------


def _api(client, user):
    client.force_authenticate(user)
    return client


def test_api_full_journey(api_client, pair):
    a, a_rec, b, b_rec = pair
    _api(api_client, a)
    created = api_client.post(
        "/api/v1/invitations/",
        {"recipient": b_rec.pk, "subject": "Hi", "message": "Let us *work*"},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "pending" and body["recipient"]["id"] == b_rec.pk
    assert body["message_html"] == "<p>Let us <em>work</em></p>"
    assert "email" not in str(body)
    inv_id = body["id"]
    outbox = api_client.get("/api/v1/invitations/?box=outbox").json()
    assert [r["id"] for r in outbox["results"]] == [inv_id]

    _api(api_client, b)
    assert [r["id"] for r in api_client.get("/api/v1/invitations/").json()["results"]] == [inv_id]
    accepted = api_client.post(f"/api/v1/invitations/{inv_id}/accept/", {"reply": "Sure"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    conv_id = accepted.json()["conversation"]
    sent = api_client.post(f"/api/v1/conversations/{conv_id}/messages/", {"body": "Hello A"})
    assert sent.status_code == 201
    listed = api_client.get("/api/v1/conversations/").json()["results"]
    assert listed[0]["id"] == conv_id and listed[0]["other"]["id"] == a_rec.pk

    _api(api_client, a)
    msgs = api_client.get(f"/api/v1/conversations/{conv_id}/messages/").json()["results"]
    assert [m["body"] for m in msgs] == ["Let us *work*", "Sure", "Hello A"]
    assert [m["mine"] for m in msgs] == [True, False, False]


@pytest.mark.parametrize(
    "case,status,code",
    [
        ("unclaimed", 400, "not_claimed"),
        ("self", 400, "invite_self"),
        ("daily_limit", 400, "daily_limit"),
        ("not_eligible", 403, "no_claimed_record"),
        ("unknown", 400, "not_found"),
        ("too_long", 400, "max_length"),
    ],
)
def test_api_invite_refusals(api_client, pair, settings, case, status, code):
    a, a_rec, _, b_rec = pair
    recipient = {"unclaimed": AuthorRecordFactory().pk, "self": a_rec.pk, "unknown": 999999}.get(
        case, b_rec.pk
    )
    if case == "daily_limit":
        settings.INVITATIONS_PER_DAY = 0
    _api(api_client, UserFactory(verified=True) if case == "not_eligible" else a)
    response = api_client.post(
        "/api/v1/invitations/",
        {
            "recipient": recipient,
            "subject": "Hi",
            "message": "x" * 5001 if case == "too_long" else "Hello",
        },
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert not Invitation.objects.exists()


def test_api_accept_withdrawn_is_400_and_changes_nothing(api_client, pair):
    a, _, b, b_rec = pair
    inv = svc.withdraw_invitation(invitation=_invite(a, b_rec), user=a)
    _api(api_client, b)
    response = api_client.post(f"/api/v1/invitations/{inv.pk}/accept/")
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_pending"
    assert not Conversation.objects.exists()


def test_api_sender_accepting_is_403_and_recipient_withdrawing_is_403(api_client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    _api(api_client, a)
    assert api_client.post(f"/api/v1/invitations/{inv.pk}/accept/").status_code == 403
    _api(api_client, b)
    assert api_client.post(f"/api/v1/invitations/{inv.pk}/withdraw/").status_code == 403
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_api_decline_and_withdraw(api_client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    _api(api_client, a)
    assert api_client.post(f"/api/v1/invitations/{inv.pk}/withdraw/").json()["status"] == (
        "withdrawn"
    )
    inv2 = _invite(a, b_rec)
    _api(api_client, b)
    declined = api_client.post(f"/api/v1/invitations/{inv2.pk}/decline/", {"reply": "No"})
    assert declined.json()["status"] == "declined" and declined.json()["reply"] == "No"


def test_api_message_after_leaving_is_400(api_client, pair):
    a, _, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    _api(api_client, b)
    assert api_client.post(f"/api/v1/conversations/{conversation.pk}/leave/").status_code == 200
    response = api_client.post(f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "conversation_closed"
    assert conversation.messages.count() == 1


def test_api_author_detail_can_invite_and_pending(api_client, pair):
    a, _, _, b_rec = pair
    _api(api_client, a)
    body = api_client.get(f"/api/v1/authors/{b_rec.pk}/").json()
    assert body["can_invite"] is True and body["invitation_pending"] is False
    _invite(a, b_rec)
    body = api_client.get(f"/api/v1/authors/{b_rec.pk}/").json()
    assert body["can_invite"] is False and body["invitation_pending"] is True


def test_invite_page_with_motivating_works_and_topics(client, pair):
    from profiles.models import AuthorTopic, Topic

    a, a_rec, _b, b_rec = pair
    work = AuthorshipFactory(author=b_rec, work__title="Their great paper").work
    topic = Topic.objects.create(name="Networking")
    AuthorTopic.objects.create(author=a_rec, topic=topic, works_count=1)
    stranger = AuthorshipFactory().work
    client.force_login(a)
    page = client.get(f"/researchers/{b_rec.slug}/invite/").content.decode()
    assert "Their great paper" in page and "Networking" in page
    assert stranger.title not in page
    bad = client.post(
        f"/researchers/{b_rec.slug}/invite/",
        {"subject": "S", "message": "M", "works": [stranger.pk]},
    )
    assert bad.status_code == 400 and not Invitation.objects.exists()
    response = client.post(
        f"/researchers/{b_rec.slug}/invite/",
        {"subject": "S", "message": "M", "works": [work.pk], "topics": [topic.pk]},
    )
    assert response.status_code == 302
    inv = Invitation.objects.get()
    assert list(inv.works.all()) == [work] and list(inv.topics.all()) == [topic]
    detail = client.get(f"/invitations/{inv.pk}/").content.decode()
    assert "Their great paper" in detail and "Networking" in detail


# --- Concurrency (PostgreSQL) -----------------------------------------------------------


def _in_threads(calls):
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list = []

    def run(fn):
        try:
            barrier.wait(timeout=30)
            fn()
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.error_list[0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_cannot_exceed_the_daily_limit(settings):
    """Eight invitations from one sender at once, on separate connections, limit 3."""
    settings.INVITATIONS_PER_DAY = 3
    a, _ = researcher()
    targets = [claimed_record() for _ in range(8)]
    results = _in_threads([lambda t=t: _invite(a, t) for t in targets])
    assert results.count("ok") == 3 and results.count("daily_limit") == 5
    assert Invitation.objects.filter(sender=a).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_invitations_leave_one_pending():
    a, _ = researcher()
    _, b_rec = researcher()
    results = _in_threads([lambda: _invite(a, b_rec) for _ in range(5)])
    assert results.count("ok") == 1 and results.count("already_pending") == 4
    assert Invitation.objects.filter(status="pending").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_accept_racing_withdraw_ends_in_exactly_one_state():
    a, _ = researcher()
    b, b_rec = researcher()
    inv = _invite(a, b_rec)
    results = _in_threads(
        [
            lambda: svc.accept_invitation(invitation=inv, user=b),
            lambda: svc.withdraw_invitation(invitation=inv, user=a),
        ]
    )
    assert results == ["not_pending", "ok"]
    inv.refresh_from_db()
    assert (inv.status == InvitationStatus.ACCEPTED) == Conversation.objects.exists()


def test_unknown_box_is_a_400(client, api_client, user):
    client.force_login(user)
    assert client.get("/invitations/?box=trash").status_code == 400
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/invitations/?box=trash")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_choice"


def test_reading_overdue_invitations_writes_nothing(client, pair):
    """Inbox, detail page and API read an overdue invitation as expired without storing the
    expiry (only the "seen" mark is written); the command stores it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(b)
    with CaptureQueriesContext(connection) as queries:
        inbox = client.get("/invitations/").content.decode()
        detail = client.get(f"/invitations/{inv.pk}/").content.decode()
        api = client.get(f"/api/v1/invitations/{inv.pk}/").json()
    assert "expired" in inbox and "expired" in detail.lower() and api["status"] == "expired"
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert [w for w in writes if '"status"' in w] == []
    assert Invitation.objects.filter(pk=inv.pk, status=InvitationStatus.PENDING).exists()
    call_command("expire_invitations")
    assert Invitation.objects.filter(pk=inv.pk, status=InvitationStatus.EXPIRED).exists()


def test_api_refusal_bodies_come_from_the_services_error(api_client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    _api(api_client, a)
    response = api_client.post(f"/api/v1/invitations/{inv.pk}/accept/")
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "status": 403,
            "code": "not_recipient",
            "message": "Only the invited researcher can answer this invitation.",
        }
    }
    _api(api_client, b)
    response = api_client.post(f"/api/v1/invitations/{inv.pk}/withdraw/")
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "status": 403,
            "code": "not_sender",
            "message": "Only the sender can withdraw this invitation.",
        }
    }
    api_client.force_authenticate(a)
    response = api_client.post("/api/v1/reports/", {"invitation": inv.pk, "reason": "spam"})
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "status": 403,
            "code": "cannot_report",
            "message": "You can only report invitations and messages sent to you.",
        }
    }
