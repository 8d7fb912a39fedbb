"""Moderators as the Moderators group makes them (not superusers)."""

from __future__ import annotations

import pytest

from profiles.services.moderation import make_moderator


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
