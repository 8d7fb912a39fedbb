"""The moderator role: the `Moderators` group (made by migration profiles 0002 with exactly
the permissions moderating needs) and the accounts in it."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from profiles.errors import Invalid

MODERATORS_GROUP = "Moderators"


def _verify_address(user: User) -> bool:
    """Mark the account's address verified and primary in allauth, so it can sign in on the
    site (email verification is mandatory). True when something changed."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return True
    if address.verified and address.primary:
        return False
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    address.verified, address.primary = True, True
    address.save(update_fields=["verified", "primary"])
    return True


@transaction.atomic
def make_moderator(*, email: str, name: str = "") -> tuple[User, list[str]]:
    """Create or update the account with this address as a moderator: staff, in the
    Moderators group, its address verified. Returns the account and what was done, one line
    per change (nothing when it already was a moderator). A new account has no password: its
    owner sets one with "Forgot your password?"."""
    email = (email or "").strip().lower()
    if "@" not in email:
        raise Invalid(_("Give an email address."), code="invalid_email", field="email")
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is None:
        raise Invalid(_("The Moderators group is missing: run the migrations."), code="no_group")
    done: list[str] = []
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name.strip())
        done.append(_("created the account %(email)s (no password yet)") % {"email": email})
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        done.append(_("gave it staff access to the admin"))
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        done.append(_("added it to the %(group)s group") % {"group": group.name})
    if _verify_address(user):
        done.append(
            _("marked %(email)s verified, so it can sign in on the site") % {"email": email}
        )
    return user, done
