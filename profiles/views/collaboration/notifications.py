"""Email notification settings and signed unsubscribe links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from profiles.forms.collaboration import (
    NotificationSettingsForm,
)
from profiles.http import AuthenticatedHttpRequest
from profiles.services import notifications

# --- Email settings ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    prefs = notifications.settings_for(request.user)
    initial = {f: getattr(prefs, f) for f in notifications.FIELD_FOR_KIND.values()}
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notifications.update_settings(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("profiles:notification_settings")
    return render(request, "profiles/collaboration/notification_settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST turns the email
    kind off. No login needed."""
    parsed = notifications.read_unsubscribe_token(token)
    if parsed is None:
        return render(
            request,
            "profiles/collaboration/unsubscribe.html",
            {"invalid": True},
            status=400,
        )
    from profiles.choices import NotificationKind

    label = NotificationKind(parsed[1]).label
    done = False
    if request.method == "POST":
        done = notifications.unsubscribe(token=token) is not None
        if not done:
            raise Http404
    return render(
        request,
        "profiles/collaboration/unsubscribe.html",
        {"label": label, "done": done, "token": token},
    )
