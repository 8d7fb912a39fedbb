"""Claim emails to claimants and co-authors, sent after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from profiles.models import (
    Claim,
)
from profiles.services.claims.common import logger
from profiles.services.claims.objections import coauthor_owner_records

# ---------------------------------------------------------------------------------------------
# Notifications (sent after commit; a failing mail server never undoes a decision)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify_claimant(claim: Claim, event: str) -> None:
    """Email the claimant that their claim was received, approved or rejected."""
    claim = Claim.objects.select_related("author", "claimant").get(pk=claim.pk)
    context = {
        "claim": claim,
        "event": event,
        "url": _absolute(reverse("profiles:claim-detail", kwargs={"pk": claim.pk})),
        "SITE_NAME": settings.SITE_NAME,
    }
    subjects = {
        "submitted": _("Your claim on %(name)s was received"),
        "approved": _("Your claim on %(name)s was approved"),
        "rejected": _("Your claim on %(name)s was not approved"),
    }
    try:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + subjects[event] % {"name": claim.author.display_name},
            render_to_string("email/claim_claimant.txt", context),
            None,
            [claim.claimant.email],
        )
    except Exception:
        logger.exception("could not email claimant of claim %s", claim.pk)


def notify_coauthors(claim: Claim) -> None:
    """Ask owners of co-author records whether they object to a claim without proof."""
    claim = Claim.objects.select_related("author").get(pk=claim.pk)
    url = _absolute(reverse("profiles:claim-object", kwargs={"pk": claim.pk}))
    for record in coauthor_owner_records(claim.author):
        try:
            send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                + _("Someone claims to be your co-author %(name)s")
                % {"name": claim.author.display_name},
                render_to_string(
                    "email/claim_coauthor.txt",
                    {"claim": claim, "record": record, "url": url, "SITE_NAME": settings.SITE_NAME},
                ),
                None,
                [record.owner.email],
            )
        except Exception:
            logger.exception("could not email co-author %s about claim %s", record.pk, claim.pk)
