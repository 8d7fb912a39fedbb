"""The data side of `manage.py loadtest`, run inside the load test's own database: the seed
(the demo researchers, extra records to search, and signed-in researchers with claimed, open
records able to invite each other) and, afterwards, the check that every write the server
acknowledged with a 2xx is in the database."""

from __future__ import annotations

import random
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import User
from profiles.models import AuthorRecord, Follow, Invitation
from profiles.services.collaboration.common import sender_eligibility
from profiles.services.demo import load_demo_data
from profiles.services.records import author_record_create, refresh_author_stats

PASSWORD = "load-test-password-7Qx"  # noqa: S105 - a throw-away database's accounts
FIRST = ["Ada", "Wei", "Sofia", "Kenji", "Amara", "Lucas", "Priya", "Jonas", "Mei", "Omar"]
LAST = ["Lovelace", "Zhang", "Rossi", "Tanaka", "Okafor", "Silva", "Nair", "Berg", "Chen"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _session_token(user: User) -> str:
    """A signed-in session, as log-in leaves it: its key is both the `sessionid` cookie of
    the site and the `X-Session-Token` of allauth's headless app API."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def _researcher(index: int, password_hash: str, rng: random.Random) -> dict[str, Any]:
    """A verified account owning a claimed (L2), open record that may send invitations."""
    name = _name(rng)
    user = User.objects.create(email=f"load{index}@example.org", name=name, password=password_hash)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    record = author_record_create(
        display_name=name, open_to_collaborate=True, slug=f"load-researcher-{index}"
    )
    record.owner = user
    record.verification_level = 2
    record.claimed_at = timezone.now()
    record.save(update_fields=["owner", "verification_level", "claimed_at"])
    refresh_author_stats(author=record)
    eligibility = sender_eligibility(user)
    if not eligibility.ok:
        raise RuntimeError(f"seeded researcher cannot invite: {eligibility.code}")
    return {"id": user.pk, "email": user.email, "token": _session_token(user), "record": record.pk}


@transaction.atomic
def seed(*, users: int, records: int, seed: int = 12) -> dict[str, Any]:
    """The demo data, `records` unclaimed records and `users` signed-in researchers (one
    password for all, hashed once with the production hasher)."""
    rng = random.Random(seed)
    load_demo_data()
    for i in range(records):
        author_record_create(display_name=_name(rng), slug=f"load-record-{i}")
    password_hash = make_password(PASSWORD)
    researchers = [_researcher(i, password_hash, rng) for i in range(users)]
    all_records = AuthorRecord.objects.order_by("pk").values("pk", "slug", "display_name")
    return {
        "password": PASSWORD,
        "users": researchers,
        "records": [
            {"id": r["pk"], "slug": r["slug"], "name": r["display_name"]} for r in all_records
        ],
    }


def _missing_follows(follows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    users = {f["user"] for f in follows}
    present = set(Follow.objects.filter(user_id__in=users).values_list("user_id", "author_id"))
    missing = []
    for write in follows:
        exists = (write["user"], write["author"]) in present
        if exists != (write["state"] == "followed"):
            missing.append(write)
    return missing


def _missing_invitations(invitations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stored = {
        row["pk"]: row
        for row in Invitation.objects.filter(pk__in=[w["id"] for w in invitations]).values(
            "pk", "sender_id", "recipient_record_id", "status"
        )
    }
    missing = []
    for write in invitations:
        row = stored.get(write["id"])
        if (
            row is None
            or row["sender_id"] != write["sender"]
            or row["recipient_record_id"] != write["recipient_record"]
            or (write["state"] and row["status"] != write["state"])
        ):
            missing.append(write)
    return missing


def verify(writes: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Compare the acknowledged writes with the database: a follow or unfollow answered 2xx
    (and not attempted again) left its pair followed or not; an invitation answered 201 is
    stored with its sender and recipient, withdrawn when its withdrawal was answered 200.
    Also every record's follower count equals its Follow rows."""
    follows, invitations = writes.get("follows", []), writes.get("invitations", [])
    missing = _missing_follows(follows) + _missing_invitations(invitations)
    wrong_counts = list(
        AuthorRecord.objects.annotate(n=Count("follows"))
        .exclude(followers_count=F("n"))
        .values_list("pk", flat=True)[:20]
    )
    return {
        "checked": len(follows) + len(invitations),
        "missing": missing[:50],
        "missing_count": len(missing),
        "follower_counts_wrong": wrong_counts,
    }
