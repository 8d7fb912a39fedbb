"""Authentication backends: Django's and allauth's, refusing suspended accounts.

`get_user` is what turns a session (a browser's cookie, or an app's X-Session-Token through
allauth's headless API) back into an account on every request; answering None for a
suspended account signs it out on its next request. Signing in is refused with the reason by
accounts.adapters.AccountAdapter.pre_login."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


def _suspended(user) -> bool:
    from profiles.selectors.moderation import is_suspended

    return is_suspended(user)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = super().get_user(user_id)
        return None if user is not None and _suspended(user) else user


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        user = super().get_user(user_id)
        return None if user is not None and _suspended(user) else user
