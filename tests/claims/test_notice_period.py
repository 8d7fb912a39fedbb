"""The notice period (CLAIMS_NOTICE_APPROVE, off by default): a strong match whose best proof
is a supporting address is approved once its objection window passes with no objection and no
competing claim; until then the record stays unclaimed and same-name accounts at the domain
are told. Off, a moderator decides every such claim."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from profiles.choices import ClaimStatus
from profiles.services import claims as svc
from tests.factories import UserFactory, add_verified_email, claimant, give_institution, lao_cv

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporting_claim(seed_record):
    give_institution(seed_record)
    user = claimant()
    add_verified_email(user, "lao@example-univ.edu")
    return svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())


def _after_window(claim):
    return claim.objections_until + timedelta(minutes=1)


def test_off_by_default_a_moderator_decides(supporting_claim):
    approved = svc.approve_after_notice(now=_after_window(supporting_claim))
    assert approved == []
    supporting_claim.refresh_from_db()
    assert supporting_claim.status == ClaimStatus.PENDING
    assert "is off" in _command_output()


def _command_output():
    from io import StringIO

    out = StringIO()
    call_command("approve_after_notice", stdout=out)
    return out.getvalue()


def test_on_the_claim_waits_for_the_end_of_the_notice(settings, seed_record, supporting_claim):
    settings.CLAIMS_NOTICE_APPROVE = True
    assert svc.approve_after_notice(now=timezone.now()) == []
    seed_record.refresh_from_db()
    assert seed_record.owner is None  # publicly unclaimed until the notice ends
    (approved,) = svc.approve_after_notice(now=_after_window(supporting_claim))
    assert approved.status == ClaimStatus.APPROVED
    assert approved.auto_approved
    seed_record.refresh_from_db()
    assert seed_record.owner_id == supporting_claim.claimant_id


def test_on_an_objection_leaves_it_to_a_moderator(settings, demo, seed_record, supporting_claim):
    settings.CLAIMS_NOTICE_APPROVE = True
    hao = claimant(name="Hao Wang")
    claim = svc.claim_submit(claimant=hao, author=demo["hao-wang"], cv_text="Hao Wang")
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    svc.claim_object(claim=supporting_claim, user=hao, reason="I know ChonLam; not him.")
    assert svc.approve_after_notice(now=_after_window(supporting_claim)) == []


def test_on_a_competing_claim_leaves_it_to_a_moderator(settings, seed_record, supporting_claim):
    settings.CLAIMS_NOTICE_APPROVE = True
    svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    assert svc.approve_after_notice(now=_after_window(supporting_claim)) == []


def test_on_same_name_accounts_at_the_domain_are_told(
    settings, seed_record, django_capture_on_commit_callbacks
):
    settings.CLAIMS_NOTICE_APPROVE = True
    give_institution(seed_record)
    namesake = claimant()
    add_verified_email(namesake, "chonlam.lao@example-univ.edu")
    stranger = claimant(name="Someone Else")
    add_verified_email(stranger, "else@example-univ.edu")
    user = claimant()
    add_verified_email(user, "lao@example-univ.edu")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    told = [m for m in mail.outbox if "Someone claims the record" in m.subject]
    assert [m.to for m in told] == [[namesake.email]]
    assert "If you are ChonLam Lao, claim the record yourself before" in told[0].body
