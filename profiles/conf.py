"""Every setting of the profiles app with its default, in one place.

Code reads them as `conf.NAME` (read at each access, so `override_settings` and the
environment-driven values of config/settings/ apply); config/settings/base.py takes its
defaults from DEFAULTS, so a default is written once."""

from __future__ import annotations

from typing import Any

from django.conf import settings

MIB = 1024 * 1024

DEFAULTS: dict[str, Any] = {
    # Claims (docs/claims.md). A `strong` match WITH a strong identity proof (ORCID) is
    # approved without a moderator; a supporting one (an institutional address) never is.
    "CLAIMS_AUTO_APPROVE": True,
    # Approve a strong match whose best proof is supporting (an address at the record's
    # institution) once its objection window passes with no objection and no competing claim
    # (`manage.py approve_after_notice`, from cron). Off: a moderator decides every such claim.
    "CLAIMS_NOTICE_APPROVE": False,
    # Days co-authors have to object to a claim submitted without a strong identity proof.
    "CLAIMS_OBJECTION_DAYS": 7,
    # Largest CV upload, and how many evidence previews one person may ask for a minute.
    "CLAIM_UPLOAD_MAX_BYTES": 5 * MIB,
    "CLAIM_MAX_CV_TEXT_CHARS": 200_000,
    "CLAIMS_PREVIEW_PER_MINUTE": 20,
    # What reading one uploaded PDF may cost, in a worker process: CPU seconds (then it is
    # killed and the upload refused with `pdf_too_costly`), memory and pages. Its text is
    # capped at CLAIM_MAX_CV_TEXT_CHARS like pasted text.
    "CLAIM_PDF_CPU_SECONDS": 5,
    "CLAIM_PDF_MEMORY_MB": 512,
    "CLAIM_PDF_MAX_PAGES": 60,
    # The ORCID server that sign-in and the public-works client talk to.
    "ORCID_BASE_DOMAIN": "orcid.org",
    # The ORCID public API's base URL; empty means https://pub.<ORCID_BASE_DOMAIN>.
    "ORCID_API_URL": "",
    # Follows and collaboration (docs/collaboration.md).
    "INVITATION_EXPIRY_DAYS": 30,
    "INVITATIONS_PER_DAY": 5,
    "INVITATIONS_MAX_PENDING": 20,
    # Trust a sender's own claimed record needs to invite: a fresh L2 claim scores at least
    # 25, so one upheld abuse report (-20) takes the right to invite away until earned back.
    "INVITATIONS_MIN_SENDER_TRUST": 20,
    # Requests to the moderators from people not signed in, per hour: from one client
    # address, and with one email address (profiles/ratelimits.py).
    "MODERATION_REQUESTS_PER_HOUR": 5,
    # Burst limits of the API's follow and collaboration write endpoints.
    "THROTTLE_FOLLOW": "60/min",
    "THROTTLE_COLLAB_WRITE": "30/min",
}


def __getattr__(name: str) -> Any:
    if name in DEFAULTS:
        return getattr(settings, name, DEFAULTS[name])
    raise AttributeError(name)
