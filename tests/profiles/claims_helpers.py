"""Helpers shared by the claim tests: the seed CVs and a claimant with an institutional email."""

from __future__ import annotations

from pathlib import Path

from allauth.account.models import EmailAddress

from profiles.models import Institution, InstitutionDomain
from tests.factories import UserFactory

CVS = Path(__file__).resolve().parent.parent / "data" / "cvs"


def cv(name: str) -> str:
    return (CVS / f"{name}.txt").read_text(encoding="utf-8")


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
