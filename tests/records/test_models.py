"""Invariants that the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from profiles.models import AuthorRecord, Authorship, Follow, Institution, InstitutionDomain
from tests.factories import AuthorRecordFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def _refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_trust_score_outside_0_100_is_refused():
    author = AuthorRecordFactory()
    _refused(lambda: AuthorRecord.objects.filter(pk=author.pk).update(trust_score=101))


def test_unclaimed_record_cannot_be_above_l1():
    author = AuthorRecordFactory()
    _refused(lambda: AuthorRecord.objects.filter(pk=author.pk).update(verification_level=3))


def test_claimed_record_is_at_least_l2_and_has_a_date():
    author = AuthorRecordFactory()
    owner = UserFactory()
    _refused(lambda: AuthorRecord.objects.filter(pk=author.pk).update(owner=owner))
    _refused(
        lambda: AuthorRecord.objects.filter(pk=author.pk).update(owner=owner, verification_level=2)
    )
    AuthorRecord.objects.filter(pk=author.pk).update(
        owner=owner, verification_level=2, claimed_at=timezone.now()
    )


def test_one_user_owns_at_most_one_record():
    owner = UserFactory()
    now = timezone.now()
    AuthorRecordFactory(owner=owner, verification_level=2, claimed_at=now)
    _refused(lambda: AuthorRecordFactory(owner=owner, verification_level=2, claimed_at=now))


def test_a_person_follows_a_record_once():
    user, author = UserFactory(), AuthorRecordFactory()
    Follow.objects.create(user=user, author=author)
    _refused(lambda: Follow.objects.create(user=user, author=author))


def test_author_slots_are_unique_per_position_and_per_record():
    work, author = WorkFactory(), AuthorRecordFactory()
    Authorship.objects.create(work=work, position=1, raw_name="A", author=author)
    _refused(lambda: Authorship.objects.create(work=work, position=1, raw_name="B"))
    _refused(lambda: Authorship.objects.create(work=work, position=2, raw_name="A", author=author))
    # Unlinked slots may repeat freely.
    Authorship.objects.create(work=work, position=2, raw_name="X")
    Authorship.objects.create(work=work, position=3, raw_name="X")


def test_work_year_must_be_plausible():
    _refused(lambda: WorkFactory(year=20223))


def test_institution_domains_are_stored_as_lowercase_hostnames():
    inst = Institution.objects.create(name="Harvard University")
    InstitutionDomain.objects.create(institution=inst, domain="harvard.edu")
    _refused(lambda: InstitutionDomain.objects.create(institution=inst, domain="Not A Domain"))


def test_orcid_on_a_record_is_checked_by_its_checksum():
    from django.core.exceptions import ValidationError

    author = AuthorRecordFactory.build(orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as info:
        author.full_clean()
    assert "orcid" in info.value.message_dict
