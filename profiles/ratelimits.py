"""Rate limits that pages and the API share, so that a person's requests count together
whichever way they come (built on Django REST framework's throttles and the cache)."""

from __future__ import annotations

import hashlib

from rest_framework.throttling import SimpleRateThrottle

from profiles import conf


class ClaimPreviewRate(SimpleRateThrottle):
    """At most CLAIMS_PREVIEW_PER_MINUTE evidence previews a minute per person (their account,
    else their client address), on the claim page and the API together: reading a CV costs."""

    scope = "claim_preview"

    def get_rate(self) -> str:
        return f"{conf.CLAIMS_PREVIEW_PER_MINUTE}/min"

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def claim_preview_allowed(request) -> bool:
    """Count one preview for the person behind `request`; False once over the limit."""
    return ClaimPreviewRate().allow_request(request, None)  # type: ignore[arg-type]  # no view: the page counts with the API


class AnonymousRequestRate(SimpleRateThrottle):
    """At most MODERATION_REQUESTS_PER_HOUR requests to the moderators an hour from one client
    address by people not signed in, the pages and the API together. Signed-in people are
    not counted here (the API's user throttle and the duplicate check cover them)."""

    scope = "moderation_request"

    def get_rate(self) -> str:
        return f"{conf.MODERATION_REQUESTS_PER_HOUR}/hour"

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonymousRequestEmailRate(AnonymousRequestRate):
    """The same limit per email address given, whatever client address sends it."""

    scope = "moderation_request_email"

    def __init__(self, email: str):
        super().__init__()
        self.email = (email or "").strip().lower()

    def get_cache_key(self, request, view) -> str | None:
        if super().get_cache_key(request, view) is None or not self.email:
            return None
        digest = hashlib.sha256(self.email.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


def moderation_request_wait(request, *, email: str) -> float | None:
    """Count one anonymous request to the moderators, by client address and by email address.
    None when allowed; else the seconds to wait (for Retry-After)."""
    for throttle in (AnonymousRequestRate(), AnonymousRequestEmailRate(email)):
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]  # no view: pages count with the API
            return throttle.wait() or 1.0
    return None
