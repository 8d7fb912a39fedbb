"""Moderators as the Moderators group makes them (not superusers)."""

from __future__ import annotations

import pytest

from profiles.services.moderation import make_moderator


@pytest.fixture(autouse=True)
def _group(moderators_group):
    return moderators_group


@pytest.fixture
def moderator(db):
    user, _done = make_moderator(email="moderator@example.org", name="Mo Derator")
    user.set_password("correct-horse-battery")
    user.save()
    return user


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def approved_claim(moderator):
    """A claim approved by the moderator through the services: the claimant owns the record."""
    from profiles.services.claims import claim_approve, claim_submit
    from tests.factories import AuthorRecordFactory, UserFactory

    claim = claim_submit(
        claimant=UserFactory(verified=True),
        author=AuthorRecordFactory(),
        statement="This record is mine.",
    )
    return claim_approve(claim=claim, moderator=moderator, reason="Evidence checked.")
