"""Pages for blocks and abuse reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from profiles.errors import ServiceError
from profiles.forms.collaboration import (
    ReportForm,
)
from profiles.http import AuthenticatedHttpRequest
from profiles.identifiers import parse_row_id
from profiles.models import AuthorRecord, Block, Invitation, Message
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services
from profiles.views.collaboration.common import _next_or
from profiles.views.pagination import paginate

# --- Blocks and reports -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people I block. POST blocks the sender of `invitation=<id>` (one I received), the
    other party of `conversation=<id>`, or the owner of `record=<id>`."""
    if request.method == "POST":
        try:
            if request.POST.get("invitation"):
                invitation = sel.invitation_for(user=request.user, pk=request.POST["invitation"])
                block = services.block_invitation_sender(
                    blocker=request.user, invitation=invitation
                )
            elif request.POST.get("conversation"):
                conversation, _mine, _other = sel.conversation_for(
                    user=request.user, pk=request.POST["conversation"]
                )
                block = services.block_conversation_partner(
                    blocker=request.user, conversation=conversation
                )
            else:
                record = get_object_or_404(
                    AuthorRecord, pk=parse_row_id(request.POST.get("record")) or 0
                )
                block = services.block_from_record(blocker=request.user, record=record)
        except ServiceError as exc:
            status, errors = exc.status, exc.messages
            return render(
                request,
                "profiles/collaboration/refused.html",
                {"message": errors[0]},
                status=status,
            )
        name = block.blocked_record.display_name if block.blocked_record else _("This member")
        messages.success(
            request,
            _("You blocked %(name)s. They can no longer invite or message you.") % {"name": name},
        )
        return redirect(_next_or(request, reverse("profiles:blocks")))
    page = paginate(
        request,
        Block.objects.filter(blocker=request.user).select_related("blocked_record"),
        per_page=30,
    )
    return render(request, "profiles/collaboration/blocks.html", {"page": page})


@login_required
@require_POST
def unblock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block, pk=pk, blocker=request.user)
    services.unblock(block=block, user=request.user)
    messages.success(request, _("Unblocked."))
    return redirect("profiles:blocks")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report an invitation I received or a message sent to me."""
    if kind not in {"invitation", "message"}:
        raise Http404
    invitation: Invitation | None = None
    message: Message | None = None
    if kind == "invitation":
        invitation = sel.invitation_for(user=request.user, pk=pk)
        back = reverse("profiles:invitation", kwargs={"pk": invitation.pk})
    else:
        message = get_object_or_404(Message, pk=pk)
        sel.conversation_for(user=request.user, pk=message.conversation_id)
        back = reverse("profiles:conversation", kwargs={"pk": message.conversation_id})
    form = ReportForm(request.POST or None)
    status, errors = 200, list[str]()
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_abuse(
                    reporter=request.user,
                    **form.cleaned_data,
                    invitation=invitation,
                    message=message,
                )
            except ServiceError as exc:
                status, errors = exc.status, exc.messages
            else:
                messages.success(request, _("Thank you. A moderator will look at your report."))
                return redirect(back)
        else:
            status = 400
    return render(
        request,
        "profiles/collaboration/report.html",
        {
            "form": form,
            "kind": kind,
            "target": invitation or message,
            "back": back,
            "errors": errors,
        },
        status=status,
    )
