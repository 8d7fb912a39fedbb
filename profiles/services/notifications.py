"""Every email the app sends about claims, invitations and messages. Each kind can be turned
off in the settings page or with the signed unsubscribe link every email carries (no login
needed). Emails are sent after the transaction commits, so a rolled-back action never mails
anyone, and a failing mail server never undoes a decision."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.orcid import orcid_configured
from profiles import tasks
from profiles.choices import NotificationKind
from profiles.models import NotificationSettings

UNSUBSCRIBE_SALT = "profiles.notifications.unsubscribe"
FIELD_FOR_KIND: dict[str, str] = {
    NotificationKind.INVITATION: "email_on_invitation",
    NotificationKind.ANSWER: "email_on_answer",
    NotificationKind.MESSAGE: "email_on_message",
    NotificationKind.CLAIM: "email_on_claim",
    NotificationKind.COAUTHOR: "email_on_coauthor",
}


def settings_for(user) -> NotificationSettings:
    """The person's preferences (defaults, unsaved, when they never changed them)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


@transaction.atomic
def update_settings(*, user, **flags: bool) -> NotificationSettings:
    prefs, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    for field in FIELD_FOR_KIND.values():
        if field in flags:
            setattr(prefs, field, bool(flags[field]))
    prefs.save()
    return prefs


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a link was made for, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in FIELD_FOR_KIND:
        return None
    return int(data["u"]), data["k"]


def unsubscribe(*, token: str) -> tuple[object, str] | None:
    """Turn off the email kind a link names. Returns (user, kind) or None for a bad link."""
    from accounts.models import User

    parsed = read_unsubscribe_token(token)
    if parsed is None:
        return None
    user = User.objects.filter(pk=parsed[0]).first()
    if user is None:
        return None
    update_settings(user=user, **{FIELD_FOR_KIND[parsed[1]]: False})
    return user, parsed[1]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(*, user, kind: str, subject: str, template: str, context: dict) -> None:
    if not getattr(settings_for(user), FIELD_FOR_KIND[kind]):
        return
    unsubscribe_url = _absolute(
        reverse(
            "profiles:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user.pk, kind=kind)}
        )
    )
    body = render_to_string(
        template,
        {
            **context,
            "SITE_NAME": settings.SITE_NAME,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": _absolute(reverse("profiles:notification_settings")),
            "kind_label": NotificationKind(kind).label,
            "ORCID_SIGN_IN": orcid_configured(),
        },
    )
    email = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    tasks.queue_email(email)  # sent by a worker once the transaction commits


def _name(record, fallback: str = "A researcher") -> str:
    return record.display_name if record is not None else fallback


def invitation_received(invitation) -> None:
    _send(
        user=invitation.recipient,
        kind=NotificationKind.INVITATION,
        subject=f"{_name(invitation.sender_record)} invites you to collaborate",
        template="email/invitation_received.txt",
        context={
            "invitation": invitation,
            "sender_name": _name(invitation.sender_record),
            "url": _absolute(reverse("profiles:invitation", kwargs={"pk": invitation.pk})),
        },
    )


def invitation_answered(invitation) -> None:
    _send(
        user=invitation.sender,
        kind=NotificationKind.ANSWER,
        subject=f"{_name(invitation.recipient_record)} {invitation.get_status_display()} your "
        "invitation",
        template="email/invitation_answered.txt",
        context={
            "invitation": invitation,
            "recipient_name": _name(invitation.recipient_record),
            "url": _absolute(reverse("profiles:invitation", kwargs={"pk": invitation.pk})),
        },
    )


def message_received(message, *, recipient_id: int) -> None:
    from accounts.models import User
    from profiles.models import Participant

    recipient = User.objects.get(pk=recipient_id)
    seat = (
        Participant.objects.filter(
            conversation_id=message.conversation_id, user_id=message.sender_id
        )
        .select_related("record")
        .first()
    )
    sender_name = _name(seat.record if seat else None)
    _send(
        user=recipient,
        kind=NotificationKind.MESSAGE,
        subject=f"New message from {sender_name}",
        template="email/message_received.txt",
        context={
            "message": message,
            "sender_name": sender_name,
            "url": _absolute(
                reverse("profiles:conversation", kwargs={"pk": message.conversation_id})
            ),
        },
    )


# --- Claims ----------------------------------------------------------------------------------

CLAIM_SUBJECTS = {
    "submitted": gettext_lazy("Your claim on %(name)s was received"),
    "approved": gettext_lazy("Your claim on %(name)s was approved"),
    "rejected": gettext_lazy("Your claim on %(name)s was not approved"),
    "closed": gettext_lazy("The record %(name)s was claimed by someone else"),
}


def claim_news(claim, event: str) -> None:
    """Tell the claimant that their claim was received, approved, rejected, or closed
    because another claim on the record was approved (with a link to the record's page,
    where they can dispute it)."""
    from profiles.models import Claim

    claim = Claim.objects.select_related("author", "claimant").get(pk=claim.pk)
    _send(
        user=claim.claimant,
        kind=NotificationKind.CLAIM,
        subject=str(CLAIM_SUBJECTS[event]) % {"name": claim.author.display_name},
        template="email/claim_claimant.txt",
        context={
            "claim": claim,
            "event": event,
            "url": _absolute(reverse("profiles:claim-detail", kwargs={"pk": claim.pk})),
            "record_url": _absolute(claim.author.get_absolute_url()),
            "dispute_url": _absolute(
                reverse("profiles:dispute-start", kwargs={"slug": claim.author.slug})
            ),
        },
    )


def coauthor_claim(claim, records) -> None:
    """Ask the owners of co-author records whether they object to a claim without proof."""
    from profiles.services.claims.objections import claimant_label

    url = _absolute(reverse("profiles:claim-object", kwargs={"pk": claim.pk}))
    who = claimant_label(claim)
    for record in records:
        _send(
            user=record.owner,
            kind=NotificationKind.COAUTHOR,
            subject=_("%(who)s claims to be your co-author %(name)s")
            % {"who": who, "name": claim.author.display_name},
            template="email/claim_coauthor.txt",
            context={"claim": claim, "record": record, "url": url, "claimant_name": who},
        )


def same_name_claim(claim, user) -> None:
    """Tell an account with the record's name and an address at the claim's domain that
    someone claims the record, and until when they can answer (the notice period)."""
    _send(
        user=user,
        kind=NotificationKind.CLAIM,
        subject=_("Someone claims the record %(name)s") % {"name": claim.author.display_name},
        template="email/claim_same_name.txt",
        context={
            "claim": claim,
            "url": _absolute(reverse("profiles:claim-start", kwargs={"slug": claim.author.slug})),
        },
    )


def claim_revoked(claim, *, reason: str) -> None:
    """Tell the former owner that a moderator took back their approved claim, and why."""
    _send(
        user=claim.claimant,
        kind=NotificationKind.CLAIM,
        subject=_("Your claim on %(name)s was revoked") % {"name": claim.author.display_name},
        template="email/claim_revoked.txt",
        context={
            "claim": claim,
            "reason": reason,
            "url": _absolute(reverse("profiles:claim-detail", kwargs={"pk": claim.pk})),
        },
    )


# --- Disputes of an approved claim ---------------------------------------------------------


def _dispute(dispute):
    from profiles.models import Dispute

    return Dispute.objects.select_related("author", "disputant", "claim__claimant").get(
        pk=dispute.pk
    )


def dispute_opened(dispute) -> None:
    """Tell the record's owner that someone disputes their approved claim."""
    dispute = _dispute(dispute)
    _send(
        user=dispute.claim.claimant,
        kind=NotificationKind.CLAIM,
        subject=_("Your claim on %(name)s is disputed") % {"name": dispute.author.display_name},
        template="email/dispute_owner.txt",
        context={
            "dispute": dispute,
            "url": _absolute(dispute.author.get_absolute_url()),
        },
    )


def dispute_decided(dispute) -> None:
    """Tell the disputant and the (former) owner how a moderator decided a dispute, and why."""
    dispute = _dispute(dispute)
    subject = _("The dispute on %(name)s was %(status)s") % {
        "name": dispute.author.display_name,
        "status": dispute.get_status_display(),
    }
    for user, role in ((dispute.disputant, "disputant"), (dispute.claim.claimant, "owner")):
        url = dispute.author.get_absolute_url()
        if role == "disputant" and dispute.resulting_claim_id:
            url = reverse("profiles:claim-detail", kwargs={"pk": dispute.resulting_claim_id})
        _send(
            user=user,
            kind=NotificationKind.CLAIM,
            subject=subject,
            template="email/dispute_decided.txt",
            context={"dispute": dispute, "role": role, "url": _absolute(url)},
        )


# --- Account notices (not optional: they are about the account itself) ----------------------

SUSPENSION_SUBJECTS = {
    "suspended": gettext_lazy("Your account is suspended"),
    "lifted": gettext_lazy("Your account is no longer suspended"),
}


def suspension_news(suspension, event: str) -> None:
    """Tell a person that their account was suspended (until when, why) or that the
    suspension was lifted. Sent after the decision commits, whatever their email settings."""
    body = render_to_string(
        "email/suspension.txt",
        {"suspension": suspension, "event": event, "SITE_NAME": settings.SITE_NAME},
    )
    email = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {SUSPENSION_SUBJECTS[event]}",
        body=body,
        to=[suspension.user.email],
    )
    transaction.on_commit(lambda: email.send(fail_silently=True))
