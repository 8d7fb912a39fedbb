"""What the views' requests carry beyond Django's HttpRequest, for the type checker: the
`htmx` details that django_htmx's middleware adds, and, behind login_required, a signed-in
user (never AnonymousUser)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request that reached a view behind login_required."""

    user: User
