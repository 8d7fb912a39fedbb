"""Fixes in front of allauth's headless API (65.x)."""

from __future__ import annotations

from typing import Any

from allauth.headless.account import views as headless_views
from allauth.headless.base.response import AuthenticationResponse
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from profiles.api.errors import error_response


class ManagePhoneView(headless_views.ManagePhoneView):
    """allauth's phone endpoint answered 500s: an anonymous PUT, PATCH or DELETE failed with
    an AttributeError (it sets the view's user only for a signed-in caller or a POST), and a
    signed-in caller reached the account adapter's `get_phone`, which this site, keeping no
    phone numbers, does not implement. Anonymous callers get allauth's 401 "not signed in"
    (POST keeps allauth's pending-signup step, a 409 without one); signed-in ones a 404."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return error_response(404, "not_found", _("This site keeps no phone numbers."))
        if request.method != "POST":
            return AuthenticationResponse(request)
        return super().dispatch(request, *args, **kwargs)
