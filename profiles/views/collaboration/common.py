"""Shared pieces of the follows and collaboration pages: refusals, redirects, the record panel."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from profiles.models import AuthorRecord
from profiles.selectors import collaboration as sel


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def collaboration_context(request: HttpRequest, author: AuthorRecord) -> dict:
    """What the researcher page needs for its follow button and collaboration panel."""
    return {"panel": sel.panel_state(user=request.user, author=author)}
