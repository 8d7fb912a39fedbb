"""The moderator role: the Moderators group's exact permissions, `make_moderator`, and what a
moderator (not a superuser) is refused in the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from profiles.models import AuthorRecord, ProfileEvent, Report
from profiles.services.collaboration import report_abuse, send_invitation
from tests.factories import AuthorRecordFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db


def group_permissions() -> set[str]:
    group = Group.objects.get(name="Moderators")
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_moderators_group_has_no_account_management_and_deletes_nothing():
    perms = group_permissions()
    assert {"profiles.change_claim", "profiles.change_report", "profiles.change_authorrecord"} <= (
        perms
    )
    assert {"profiles.change_work", "profiles.change_authorship", "accounts.view_user"} <= perms
    assert not [p for p in perms if p.startswith("auth.")]
    assert not [p for p in perms if p.split(".")[1].startswith("delete_")]
    assert not {"accounts.add_user", "accounts.change_user", "accounts.delete_user"} & perms
    assert not {"mfa.view_authenticator", "account.change_emailaddress"} & perms


def test_make_moderator_creates_a_staff_account_that_can_sign_in_on_the_site(client):
    out = StringIO()
    call_command("make_moderator", "New.Mod@Example.org", "--name", "New Mod", stdout=out)
    user = User.objects.get(email="new.mod@example.org")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Moderators"]
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    text = out.getvalue()
    assert "created the account new.mod@example.org" in text
    assert "added it to the Moderators group" in text
    assert "No password is set" in text

    user.set_password("a long passphrase 42")
    user.save()
    response = client.post(
        "/accounts/login/", {"login": "new.mod@example.org", "password": "a long passphrase 42"}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me/").status_code == 200


def test_make_moderator_updates_an_existing_account_and_says_so():
    existing = UserFactory(email="someone@example.org")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=False, primary=True)
    out = StringIO()
    call_command("make_moderator", "someone@example.org", stdout=out)
    assert "created" not in out.getvalue()
    assert "gave it staff access" in out.getvalue()
    assert "marked someone@example.org verified" in out.getvalue()
    existing.refresh_from_db()
    assert existing.is_staff and existing.has_usable_password()
    assert EmailAddress.objects.get(user=existing).verified

    again = StringIO()
    call_command("make_moderator", "someone@example.org", stdout=again)
    assert "nothing changed" in again.getvalue()


def test_make_moderator_refuses_something_that_is_not_an_address():
    with pytest.raises(CommandError):
        call_command("make_moderator", "not-an-address", stdout=StringIO())


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/add/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        "/admin/mfa/authenticator/",
        "/admin/account/emailaddress/",
    ],
)
def test_a_moderator_is_refused_user_and_permission_management(mod_client, url):
    assert mod_client.get(url).status_code == 403


def test_a_moderator_cannot_change_an_account_or_give_permissions(mod_client, moderator):
    other = UserFactory()
    url = f"/admin/accounts/user/{other.pk}/change/"
    assert mod_client.get(url).status_code == 200  # read-only view
    response = mod_client.post(url, {"email": other.email, "is_superuser": "on"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert not other.is_superuser
    assert mod_client.get(f"/admin/accounts/user/{moderator.pk}/password/").status_code == 403


@pytest.fixture
def report():
    sender, _ = researcher()
    recipient, recipient_record = researcher()
    invitation = send_invitation(
        sender=sender, recipient_record=recipient_record, subject="Hi", message="Spam spam."
    )
    return report_abuse(reporter=recipient, invitation=invitation, reason="spam")


def test_a_moderator_cannot_delete_records_reports_or_history(mod_client, report):
    record = AuthorRecordFactory(claimed=True)
    events = ProfileEvent.objects.filter(author=record).count()
    assert events
    for url in (
        f"/admin/profiles/authorrecord/{record.pk}/delete/",
        f"/admin/profiles/report/{report.pk}/delete/",
    ):
        assert mod_client.get(url).status_code == 403
        assert mod_client.post(url, {"post": "yes"}).status_code == 403
    for changelist, pk in (
        ("/admin/profiles/authorrecord/", record.pk),
        ("/admin/profiles/report/", report.pk),
    ):
        mod_client.post(changelist, {"action": "delete_selected", "_selected_action": [pk]})
    assert AuthorRecord.objects.filter(pk=record.pk).exists()
    assert Report.objects.filter(pk=report.pk).exists()
    assert ProfileEvent.objects.filter(author=record).count() == events


def test_a_moderator_works_the_claims_and_reports_queues(mod_client, report):
    assert mod_client.get("/admin/").status_code == 200
    assert mod_client.get("/admin/profiles/claim/").status_code == 200
    assert mod_client.get(f"/admin/profiles/report/{report.pk}/change/").status_code == 200
    mod_client.post(
        "/admin/profiles/report/", {"action": "dismiss", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.status == "dismissed"


def test_a_signed_in_non_staff_user_is_refused_the_admin(client):
    client.force_login(UserFactory(verified=True))
    response = client.get("/admin/profiles/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_group_is_exactly_the_migrations_list(moderators_group):
    from importlib import import_module

    wanted = import_module("profiles.migrations.0002_moderation").PERMISSIONS
    expected = {
        f"{label}.{action}_{model}"
        for label, models in wanted.items()
        for model, actions in models.items()
        for action in actions
    }
    later = import_module("profiles.migrations.0007_requests").REQUEST_PERMISSIONS
    expected |= {f"profiles.{codename}" for codename in later}
    assert group_permissions() == expected


def test_not_even_a_superuser_deletes_a_report(client, report):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/profiles/report/{report.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()
