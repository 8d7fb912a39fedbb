"""ORCID sign-in, honestly: offered only where it is configured (credentials in the
environment, or a SocialApp in the admin). Elsewhere its login and callback addresses answer
a 404 page saying so, instead of the error allauth raises for a provider without an app."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def orcid_configured() -> bool:
    """Whether ORCID sign-in can be offered (credentials from the environment or the admin)."""
    if settings.SOCIALACCOUNT_PROVIDERS.get("orcid", {}).get("APP"):
        return True
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.filter(provider="orcid").exists()


def _not_configured() -> Http404:
    return Http404(
        _(
            "ORCID sign-in is not configured on this site. Prove who you are with a verified "
            "institutional email instead, or ask the site's administrators to enable ORCID."
        )
    )


def orcid_login(request: HttpRequest) -> HttpResponse:
    """allauth's ORCID login view, or a clear 404 where ORCID is not configured."""
    if not orcid_configured():
        raise _not_configured()
    from allauth.socialaccount.providers.orcid.views import oauth2_login

    return oauth2_login(request)


def orcid_callback(request: HttpRequest) -> HttpResponse:
    """allauth's ORCID callback view, or a clear 404 where ORCID is not configured."""
    if not orcid_configured():
        raise _not_configured()
    from allauth.socialaccount.providers.orcid.views import oauth2_callback

    return oauth2_callback(request)
