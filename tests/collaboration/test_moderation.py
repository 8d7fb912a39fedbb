"""Abuse controls: blocks (the blocked sender is not told), reports, and moderators
upholding them in the admin, which lowers the sender's trust score."""

import pytest
from django.core.exceptions import ValidationError

from profiles.choices import InvitationStatus, ReportStatus
from profiles.models import AuthorRecord, Block, Invitation, Report
from profiles.services import collaboration as svc
from profiles.services.records import upheld_report_count
from tests.factories import UserFactory, claimed_record, researcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    a, a_rec = researcher()
    b, b_rec = researcher()
    return a, a_rec, b, b_rec


def _invite(a, rec):
    return svc.send_invitation(sender=a, recipient_record=rec, subject="S", message="M")


def test_blocked_sender_gets_the_same_refusal_as_a_closed_record(pair):
    a, a_rec, b, b_rec = pair
    svc.block_from_record(blocker=b, record=a_rec)
    with pytest.raises(ValidationError) as blocked:
        _invite(a, b_rec)
    closed = claimed_record(open_to_collaborate=False)
    with pytest.raises(ValidationError) as not_open:
        _invite(a, closed)
    assert blocked.value.messages == not_open.value.messages
    assert blocked.value.error_list[0].code == not_open.value.error_list[0].code == "not_open"
    assert not Invitation.objects.exists()


def test_block_ends_conversations_and_declines_pending_invitations(pair):
    a, a_rec, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    pending = _invite(a, b_rec)
    svc.block_from_record(blocker=b, record=a_rec)
    pending.refresh_from_db()
    assert pending.status == InvitationStatus.DECLINED
    with pytest.raises(ValidationError) as exc:
        svc.post_message(conversation=conversation, user=a, body="hello?")
    assert exc.value.error_list[0].code == "conversation_closed"


def test_blocking_twice_is_a_no_op_and_self_block_is_refused(pair):
    _a, a_rec, b, b_rec = pair
    svc.block_from_record(blocker=b, record=a_rec)
    svc.block_from_record(blocker=b, record=a_rec)
    assert Block.objects.count() == 1
    with pytest.raises(ValidationError):
        svc.block_from_record(blocker=b, record=b_rec)


def test_api_does_not_reveal_the_block(api_client, pair):
    a, a_rec, b, b_rec = pair
    api_client.force_authenticate(a)
    before = api_client.get(f"/api/v1/authors/{b_rec.pk}/").json()
    svc.block_from_record(blocker=b, record=a_rec)
    after = api_client.get(f"/api/v1/authors/{b_rec.pk}/").json()
    for field in ["open_to_collaborate", "can_invite", "invitation_pending"]:
        assert before[field] == after[field]
    response = api_client.post(
        "/api/v1/invitations/", {"recipient": b_rec.pk, "subject": "S", "message": "M"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_open"


def test_page_does_not_reveal_the_block(client, pair):
    a, a_rec, b, b_rec = pair
    client.force_login(a)
    before = client.get(b_rec.get_absolute_url()).content.decode()
    svc.block_from_record(blocker=b, record=a_rec)
    after = client.get(b_rec.get_absolute_url()).content.decode()
    assert "Invite to collaborate" in before and "Invite to collaborate" in after
    response = client.post(f"/researchers/{b_rec.slug}/invite/", {"subject": "S", "message": "M"})
    assert response.status_code == 400
    assert "not open to invitations" in response.content.decode()


def test_api_blocks_create_list_delete(api_client, pair):
    a, a_rec, b, b_rec = pair
    inv = _invite(a, b_rec)
    api_client.force_authenticate(b)
    created = api_client.post("/api/v1/blocks/", {"invitation": inv.pk})
    assert created.status_code == 201 and created.json()["author"]["id"] == a_rec.pk
    assert len(api_client.get("/api/v1/blocks/").json()["results"]) == 1
    assert api_client.delete(f"/api/v1/blocks/{created.json()['id']}/").status_code == 204
    assert not Block.objects.exists()


def test_api_block_by_author_and_bad_input(api_client, pair):
    _a, a_rec, b, _ = pair
    api_client.force_authenticate(b)
    assert api_client.post("/api/v1/blocks/", {"author": a_rec.pk}).status_code == 201
    assert api_client.post("/api/v1/blocks/", {}).status_code == 400
    assert api_client.post("/api/v1/blocks/", {"author": 999999}).status_code == 400


def test_sender_cannot_block_through_their_own_invitation(api_client, pair):
    a, _, _, b_rec = pair
    inv = _invite(a, b_rec)
    api_client.force_authenticate(a)
    response = api_client.post("/api/v1/blocks/", {"invitation": inv.pk})
    assert response.status_code == 400 and not Block.objects.exists()


def test_web_block_and_unblock(client, pair):
    a, a_rec, b, b_rec = pair
    client.force_login(b)
    assert client.post("/settings/blocks/", {"record": a_rec.pk}).status_code == 302
    html = client.get("/settings/blocks/").content.decode()
    assert a_rec.display_name in html and a.email not in html
    block = Block.objects.get()
    assert client.post(f"/settings/blocks/{block.pk}/unblock/").status_code == 302
    assert not Block.objects.exists()


def test_someone_else_cannot_unblock(client, pair):
    _a, a_rec, b, _ = pair
    block = svc.block_from_record(blocker=b, record=a_rec)
    client.force_login(UserFactory())
    assert client.post(f"/settings/blocks/{block.pk}/unblock/").status_code == 404
    assert Block.objects.exists()


# --- Reports ----------------------------------------------------------------------------


def test_recipient_reports_an_invitation_through_the_api(api_client, pair):
    a, a_rec, b, b_rec = pair
    inv = _invite(a, b_rec)
    api_client.force_authenticate(b)
    response = api_client.post(
        "/api/v1/reports/", {"invitation": inv.pk, "reason": "spam", "details": "ads"}
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    report = Report.objects.get()
    assert report.reported_record == a_rec and report.reported_user == a
    again = api_client.post("/api/v1/reports/", {"invitation": inv.pk, "reason": "spam"})
    assert again.status_code == 400 and again.json()["error"]["code"] == "already_reported"


def test_sender_cannot_report_their_own_invitation(api_client, pair):
    a, _, _, b_rec = pair
    inv = _invite(a, b_rec)
    api_client.force_authenticate(a)
    response = api_client.post("/api/v1/reports/", {"invitation": inv.pk, "reason": "spam"})
    assert response.status_code == 403 and not Report.objects.exists()


def test_report_a_message_and_not_ones_own(api_client, pair):
    a, _, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    mine = svc.post_message(conversation=conversation, user=b, body="mine")
    theirs = conversation.messages.get(sender=a)
    api_client.force_authenticate(b)
    assert (
        api_client.post("/api/v1/reports/", {"message": mine.pk, "reason": "spam"}).status_code
        == 403
    )
    ok = api_client.post("/api/v1/reports/", {"message": theirs.pk, "reason": "harassment"})
    assert ok.status_code == 201


def test_report_needs_a_known_reason_and_one_target(api_client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    api_client.force_authenticate(b)
    assert (
        api_client.post("/api/v1/reports/", {"invitation": inv.pk, "reason": "x"}).status_code
        == 400
    )
    assert api_client.post("/api/v1/reports/", {"reason": "spam"}).status_code == 400
    assert not Report.objects.exists()


def test_web_report_form(client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    client.force_login(b)
    assert client.get(f"/report/invitation/{inv.pk}/").status_code == 200
    response = client.post(f"/report/invitation/{inv.pk}/", {"reason": "spam", "details": "x"})
    assert response.status_code == 302 and Report.objects.count() == 1
    assert client.post(f"/report/invitation/{inv.pk}/", {"reason": "spam"}).status_code == 400


def test_upheld_report_lowers_the_senders_trust_and_can_remove_the_right_to_invite(pair):
    a, a_rec, b, b_rec = pair
    inv = _invite(a, b_rec)
    report = svc.report_abuse(reporter=b, invitation=inv, reason="spam")
    before = AuthorRecord.objects.get(pk=a_rec.pk).trust_score
    moderator = UserFactory(is_staff=True)
    svc.decide_report(report=report, moderator=moderator, uphold=True)
    a_rec.refresh_from_db()
    assert upheld_report_count(a_rec) == 1
    assert a_rec.trust_score == max(0, before - 20)
    assert {"label": "Upheld abuse reports (-20 each)", "points": -20} in a_rec.trust_breakdown
    assert svc.sender_eligibility(a).code == "low_trust"


def test_dismissed_report_changes_no_trust(pair):
    a, a_rec, b, b_rec = pair
    report = svc.report_abuse(reporter=b, invitation=_invite(a, b_rec), reason="spam")
    before = AuthorRecord.objects.get(pk=a_rec.pk).trust_score
    svc.decide_report(report=report, moderator=UserFactory(is_staff=True), uphold=False)
    assert AuthorRecord.objects.get(pk=a_rec.pk).trust_score == before
    with pytest.raises(ValidationError):
        svc.decide_report(report=report, moderator=UserFactory(is_staff=True), uphold=True)


def test_moderator_upholds_in_the_admin(client, pair):
    a, a_rec, b, b_rec = pair
    report = svc.report_abuse(reporter=b, invitation=_invite(a, b_rec), reason="spam")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/profiles/report/{report.pk}/change/").status_code == 200
    response = client.post(
        "/admin/profiles/report/",
        {"action": "uphold", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.UPHELD
    assert upheld_report_count(a_rec) == 1


def test_blocking_from_an_invitation_blocks_its_sender_even_after_the_record_changed_hands(
    client, pair
):
    a, a_rec, b, b_rec = pair
    inv = _invite(a, b_rec)
    newcomer = UserFactory(verified=True)
    AuthorRecord.objects.filter(pk=a_rec.pk).update(owner=newcomer)
    client.force_login(b)
    assert client.post("/settings/blocks/", {"invitation": inv.pk}).status_code == 302
    assert list(Block.objects.values_list("blocker", "blocked")) == [(b.pk, a.pk)]


def test_block_from_a_conversation_page(client, pair):
    a, _, b, b_rec = pair
    conversation = svc.accept_invitation(invitation=_invite(a, b_rec), user=b)
    client.force_login(a)
    assert client.post("/settings/blocks/", {"conversation": conversation.pk}).status_code == 302
    assert list(Block.objects.values_list("blocker", "blocked")) == [(a.pk, b.pk)]
    conversation.refresh_from_db()
    assert conversation.closed_at is not None


def test_others_cannot_block_through_someone_elses_invitation_or_conversation(client, pair):
    a, _, b, b_rec = pair
    inv = _invite(a, b_rec)
    conversation = svc.accept_invitation(invitation=inv, user=b)
    client.force_login(UserFactory(verified=True))
    assert client.post("/settings/blocks/", {"invitation": inv.pk}).status_code == 404
    assert client.post("/settings/blocks/", {"conversation": conversation.pk}).status_code == 404
    client.force_login(a)  # the sender cannot "block" through their own invitation
    assert client.post("/settings/blocks/", {"invitation": inv.pk}).status_code == 400
    assert not Block.objects.exists()
