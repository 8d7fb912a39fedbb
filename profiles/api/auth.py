"""What the API's requests carry, for the type checker: behind IsAuthenticated, a signed-in
user (never AnonymousUser). The API's counterpart of profiles/http.py's
AuthenticatedHttpRequest; it changes nothing at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedRequest(Request):
    """A request that reached a view behind IsAuthenticated. Views annotate their handlers'
    `request` with it, and viewsets their `request` attribute (for `self.request`)."""

    user: User
