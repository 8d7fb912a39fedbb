"""Template context shared by every page: the site name, and the signed-in person's unread
counts, computed only when a template reads them (two queries, whatever the number of
invitations and messages)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    """Site name for titles and the navigation."""
    return {"SITE_NAME": settings.SITE_NAME}


def orcid(request: HttpRequest) -> dict:
    """`ORCID_SIGN_IN`: whether pages may offer ORCID sign-in (read lazily, when asked)."""
    from accounts.orcid import orcid_configured

    return {"ORCID_SIGN_IN": SimpleLazyObject(orcid_configured)}


def collaboration(request: HttpRequest) -> dict:
    """Unread invitation and message counts for the navigation, read lazily."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts():
        from profiles.selectors.collaboration import unread_counts

        return unread_counts(user)

    return {"unread": SimpleLazyObject(counts)}
