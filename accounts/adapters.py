"""django-allauth extension points: the one place where sign-up and sign-in rules live."""

from __future__ import annotations

import json
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.httpkit import get_client_ip
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.template.response import TemplateResponse
from django.utils.crypto import get_random_string

TOO_MANY_LOGIN_ATTEMPTS = "too_many_login_attempts"


class AccountAdapter(DefaultAccountAdapter):
    """Account rules of this site. The full name asked for at sign-up is saved by
    accounts.forms.SignupForm; email verification and rate limits are allauth's own, with
    failed log-ins counted per account *and client address* (see below). A
    suspended account is refused sign-in (with email, ORCID or the app API) and told until
    when and why."""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """allauth counts failed log-ins per address (`10/m/ip`) and per this key (`5/5 min`).
        Its key is the account alone, so five wrong passwords from anyone locked the owner
        out; here it is the account seen from one client address (TRUSTED_PROXY_COUNT says
        which), so a stranger elsewhere locks out only themselves."""
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{get_client_ip(request) or ''}"

    def clean_password(self, password: str, user=None) -> str:
        """The same validators for every sign-up. The web form validates against a stand-in
        user holding the email; allauth's headless sign-up passes no user, so a password
        equal to the email passed there: give it the same stand-in, from the request body."""
        if user is None:
            user = _headless_signup_candidate(self.request)
        return super().clean_password(password, user=user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (verification, password reset) go through the task queue like
        every other email (profiles.tasks.send_email: retries, failures logged)."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from profiles.tasks import queue_email

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        # allauth writes its rows outside any transaction, and the message is complete.
        queue_email(self.render_mail(template_prefix, email, ctx), after_commit=False)

    def respond_email_verification_sent(self, request: HttpRequest, user) -> HttpResponse:
        """Every sign-up ends here: with the new account, or with no user when the address
        is already taken (allauth then emails its owner "you already have an account"
        instead, through the same queue as a new account's confirmation). Creating the
        account hashed a password, the slowest step by far; the taken address pays for
        the same hash here, so the answer's timing does not tell the two apart (issue 12)."""
        if user is None:
            equal_password_work()
        return super().respond_email_verification_sent(request, user)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """A lock-out is a 429 (with Retry-After, config.middleware.RetryAfter) for allauth's
        headless API, not a 400 that reads like a wrong password."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == TOO_MANY_LOGIN_ATTEMPTS and request.path.startswith("/_allauth/"):
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise

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


def equal_password_work() -> None:
    """Hash a throwaway password with the default hasher, as creating an account does (and
    as Django's ModelBackend does for an unknown user at sign-in)."""
    make_password(get_random_string(32))


def _headless_signup_candidate(request: HttpRequest | None):
    """An unsaved User with the email and name of a headless sign-up's JSON body, or None."""
    if request is None or not request.path.startswith("/_allauth/"):
        return None
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, RawPostDataException):
        return None
    if not isinstance(data, dict):
        return None
    from accounts.models import User

    return User(email=str(data.get("email") or ""), name=str(data.get("name") or ""))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ORCID is used to prove an iD for a signed-in person, never to create accounts by
    itself: a new account must go through email sign-up and verification."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False
