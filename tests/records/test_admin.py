"""Moderators' admin pages for records and works."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(is_staff=True, is_superuser=True, verified=True)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/profiles/authorrecord/",
        "/admin/profiles/work/",
        "/admin/profiles/institution/",
        "/admin/accounts/user/",
    ],
)
def test_moderator_sees_the_lists(client, demo, moderator, url):
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_moderator_sees_a_record_with_its_history(client, seed_record, moderator):
    client.force_login(moderator)
    html = client.get(f"/admin/profiles/authorrecord/{seed_record.pk}/change/").content.decode()
    assert "ChonLam Lao" in html
    assert "trust score changed" in html


def test_signed_in_non_staff_person_is_kept_out_of_the_admin(client, seed_record, user):
    client.force_login(user)
    response = client.get("/admin/profiles/authorrecord/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_refresh_action_recounts(client, seed_record, moderator):
    from profiles.models import AuthorRecord

    AuthorRecord.objects.filter(pk=seed_record.pk).update(works_count=99)
    client.force_login(moderator)
    client.post(
        "/admin/profiles/authorrecord/",
        {"action": "refresh_stats", "_selected_action": [seed_record.pk]},
    )
    seed_record.refresh_from_db()
    assert seed_record.works_count == 2


def test_moderators_read_invitations_but_change_them_only_through_the_services(client, moderator):
    from profiles.services.collaboration import send_invitation
    from tests.factories import researcher

    sender, _ = researcher()
    _, recipient = researcher()
    invitation = send_invitation(
        sender=sender, recipient_record=recipient, subject="Hi", message="Let us talk"
    )
    client.force_login(moderator)
    url = f"/admin/profiles/invitation/{invitation.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"status": "accepted", "subject": "Changed"})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.subject) == ("pending", "Hi")
    assert client.get("/admin/profiles/block/add/").status_code == 403
