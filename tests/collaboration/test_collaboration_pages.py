"""The researcher page's collaboration panel in every state, the navigation's unread
counts, the following feed, and the fixed query counts of the new pages."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profiles.choices import ProfileEventKind
from profiles.models import Invitation, ProfileEvent
from profiles.services import collaboration as svc
from profiles.services.collaboration.follows import follow_author
from tests.factories import (
    AuthorRecordFactory,
    AuthorshipFactory,
    UserFactory,
    claimed_record,
    researcher,
)

pytestmark = pytest.mark.django_db


def _panel(client, author) -> str:
    html = client.get(author.get_absolute_url()).content.decode()
    start = html.index('<div id="collab-panel">')
    return html[start : html.index("</div>", start)]


def test_panel_unclaimed(client, user):
    client.force_login(user)
    assert "Claim this author entity first" in _panel(client, AuthorRecordFactory())


def test_panel_visitor_is_asked_to_log_in(client):
    assert "Log in to invite" in _panel(client, claimed_record())


def test_panel_not_open(client, user):
    client.force_login(user)
    assert "Not open to collaboration" in _panel(client, claimed_record(open_to_collaborate=False))


def test_panel_eligible_viewer_can_invite(client):
    a, _ = researcher()
    client.force_login(a)
    panel = _panel(client, claimed_record())
    assert "Invite to collaborate" in panel and "disabled" not in panel


def test_panel_pending(client):
    a, _ = researcher()
    target = claimed_record()
    svc.send_invitation(sender=a, recipient_record=target, subject="S", message="M")
    client.force_login(a)
    assert "Invitation pending" in _panel(client, target)


def test_panel_explains_why_a_viewer_is_not_yet_eligible(client):
    target = claimed_record()
    no_record = UserFactory(verified=True)
    client.force_login(no_record)
    panel = _panel(client, target)
    assert "disabled" in panel and "Claim your own author record" in panel
    unverified, _ = researcher()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    client.force_login(unverified)
    assert "Verify your email address" in _panel(client, target)


def test_panel_owner(client):
    record = claimed_record()
    client.force_login(record.owner)
    assert "Your invitations" in _panel(client, record)


def test_nav_shows_unread_invitations_and_messages(client):
    a, a_rec = researcher()
    b, b_rec = researcher()
    inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    client.force_login(b)
    home = client.get("/").content.decode()
    assert 'id="nav-invitations">Invitations <span class="badge-count">1</span>' in home
    client.get(f"/invitations/{inv.pk}/")
    assert 'id="nav-invitations">Invitations <span' not in client.get("/").content.decode()
    conversation = svc.accept_invitation(invitation=inv, user=b, reply="Yes")
    client.force_login(a)
    html = client.get("/").content.decode()
    assert 'id="nav-invitations">Invitations <span class="badge-count">1</span>' in html
    assert 'id="nav-conversations">Messages <span class="badge-count">1</span>' in html
    client.get(f"/conversations/{conversation.pk}/")
    html = client.get("/").content.decode()
    assert 'id="nav-conversations">Messages <span' not in html


def test_nav_counts_take_two_queries_whatever_the_numbers(client):
    b, b_rec = researcher()
    for _ in range(5):
        a, _ = researcher()
        svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    from profiles.selectors.collaboration import unread_counts

    with CaptureQueriesContext(connection) as ctx:
        counts = unread_counts(b)
    assert counts == {"invitations": 5, "conversations": 0}
    assert len(ctx.captured_queries) == 2


# --- Feed -------------------------------------------------------------------------------


def test_feed_shows_works_and_updates_of_followed_researchers_newest_first(client, user):
    followed, other = AuthorRecordFactory(), AuthorRecordFactory()
    old = AuthorshipFactory(author=followed, work__title="Old work")
    AuthorshipFactory(author=other, work__title="Not followed work")
    type(old.work).objects.filter(pk=old.work_id).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    ProfileEvent.objects.create(author=followed, kind=ProfileEventKind.LEVEL, new_value="L3")
    AuthorshipFactory(author=followed, work__title="New work")
    follow_author(user=user, author=followed)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "From researchers you follow" in html and "Not followed work" not in html
    assert html.index("New work") < html.index("verification level changed".capitalize())
    assert html.index("Verification level changed") < html.index("Old work")


def test_feed_leaves_out_trust_score_changes(client, user):
    followed = AuthorRecordFactory()
    ProfileEvent.objects.create(
        author=followed, kind=ProfileEventKind.TRUST, old_value="13", new_value="15"
    )
    ProfileEvent.objects.create(author=followed, kind=ProfileEventKind.EDITED)
    follow_author(user=user, author=followed)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Profile edited" in html
    assert "13 → 15" not in html and "Trust score changed" not in html


def test_feed_paginates(client, user):
    followed = AuthorRecordFactory()
    for i in range(20):
        AuthorshipFactory(author=followed, work__title=f"Work {i:02d}")
    follow_author(user=user, author=followed)
    client.force_login(user)
    first = client.get("/").content.decode()
    second = client.get("/?feed=2").content.decode()
    assert "Work 19" in first and "Work 19" not in second and "Work 00" in second
    assert client.get("/?feed=9").status_code == 404


def test_feed_query_count_does_not_grow(client, user):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(user)
    followed = AuthorRecordFactory()
    AuthorshipFactory(author=followed)
    ProfileEvent.objects.create(author=followed, kind=ProfileEventKind.EDITED)
    follow_author(user=user, author=followed)
    small = count()
    for _ in range(4):
        more = AuthorRecordFactory()
        for _ in range(5):
            AuthorshipFactory(author=more)
        ProfileEvent.objects.create(author=more, kind=ProfileEventKind.EDITED)
        follow_author(user=user, author=more)
    assert count() == small


def test_visitors_see_no_feed(client):
    assert "From researchers you follow" not in client.get("/").content.decode()


# --- Query counts of the collaboration pages --------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _busy(n):
    """A researcher with n invitations each way, accepted, each with 3 messages."""
    me, me_rec = researcher()
    for _ in range(n):
        other, other_rec = researcher()
        inv = svc.send_invitation(sender=other, recipient_record=me_rec, subject="S", message="M")
        conversation = svc.accept_invitation(invitation=inv, user=me)
        for _ in range(3):
            svc.post_message(conversation=conversation, user=other, body="hi")
        svc.send_invitation(sender=me, recipient_record=other_rec, subject="S", message="M")
        AuthorshipFactory(author=other_rec)
        follow_author(user=me, author=other_rec)
    return me


def test_collaboration_lists_do_not_grow_with_the_data(client, settings):
    settings.INVITATIONS_PER_DAY = 50
    small, large = _busy(1), _busy(4)
    for url in ["/invitations/", "/invitations/?box=outbox", "/conversations/", "/following/", "/"]:
        client.force_login(small)
        n_small = _count(client, url)
        client.force_login(large)
        assert _count(client, url) == n_small, url


def test_conversation_page_does_not_grow_with_messages(client):
    a, _ = researcher()
    b, b_rec = researcher()
    inv = svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    conversation = svc.accept_invitation(invitation=inv, user=b, reply="Yes")
    client.force_login(a)
    url = f"/conversations/{conversation.pk}/"
    small = _count(client, url)
    for i in range(12):
        svc.post_message(conversation=conversation, user=b if i % 2 else a, body=f"m{i}")
    assert _count(client, url) == small


def test_signed_in_profile_page_query_budget(client, django_assert_max_num_queries):
    a, _ = researcher()
    target = claimed_record()
    for _ in range(10):
        follow_author(user=UserFactory(), author=target)
    client.force_login(a)
    with django_assert_max_num_queries(18):
        client.get(target.get_absolute_url())
    assert Invitation.objects.count() == 0


def test_owner_opens_and_closes_their_record_and_others_cannot(client, user):
    record = claimed_record()
    url = f"/researchers/{record.slug}/collaboration/"
    client.force_login(user)
    assert client.post(url, {}).status_code == 404
    record.refresh_from_db()
    assert record.open_to_collaborate is True
    client.force_login(record.owner)
    assert client.post(url, {}).status_code == 302
    record.refresh_from_db()
    assert record.open_to_collaborate is False
    assert record.events.filter(new_value="open_to_collaborate").exists()
    client.post(url, {"open_to_collaborate": "on"})
    record.refresh_from_db()
    assert record.open_to_collaborate is True


def test_api_unread_counts(api_client):
    a, _ = researcher()
    b, b_rec = researcher()
    svc.send_invitation(sender=a, recipient_record=b_rec, subject="S", message="M")
    api_client.force_authenticate(b)
    assert api_client.get("/api/v1/unread/").json() == {"invitations": 1, "conversations": 0}
