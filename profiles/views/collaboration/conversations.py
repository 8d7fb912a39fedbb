"""Pages for conversations opened by an accepted invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from profiles.errors import ServiceError
from profiles.forms.collaboration import (
    MessageForm,
)
from profiles.http import AuthenticatedHttpRequest
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services
from profiles.views.pagination import paginate

# --- Conversations ----------------------------------------------------------------------


@login_required
@require_safe
def conversations(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, sel.conversations_for(request.user), per_page=20)
    return render(request, "profiles/collaboration/conversations.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The messages, oldest first (the last page by default), and the reply box."""
    conversation, mine, other = sel.conversation_for(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    status, errors = 200, list[str]()
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_message(
                    conversation=conversation, user=request.user, body=form.cleaned_data["body"]
                )
            except ServiceError as exc:
                status, errors = exc.status, exc.messages
            else:
                return redirect(reverse("profiles:conversation", kwargs={"pk": pk}) + "#latest")
        else:
            status = 400
    paginator = Paginator(sel.conversation_messages(conversation), 50)
    try:
        page = paginator.page(request.GET.get("page") or paginator.num_pages)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404(_("There is no such page.")) from exc
    if request.method != "POST":
        services.mark_conversation_read(conversation=conversation, user=request.user)
    conversation.refresh_from_db(fields=["closed_at"])
    return render(
        request,
        "profiles/collaboration/conversation_detail.html",
        {
            "conversation": conversation,
            "mine": mine,
            "other": other,
            "page": page,
            "form": form,
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_POST
def conversation_leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
    try:
        services.leave_conversation(conversation=conversation, user=request.user)
    except ServiceError as exc:
        status, errors = exc.status, exc.messages
        return render(
            request, "profiles/collaboration/refused.html", {"message": errors[0]}, status=status
        )
    messages.success(request, _("You left the conversation."))
    return redirect("profiles:conversation", pk=pk)
