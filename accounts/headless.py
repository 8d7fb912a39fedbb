"""Fixes in front of allauth's headless API (65.x)."""

from __future__ import annotations

from typing import Any

from allauth.headless.account import views as headless_views
from allauth.headless.base.response import AuthenticationResponse
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class ManagePhoneView(headless_views.ManagePhoneView):
    """allauth's phone endpoint failed with an AttributeError (a 500) on an anonymous PUT,
    PATCH or DELETE: it sets the view's user only for a signed-in caller or a POST. Such a
    request is answered 401 "not signed in", as allauth answers an anonymous GET."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated and request.method not in ("GET", "POST"):
            return AuthenticationResponse(request)
        return super().dispatch(request, *args, **kwargs)
