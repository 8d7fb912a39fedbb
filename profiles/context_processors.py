"""Navigation context: the signed-in person's unread counts, computed only when a template
reads them (two queries, whatever the number of invitations and messages)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def collaboration(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts():
        from profiles.collab_selectors import unread_counts

        return unread_counts(user)

    return {"unread": SimpleLazyObject(counts)}
