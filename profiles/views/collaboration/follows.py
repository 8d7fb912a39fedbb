"""Pages for following researchers: follow button, following and followers lists, openness."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from profiles.errors import ServiceError
from profiles.http import AuthenticatedHttpRequest, HtmxHttpRequest
from profiles.models import AuthorRecord
from profiles.selectors import collaboration as sel
from profiles.selectors.records import public_record
from profiles.services import owner as owner_services
from profiles.services.collaboration import follows as follow_services
from profiles.views.collaboration.common import _next_or
from profiles.views.pagination import paginate

# --- Following --------------------------------------------------------------------------


@require_POST
def follow(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Follow or unfollow (`action=follow|unfollow`). htmx swaps the button and the count;
    without JavaScript the page reloads."""
    author = public_record(AuthorRecord, slug=slug)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={author.get_absolute_url()}")
    action = request.POST.get("action", "follow")
    if action not in {"follow", "unfollow"}:
        return render(
            request,
            "profiles/collaboration/refused.html",
            {"message": _("Unknown action.")},
            status=400,
        )
    try:
        if action == "follow":
            author, _changed = follow_services.follow_author(user=request.user, author=author)
        else:
            author, _changed = follow_services.unfollow_author(user=request.user, author=author)
    except ServiceError as exc:
        status, errors = exc.status, exc.messages
        if request.htmx:
            return render(
                request,
                "profiles/collaboration/_follow_button_inner.html",
                {"author": author, "is_following": False, "follow_error": errors[0]},
                status=status,
            )
        return render(
            request, "profiles/collaboration/refused.html", {"message": errors[0]}, status=status
        )
    following = action == "follow"
    if request.htmx:
        return render(
            request,
            "profiles/collaboration/_follow_button_inner.html",
            {"author": author, "is_following": following, "oob_count": True},
        )
    messages.success(
        request,
        _("You follow %(name)s.") % {"name": author.display_name}
        if following
        else _("You no longer follow %(name)s.") % {"name": author.display_name},
    )
    return redirect(_next_or(request, author.get_absolute_url()))


@login_required
@require_safe
def following(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, sel.followed_by(request.user), per_page=20)
    return render(request, "profiles/collaboration/following.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def followers(request: HttpRequest, slug: str) -> HttpResponse:
    """Who follows a record. Hidden by its owner: only the owner sees it (others get 404).
    The owner changes the setting here with a POST."""
    author = public_record(AuthorRecord, slug=slug)
    is_owner = owner_services.is_owner(request.user, author)
    if request.method == "POST":
        if not is_owner:
            raise Http404
        author = owner_services.profile_update(
            author=author,
            user=request.user,
            hide_followers=request.POST.get("hide_followers") == "on",
        )
        messages.success(request, _("Your followers list settings are saved."))
        return redirect("profiles:followers", slug=author.slug)
    if not sel.can_see_followers(user=request.user, author=author):
        raise Http404(_("This researcher keeps their followers list private."))
    page = paginate(request, sel.followers_of(author), per_page=30)
    return render(
        request,
        "profiles/collaboration/followers.html",
        {"author": author, "page": page, "is_owner": is_owner},
    )


@login_required
@require_POST
def collaboration_setting(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The owner opens or closes their record to invitations; anyone else gets 404."""
    author = public_record(AuthorRecord, slug=slug)
    if not owner_services.is_owner(request.user, author):
        raise Http404
    is_open = request.POST.get("open_to_collaborate") == "on"
    owner_services.profile_update(author=author, user=request.user, open_to_collaborate=is_open)
    messages.success(
        request,
        _("You are open to collaboration invitations.")
        if is_open
        else _("You no longer receive new collaboration invitations."),
    )
    return redirect(author.get_absolute_url())
