"""Shared pieces of the collaboration rules: the refusal messages, who may invite, blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from profiles import conf
from profiles.errors import Invalid, NotAllowed
from profiles.models import (
    AuthorRecord,
    Block,
)

# Messages users see; tests assert on them.
NOT_OPEN = _("This researcher is not open to invitations.")
NOT_CLAIMED = _("This author record is not claimed yet, so there is nobody to invite.")
INVITE_SELF = _("You cannot invite yourself.")
ALREADY_PENDING = _("You already have a pending invitation to this researcher.")
DAILY_LIMIT = _("You have sent the most invitations allowed in a day (%(limit)s). Try tomorrow.")
PENDING_LIMIT = _(
    "You have %(limit)s invitations waiting for an answer; wait for answers or withdraw some."
)
NEEDS_VERIFIED_EMAIL = _("Verify your email address before inviting researchers.")
NEEDS_CLAIMED_RECORD = _("Claim your own author record before inviting researchers.")
LOW_TRUST = _("Your profile's trust score is too low to send invitations.")
NOT_PENDING = _("This invitation is %(status)s; it can no longer be changed.")
ONLY_RECIPIENT = _("Only the invited researcher can answer this invitation.")
ONLY_SENDER = _("Only the sender can withdraw this invitation.")
CONVERSATION_CLOSED = _("This conversation has ended; no more messages can be sent.")
EMPTY_MESSAGE = _("Write a message.")
BAD_MOTIVATION = _("Choose works and topics from your profile or the researcher's.")
CANNOT_BLOCK = _("There is nobody to block here.")
CANNOT_REPORT = _("You can only report invitations and messages sent to you.")
ALREADY_REPORTED = _("You have already reported this.")


@dataclass(frozen=True)
class Eligibility:
    """Whether a person may send invitations at all, and if not, what to tell them."""

    ok: bool
    code: str = ""
    message: str = ""


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def sender_eligibility(user) -> Eligibility:
    """A sender needs a verified email AND a claimed record of their own (L2 or above) whose
    trust score is at least INVITATIONS_MIN_SENDER_TRUST."""
    if not getattr(user, "is_authenticated", False):
        return Eligibility(False, "not_signed_in", str(_("Log in to invite.")))
    if not has_verified_email(user):
        return Eligibility(False, "email_not_verified", str(NEEDS_VERIFIED_EMAIL))
    record = AuthorRecord.objects.filter(owner=user, verification_level__gte=2).first()
    if record is None:
        return Eligibility(False, "no_claimed_record", str(NEEDS_CLAIMED_RECORD))
    if record.trust_score < conf.INVITATIONS_MIN_SENDER_TRUST:
        return Eligibility(False, "low_trust", str(LOW_TRUST))
    return Eligibility(True)


def is_blocked(*, blocker, blocked) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def _refuse(message, code: str, **params) -> NoReturn:
    """A rule about the request itself refused it (400)."""
    raise Invalid(message, code=code, params=params)


def _refuse_not_allowed(message, code: str, **params) -> NoReturn:
    """A rule about who is asking refused it (403)."""
    raise NotAllowed(message, code=code, params=params)


def _clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(_("This field is required."), code="required", field=field)
    if len(text) > max_length:
        raise Invalid(
            _("Keep it to %(limit)s characters (it has %(n)s)."),
            code="max_length",
            params={"limit": max_length, "n": len(text)},
            field=field,
        )
    return text
