"""The merge and detach pages of the records' admin, used by a moderator of the Moderators
group; who is kept out; query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.choices import AuditAction
from profiles.models import AuditEntry, AuthorRecord, Authorship, Follow
from profiles.services.records import refresh_author_stats
from tests.factories import (
    AuthorRecordFactory,
    AuthorshipFactory,
    UserFactory,
    WorkFactory,
    claimed_record,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/profiles/authorrecord/"


def _merge_url(source, target) -> str:
    return f"{reverse('admin:profiles_authorrecord_merge')}?source={source.pk}&target={target.pk}"


def _pair():
    source, target = AuthorRecordFactory(display_name="A. Byron"), AuthorRecordFactory()
    work = WorkFactory(title="Notes on the engine")
    AuthorshipFactory(work=work, author=source)
    AuthorshipFactory(work=work, author=target, position=2)
    AuthorshipFactory(author=target)
    user = UserFactory()
    Follow.objects.create(user=user, author=source)
    Follow.objects.create(user=user, author=target)
    return refresh_author_stats(author=source), refresh_author_stats(author=target)


def test_the_action_needs_exactly_two_records(mod_client):
    records = [AuthorRecordFactory() for _ in range(3)]
    response = mod_client.post(
        CHANGELIST,
        {"action": "merge_two", "_selected_action": [r.pk for r in records]},
        follow=True,
    )
    assert "Select exactly two records to merge." in response.content.decode()
    assert AuthorRecord.objects.count() == 3


def test_the_action_opens_the_preview_with_the_bigger_record_surviving(mod_client):
    source, target = _pair()
    response = mod_client.post(
        CHANGELIST, {"action": "merge_two", "_selected_action": [source.pk, target.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == _merge_url(source, target)


def test_a_moderator_previews_and_merges_from_the_admin(mod_client, moderator):
    source, target = _pair()
    page = mod_client.get(_merge_url(source, target))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Notes on the engine" in text  # the shared work, kept once
    assert "Merge the records" in text
    assert f"source={target.pk}&amp;target={source.pk}" in text  # "Keep ... instead"

    missing = mod_client.post(
        reverse("admin:profiles_authorrecord_merge"),
        {"source": source.pk, "target": target.pk, "reason": ""},
    )
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    assert AuthorRecord.objects.filter(pk=source.pk).exists()

    done = mod_client.post(
        reverse("admin:profiles_authorrecord_merge"),
        {"source": source.pk, "target": target.pk, "reason": "Same person."},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:profiles_authorrecord_change", args=[target.pk])
    survivor = AuthorRecord.objects.get(pk=target.pk)
    assert (survivor.works_count, survivor.followers_count) == (2, 1)
    entry = AuditEntry.objects.get(action=AuditAction.RECORDS_MERGED)
    assert entry.actor == moderator and entry.reason == "Same person."
    trail = mod_client.get("/admin/profiles/auditentry/").content.decode()
    assert "records merged" in trail


def test_the_page_shows_a_refused_merge_and_the_service_refuses_a_forced_post(mod_client):
    source, target = claimed_record(), claimed_record()
    page = mod_client.get(_merge_url(source, target)).content.decode()
    assert "This merge is refused" in page and "Merge the records" not in page
    forced = mod_client.post(
        reverse("admin:profiles_authorrecord_merge"),
        {"source": source.pk, "target": target.pk, "reason": "Duplicate."},
    )
    assert forced.status_code == 200
    assert "claimed by different people" in forced.content.decode()
    assert AuthorRecord.objects.filter(pk__in=[source.pk, target.pk]).count() == 2


def test_bad_and_stale_addresses_answer_4xx(mod_client, moderator):
    from profiles.services.moderation import merge_records

    url = reverse("admin:profiles_authorrecord_merge")
    assert mod_client.get(url).status_code == 400
    assert mod_client.get(f"{url}?source=x&target=1").status_code == 400
    assert mod_client.get(f"{url}?source=999999&target=999998").status_code == 404
    source, target = _pair()
    merge_records(actor=moderator, source=source, target=target, reason="Duplicate.")
    stale = mod_client.get(_merge_url(source, target))
    assert stale.status_code == 409 and "already merged" in stale.content.decode()


def test_non_staff_and_staff_without_the_permission_are_kept_out(client):
    source, target = _pair()
    url = _merge_url(source, target)
    client.force_login(UserFactory(verified=True))
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    staff = UserFactory(verified=True, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_authorrecord"))
    client.force_login(staff)
    assert client.get(url).status_code == 403
    detach = reverse("admin:profiles_authorrecord_detach", args=[source.pk])
    assert client.get(detach).status_code == 403
    posted = client.post(
        reverse("admin:profiles_authorrecord_merge"),
        {"source": source.pk, "target": target.pk, "reason": "Duplicate."},
    )
    assert posted.status_code == 403
    assert AuthorRecord.objects.filter(pk=source.pk).exists()


def test_the_preview_page_runs_a_fixed_number_of_queries(mod_client):
    def count(extra: int) -> int:
        source, target = _pair()
        for _ in range(extra):
            work = WorkFactory()
            AuthorshipFactory(work=work, author=source)
            AuthorshipFactory(work=work, author=target, position=2)
            user = UserFactory()
            Follow.objects.create(user=user, author=source)
            Follow.objects.create(user=user, author=target)
        with CaptureQueriesContext(connection) as ctx:
            assert mod_client.get(_merge_url(source, target)).status_code == 200
        return len(ctx.captured_queries)

    small = count(0)
    assert small == count(12) and small <= 30


def test_a_moderator_detaches_a_work_to_a_new_record(mod_client, moderator):
    record = AuthorRecordFactory()
    wrong = AuthorshipFactory(author=record, raw_name="J. Smith", work=WorkFactory(title="Wrong"))
    AuthorshipFactory(author=record)
    refresh_author_stats(author=record)
    url = reverse("admin:profiles_authorrecord_detach", args=[record.pk])
    change = mod_client.get(reverse("admin:profiles_authorrecord_change", args=[record.pk]))
    assert url in change.content.decode()
    assert "Wrong" in mod_client.get(url).content.decode()
    assert mod_client.get(f"{url}?work=999999").status_code == 404
    form = mod_client.get(f"{url}?work={wrong.work_id}").content.decode()
    assert "Detach the work" in form
    response = mod_client.post(
        f"{url}?work={wrong.work_id}",
        {"work": wrong.work_id, "to_record": "", "reason": "Not her."},
    )
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.author.display_name == "J. Smith" and wrong.author.works_count == 1
    assert AuthorRecord.objects.get(pk=record.pk).works_count == 1
    assert AuditEntry.objects.get(action=AuditAction.WORK_DETACHED).actor == moderator


def test_detaching_to_a_missing_or_co_authoring_record_is_explained(mod_client):
    record, other = AuthorRecordFactory(), AuthorRecordFactory()
    slot = AuthorshipFactory(author=record)
    AuthorshipFactory(work=slot.work, author=other, position=2)
    url = reverse("admin:profiles_authorrecord_detach", args=[record.pk])
    missing = mod_client.post(url, {"work": slot.work_id, "to_record": 999999, "reason": "x"})
    assert "No record with this id." in missing.content.decode()
    taken = mod_client.post(url, {"work": slot.work_id, "to_record": other.pk, "reason": "x"})
    assert "already an author of this work" in taken.content.decode()
    assert Authorship.objects.get(pk=slot.pk).author_id == record.pk


def test_the_detach_page_runs_a_fixed_number_of_queries(mod_client):
    def count(works: int) -> int:
        record = AuthorRecordFactory()
        for _ in range(works):
            AuthorshipFactory(author=record)
        url = reverse("admin:profiles_authorrecord_detach", args=[record.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert mod_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(12)
