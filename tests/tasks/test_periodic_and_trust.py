"""The beat schedule names registered tasks, and each periodic task does its job when run
(in the request here): an overdue invitation expires, a claim whose notice period ended is
approved. A record whose owner is approved or released has its neighbours' trust recomputed
by `recompute_trust` tasks after the commit. `--queue` hands an import file to a task."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from celery import current_app
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from profiles import tasks
from profiles.choices import ClaimStatus, InvitationStatus
from profiles.models import AuthorRecord, Invitation
from profiles.services import claims as claim_svc
from profiles.services.claims import claim_approve, release_ownership
from profiles.services.collaboration import send_invitation
from profiles.services.collaboration.follows import follow_author
from profiles.services.records import refresh_author_stats
from tests.factories import (
    AuthorRecordFactory,
    AuthorshipFactory,
    ClaimFactory,
    UserFactory,
    add_verified_email,
    claimant,
    give_institution,
    lao_cv,
    researcher,
)

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_names_a_registered_task():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert {"expire-invitations", "sweep-stale-claims"} <= set(schedule)
    for entry in schedule.values():
        assert entry["task"] in current_app.tasks, entry["task"]
        assert entry["schedule"] <= 24 * 3600


def test_the_expiry_job_expires_overdue_invitations_only():
    sender, _ = researcher()
    _, overdue_record = researcher()
    _, fresh_record = researcher()
    overdue = send_invitation(
        sender=sender, recipient_record=overdue_record, subject="Hello", message="Shall we?"
    )
    fresh = send_invitation(
        sender=sender, recipient_record=fresh_record, subject="Hello", message="Shall we?"
    )
    Invitation.objects.filter(pk=overdue.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert tasks.expire_invitations.delay().get() == 1
    assert Invitation.objects.get(pk=overdue.pk).status == InvitationStatus.EXPIRED
    assert Invitation.objects.get(pk=fresh.pk).status == InvitationStatus.PENDING


def test_the_sweep_approves_a_claim_whose_notice_period_ended(settings, seed_record):
    settings.CLAIMS_NOTICE_APPROVE = True
    give_institution(seed_record)
    user = claimant()
    add_verified_email(user, "lao@example-univ.edu")
    claim = claim_svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.objections_until is not None
    assert tasks.sweep_stale_claims.delay().get() == 0  # the notice is still running
    type(claim).objects.filter(pk=claim.pk).update(
        objections_until=timezone.now() - timedelta(minutes=1)
    )
    assert tasks.sweep_stale_claims.delay().get() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.auto_approved
    assert AuthorRecord.objects.get(pk=seed_record.pk).owner_id == user.pk


def _score(record) -> int:
    return AuthorRecord.objects.get(pk=record.pk).trust_score


def test_an_approval_and_a_release_move_the_neighbours_trust(django_capture_on_commit_callbacks):
    followed = refresh_author_stats(author=AuthorRecordFactory())
    record = AuthorRecordFactory()
    coauthor = AuthorRecordFactory()
    shared = AuthorshipFactory(author=record).work
    AuthorshipFactory(author=coauthor, work=shared, position=2)
    coauthor = refresh_author_stats(author=coauthor)
    person = UserFactory(verified=True)
    follow_author(user=person, author=followed)
    before_followed, before_coauthor = _score(followed), _score(coauthor)

    claim = ClaimFactory(claimant=person, author=record, decision="strong")
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(claim=claim, moderator=UserFactory(is_staff=True), reason="Known.")
    assert AuthorRecord.objects.get(pk=record.pk).verification_level >= 2
    assert _score(followed) == before_followed + 2  # a verified follower now
    assert _score(coauthor) == before_coauthor + 3  # a verified co-author now

    with django_capture_on_commit_callbacks(execute=True):
        release_ownership(author=record, reason="Account closed.")
    assert (_score(followed), _score(coauthor)) == (before_followed, before_coauthor)


def test_recomputing_a_deleted_record_does_nothing():
    assert tasks.recompute_trust.delay(987654).get() == -1


def test_an_import_can_be_queued_to_a_worker(tmp_path):
    path = tmp_path / "authors.jsonl"
    path.write_text(
        '{"id": "https://openalex.org/A5000000003", "display_name": "Mary Somerville"}\n'
    )
    out = StringIO()
    call_command("import_openalex", str(path), "--queue", stdout=out)
    assert "queued as task" in out.getvalue()
    assert AuthorRecord.objects.filter(display_name="Mary Somerville").exists()  # eager here


def test_queueing_refuses_stdin():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="stdin"):
        call_command("import_openalex", "-", "--queue")
