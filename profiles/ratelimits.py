"""Rate limits that pages and the API share, so that a person's requests count together
whichever way they come (built on Django REST framework's throttles and the cache)."""

from __future__ import annotations

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
