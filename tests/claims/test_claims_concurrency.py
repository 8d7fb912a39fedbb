"""Two approvals of two claims on one record at the same moment, on PostgreSQL, with real
threads and separate database connections: exactly one owner; the other claim is refused
with a clear error and stays pending."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import override_settings

from profiles.choices import ClaimStatus
from profiles.models import AuthorRecord, Claim
from profiles.services import claims as svc
from profiles.services.demo import load_demo_data
from tests.factories import UserFactory, claimant, lao_cv, sign_in_with_orcid

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*jobs):
    """Run each job in its own thread (own connection), all released by one barrier."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _assert_one_winner(author, results, claims):
    author.refresh_from_db()
    winners = [r for r in results if isinstance(r, Claim)]
    losers = [r for r in results if isinstance(r, svc.ClaimError)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    # The winner's approval closed the other claim (competing claims leave the queue), so
    # the loser, waiting on the record's lock, finds it no longer pending.
    assert losers[0].code == svc.NOT_PENDING
    assert "claimed by someone else" in losers[0].messages[0]
    assert author.owner_id == winners[0].claimant_id
    statuses = sorted(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    )
    assert statuses == [ClaimStatus.APPROVED, ClaimStatus.CLOSED]


def test_two_moderators_approving_two_claims_at_once_leave_one_owner():
    load_demo_data()
    author = AuthorRecord.objects.get(slug="chonlam-lao")
    a = svc.claim_submit(claimant=claimant(), author=author, cv_text=lao_cv())
    b = svc.claim_submit(claimant=claimant(name="Lao ChonLam"), author=author, cv_text=lao_cv())
    m1, m2 = UserFactory(is_staff=True), UserFactory(is_staff=True)
    results = _race(
        lambda: svc.claim_approve(claim=a, moderator=m1),
        lambda: svc.claim_approve(claim=b, moderator=m2),
    )
    _assert_one_winner(author, results, [a, b])


def test_moderator_approval_racing_an_automatic_approval_leaves_one_owner():
    """The automatic approval is `claim_approve(moderator=None)` on a strong, proven claim
    (what `claim_submit` calls); both claims are stored first so the race is only the
    approvals."""
    load_demo_data()
    author = AuthorRecord.objects.get(slug="chonlam-lao")
    proven = claimant()
    sign_in_with_orcid(proven, author)  # a strong proof: the kind that approves alone
    with override_settings(CLAIMS_AUTO_APPROVE=False):
        auto = svc.claim_submit(claimant=proven, author=author, cv_text=lao_cv())
        manual = svc.claim_submit(
            claimant=claimant(name="Lao ChonLam"), author=author, cv_text=lao_cv()
        )
    assert auto.status == ClaimStatus.PENDING
    assert svc.may_auto_approve(auto)  # strong, proven, and auto-approval is on again
    moderator = UserFactory(is_staff=True)
    results = _race(
        lambda: svc.claim_approve(claim=auto, moderator=None),
        lambda: svc.claim_approve(claim=manual, moderator=moderator),
    )
    _assert_one_winner(author, results, [auto, manual])


def test_two_simultaneous_submissions_of_one_claimant_store_one_claim():
    load_demo_data()
    author = AuthorRecord.objects.get(slug="chonlam-lao")
    user = claimant()
    results = _race(
        lambda: svc.claim_submit(claimant=user, author=author, cv_text=lao_cv()),
        lambda: svc.claim_submit(claimant=user, author=author, cv_text=lao_cv() + "\nmore"),
    )
    assert Claim.objects.filter(claimant=user, author=author).count() == 1
    errors = [r for r in results if isinstance(r, svc.ClaimError)]
    assert [e.code for e in errors] == [svc.DUPLICATE_PENDING]
