"""django-allauth extension points: the one place where sign-up and sign-in rules live."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class AccountAdapter(DefaultAccountAdapter):
    """Account rules of this site. The full name asked for at sign-up is saved by
    accounts.forms.SignupForm; email verification and rate limits are allauth's own. A
    suspended account is refused sign-in (with email, ORCID or the app API) and told until
    when and why."""

    def pre_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse | None:
        from profiles.selectors.moderation import active_suspension

        suspension = active_suspension(user)
        if suspension is None:
            return super().pre_login(request, user, **kwargs)
        from allauth.account.internal.stagekit import clear_login

        clear_login(request)
        return TemplateResponse(
            request, "account/suspended.html", {"suspension": suspension}, status=403
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ORCID is used to prove an iD for a signed-in person, never to create accounts by
    itself: a new account must go through email sign-up and verification."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False
