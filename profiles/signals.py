"""Signal receivers of the profiles app. Kept few: rules stay in services."""

from __future__ import annotations

import contextlib

from allauth.account.signals import email_confirmed
from allauth.mfa.signals import authenticator_added
from allauth.socialaccount.signals import social_account_added
from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="release_owned_record")
def release_record_of_deleted_user(sender, instance, **kwargs) -> None:
    """A deleted account stops owning its record: without this, SET_NULL on `owner` would
    leave a record above L1 without an owner (check constraint author_level_matches_ownership)."""
    from profiles.models import AuthorRecord
    from profiles.services.claims import release_ownership

    for author in AuthorRecord.objects.filter(owner=instance):
        release_ownership(author=author, actor=None, reason=_("owner's account was deleted"))


def _recheck_owner_level(user) -> None:
    from profiles.services.claims import ClaimError, owned_record, owner_recheck_level

    if owned_record(user) is not None:
        # An owner without an approved claim (set up by a moderator) has nothing to re-check.
        with contextlib.suppress(ClaimError):
            owner_recheck_level(user=user)


@receiver(email_confirmed, dispatch_uid="recheck_level_on_email_confirmed")
def recheck_level_on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """A newly verified institutional email may prove an owner's identity after approval."""
    _recheck_owner_level(email_address.user)


@receiver(social_account_added, dispatch_uid="recheck_level_on_orcid_connected")
def recheck_level_on_orcid_connected(sender, request, sociallogin, **kwargs) -> None:
    """A newly connected ORCID iD may prove an owner's identity after approval."""
    _recheck_owner_level(sociallogin.user)


# Set by the receiver below, read by the admin's two-factor rule (config/admin_site.py).
TOTP_ACTIVATED_SESSION_KEY = "moderation_totp_activated_by"


@receiver(authenticator_added, dispatch_uid="totp_activated_counts_as_second_factor")
def remember_totp_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Activating an authenticator app takes the password (allauth re-authenticates) and a
    code from the app: this session has passed a second factor, so the admin need not ask
    for a code again right away."""
    if authenticator.type == "totp" and getattr(request, "session", None) is not None:
        request.session[TOTP_ACTIVATED_SESSION_KEY] = str(user.pk)


@receiver(social_account_added, dispatch_uid="prefetch_orcid_works_on_connect")
def prefetch_orcid_works_on_connect(sender, request, sociallogin, **kwargs) -> None:
    """Read the newly connected iD's public works in the background (profiles.tasks)."""
    from profiles import tasks

    account = sociallogin.account
    if account.provider == "orcid" and account.uid:
        uid = account.uid
        transaction.on_commit(
            lambda: tasks.enqueue(tasks.prefetch_orcid_works, uid, run_here=False)
        )
