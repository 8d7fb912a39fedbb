"""The one factory module: factory_boy factories with traits for the rows tests build most
often, and the seed CVs. Claimed records, claims and invitations come in the states the
tests need (`AuthorRecordFactory(claimed=True, verification_level=3)`,
`ClaimFactory(approved=True)`, `accepted_invitation()`)."""

from __future__ import annotations

from pathlib import Path

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from profiles.choices import ClaimStatus
from profiles.models import (
    AuthorRecord,
    Authorship,
    Claim,
    Institution,
    InstitutionDomain,
    Work,
)

CV_DIR = Path(__file__).parent / "data" / "cvs"

# file stem -> the CV owner's name as they would type it
SEED_CVS = {
    "chonlam_lao": "ChonLam Lao",
    "hao_wang": "Hao Wang",
    "maximilian_lam": "Maximilian Lam",
    "chaoyang_he": "Chaoyang He",
}
ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """`UserFactory(verified=True)` also stores a verified primary email (allauth)."""
        if create:
            self.save()
        if create and extracted:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AuthorRecordFactory(factory.django.DjangoModelFactory):
    """An author record; `claimed=True` gives it a verified owner at `verification_level`
    (2 unless given) and computes its trust, without going through the claim flow."""

    class Meta:
        model = AuthorRecord
        skip_postgeneration_save = True

    class Params:
        claimed = factory.Trait(
            owner=factory.SubFactory(UserFactory, verified=True),
            verification_level=2,
            claimed_at=factory.LazyFunction(timezone.now),
            open_to_collaborate=True,
        )

    display_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"researcher-{n}")
    headline = ""

    @factory.post_generation
    def _stats(self, create, extracted, **kwargs):
        if create and self.owner_id:
            from profiles.services.records import refresh_author_stats

            refresh_author_stats(author=self)


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Work

    title = factory.Sequence(lambda n: f"A study of thing number {n}")
    year = 2024
    venue = "Test Venue"
    abstract = "An abstract."


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    work = factory.SubFactory(WorkFactory)
    position = 1
    raw_name = factory.LazyAttribute(lambda o: o.author.display_name if o.author else "Someone")
    author = factory.SubFactory(AuthorRecordFactory)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim row as the claim flow leaves it: pending by default, `approved=True` or
    `rejected=True` for a decided one (the record's ownership is not changed: use the
    services when a test needs the whole decision)."""

    class Meta:
        model = Claim

    class Params:
        approved = factory.Trait(
            status=ClaimStatus.APPROVED,
            level_granted=2,
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=ClaimStatus.REJECTED,
            decided_at=factory.LazyFunction(timezone.now),
        )

    claimant = factory.SubFactory(UserFactory, verified=True)
    author = factory.SubFactory(AuthorRecordFactory)
    status = ClaimStatus.PENDING
    cv_text = "Publications"


# --- Collaboration ---------------------------------------------------------------------------


def claimed_record(user=None, *, level: int = 2, open_to_collaborate: bool = True, **fields):
    """A record owned by `user` (a new verified user when None) at `level`, trust computed."""
    owner = {"owner": user} if user is not None else {}
    return AuthorRecordFactory(
        claimed=True, verification_level=level, open_to_collaborate=open_to_collaborate,
        **owner, **fields,
    )  # fmt: skip


def researcher(**fields) -> tuple:
    """A verified user who owns a claimed, open record: (user, record)."""
    record = claimed_record(**fields)
    return record.owner, AuthorRecord.objects.get(pk=record.pk)


def accepted_invitation(*, subject: str = "Working together", reply: str = ""):
    """An invitation between two new researchers, accepted through the services:
    (invitation, conversation)."""
    from profiles.services.collaboration import accept_invitation, send_invitation

    sender, _ = researcher()
    recipient, record = researcher()
    invitation = send_invitation(
        sender=sender, recipient_record=record, subject=subject, message="Shall we?"
    )
    conversation = accept_invitation(invitation=invitation, user=recipient, reply=reply)
    invitation.refresh_from_db()
    return invitation, conversation


# --- Claims ----------------------------------------------------------------------------------


def cv_path(stem: str) -> Path:
    return CV_DIR / f"{stem}.txt"


def cv_text(stem: str) -> str:
    return cv_path(stem).read_text(encoding="utf-8")


def cv(name: str) -> str:
    return cv_text(name)


def lao_cv() -> str:
    return cv("chonlam_lao")


def claimant(name: str = "ChonLam Lao", **kwargs):
    return UserFactory(verified=True, name=name, **kwargs)


def give_institution(author, domain: str = "example-univ.edu"):
    """Make the record's affiliation an institution with an email domain."""
    inst = Institution.objects.create(name="Example University")
    InstitutionDomain.objects.create(institution=inst, domain=domain)
    author.affiliation = inst
    author.save(update_fields=["affiliation"])
    return inst


def add_verified_email(user, email: str) -> None:
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=False)


RECORD_ORCID = "0000-0002-1825-0097"


def sign_in_with_orcid(user, author, orcid: str = RECORD_ORCID) -> None:
    """The person signed in with ORCID, with the record's own iD (a strong proof): the
    record gets that iD when it has none, so no remote ORCID server is asked."""
    from allauth.socialaccount.models import SocialAccount

    if not author.orcid:
        author.orcid = orcid
        author.save(update_fields=["orcid"])
    SocialAccount.objects.create(user=user, provider="orcid", uid=author.orcid)


def build_small_seed_record():
    """The seed record's shape without the whole demo data (much faster): ChonLam Lao,
    author 3 of the ICNP work after Hao Wang and Yuxuan Qin; Harvard with harvard.edu."""
    harvard = Institution.objects.create(name="Harvard University")
    InstitutionDomain.objects.create(institution=harvard, domain="harvard.edu")
    record = AuthorRecordFactory(display_name="ChonLam Lao", slug="small-lao")
    first = AuthorshipFactory(
        author=None, raw_name="Hao Wang", position=1, work__title=ICNP_TITLE, work__year=2022
    )
    AuthorshipFactory(work=first.work, author=None, raw_name="Yuxuan Qin", position=2)
    AuthorshipFactory(work=first.work, author=record, raw_name="ChonLam Lao", position=3)
    return record
