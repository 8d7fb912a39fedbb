"""django-allauth extension points: the one place where sign-up and sign-in rules live."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Account rules of this site. The full name asked for at sign-up is saved by
    accounts.forms.SignupForm; email verification and rate limits are allauth's own."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ORCID is used to prove an iD for a signed-in person, never to create accounts by
    itself: a new account must go through email sign-up and verification."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False
