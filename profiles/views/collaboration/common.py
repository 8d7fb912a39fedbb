"""Shared pieces of the follows and collaboration pages: refusals, redirects, the record panel."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from profiles.models import AuthorRecord
from profiles.selectors import collaboration as sel

# Refusals about who is asking are 403; refusals about the request itself are 400.
FORBIDDEN_CODES = {
    "not_signed_in",
    "email_not_verified",
    "no_claimed_record",
    "low_trust",
    "not_recipient",
    "not_sender",
    "not_participant",
    "not_blocker",
    "not_owner",
    "cannot_report",
    "follow_self",
}


def refusal(exc: ValidationError) -> tuple[int, list[str]]:
    """The HTTP status and the messages of a service's refusal."""
    codes = {e.code for e in exc.error_list} if not hasattr(exc, "error_dict") else set()
    status = 403 if codes & FORBIDDEN_CODES else 400
    return status, list(exc.messages)


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def collaboration_context(request: HttpRequest, author: AuthorRecord) -> dict:
    """What the researcher page needs for its follow button and collaboration panel."""
    return {"panel": sel.panel_state(user=request.user, author=author)}
