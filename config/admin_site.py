"""The admin site moderators use. With MODERATOR_MFA_REQUIRED on (production), a staff
account reaches it only after signing in with two factors through allauth: an account without
an authenticator app is sent to set one up, one whose session has not used it is asked for a
code. Signing in happens on the site's own sign-in page (allauth asks for the code there); the
admin's password-only login form is not used then."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def mfa_required() -> bool:
    return bool(getattr(settings, "MODERATOR_MFA_REQUIRED", False))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_used_mfa(request: HttpRequest) -> bool:
    """Whether this session's sign-in (or a later re-authentication, or setting up the
    authenticator app) passed a second factor."""
    from profiles.signals import TOTP_ACTIVATED_SESSION_KEY

    if request.session.get(TOTP_ACTIVATED_SESSION_KEY) == str(request.user.pk):
        return True
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


def mfa_step(request: HttpRequest) -> str | None:
    """The allauth page a staff member must pass before the admin (None: nothing missing)."""
    if not mfa_required():
        return None
    if not has_totp(request.user):
        return "mfa_activate_totp"
    if not session_used_mfa(request):
        return "mfa_reauthenticate"
    return None


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


class ModeratorAdminSite(admin.AdminSite):
    site_header = "Researcher Profiles moderation"
    site_title = "Moderation"
    index_template = "admin/moderation_index.html"

    def index(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        """The admin index with the moderators' queues on top: size and oldest item."""
        from profiles.selectors.moderation import moderation_queues

        queues = [
            {"queue": queue, "url": f"{reverse(queue.admin_url_name)}?{queue.query}"}
            for queue in moderation_queues()
        ]
        context = {"queues": queues, **(extra_context or {})}
        if request.user.is_superuser:  # failed background tasks: operations' own list
            from profiles.services.tasks import open_failure_count

            context["failed_tasks"] = {
                "count": open_failure_count(),
                "url": f"{reverse('admin:profiles_failedtask_changelist')}?resolved__exact=0",
            }
        return super().index(request, context)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and mfa_step(request) is None

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Without the MFA rule, Django's admin login. With it, the site's sign-in (which asks
        for the code), then the missing step for a staff member who has not passed it."""
        if not mfa_required():
            return super().login(request, extra_context)
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        next_url = next_url or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(_with_next("account_login", next_url))
        step = mfa_step(request) if user.is_active and user.is_staff else None
        if step is None:
            return super().login(request, extra_context)  # not staff: the admin says so
        return HttpResponseRedirect(_with_next(step, next_url))
