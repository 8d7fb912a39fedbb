"""Pages for collaboration invitations: invite, inbox and outbox, answering."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from profiles.errors import ServiceError
from profiles.forms.collaboration import (
    AnswerForm,
    InvitationForm,
)
from profiles.forms.errors import add_service_error
from profiles.http import AuthenticatedHttpRequest
from profiles.models import AuthorRecord
from profiles.selectors import collaboration as sel
from profiles.selectors.records import public_record
from profiles.services import collaboration as services
from profiles.views.pagination import paginate

# --- Invitations ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write an invitation to the owner of a claimed, open record."""
    author = public_record(AuthorRecord.objects.select_related("owner"), slug=slug)
    own_record = AuthorRecord.objects.filter(owner=request.user).first()
    form = InvitationForm(request.POST or None, records=[own_record, author])
    panel = sel.panel_state(user=request.user, author=author)
    status, errors = 200, list[str]()
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.send_invitation(
                sender=request.user,
                recipient_record=author,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                works=form.cleaned_data["works"],
                topics=form.cleaned_data["topics"],
            )
        except ServiceError as exc:
            if exc.field in form.fields:
                add_service_error(form, exc)
                status = exc.status
            else:
                status, errors = exc.status, exc.messages
        else:
            messages.success(request, _("Your invitation is sent."))
            return redirect("profiles:invitation", pk=invitation.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "profiles/collaboration/invite.html",
        {"author": author, "form": form, "panel": panel, "errors": errors},
        status=status,
    )


@login_required
@require_safe
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    box = request.GET.get("box") or "inbox"
    if box not in ("inbox", "outbox"):
        return render(
            request,
            "profiles/collaboration/refused.html",
            {"message": _("There is no such list of invitations.")},
            status=400,
        )
    page = paginate(request, sel.invitation_box(user=request.user, box=box), per_page=20)
    return render(request, "profiles/collaboration/invitations.html", {"page": page, "box": box})


def _invitation_page(request, invitation, *, status=200, errors=(), form=None) -> HttpResponse:
    return render(
        request,
        "profiles/collaboration/invitation_detail.html",
        {
            "invitation": invitation,
            "is_recipient": invitation.recipient_id == request.user.pk,
            "is_sender": invitation.sender_id == request.user.pk,
            "answer_form": form or AnswerForm(),
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_safe
def invitation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = sel.invitation_for(user=request.user, pk=pk)
    services.mark_invitation_seen(invitation=invitation, user=request.user)
    return _invitation_page(request, invitation)


@login_required
@require_POST
def invitation_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline or withdraw. Anyone but the two parties gets 404."""
    if action not in {"accept", "decline", "withdraw"}:
        raise Http404
    invitation = sel.invitation_for(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invitation_page(request, invitation, status=400, form=form)
    reply = form.cleaned_data["reply"]
    try:
        if action == "accept":
            conversation = services.accept_invitation(
                invitation=invitation, user=request.user, reply=reply
            )
            messages.success(request, _("You accepted. Say hello!"))
            return redirect("profiles:conversation", pk=conversation.pk)
        if action == "decline":
            services.decline_invitation(invitation=invitation, user=request.user, reply=reply)
            messages.success(request, _("You declined the invitation."))
        else:
            services.withdraw_invitation(invitation=invitation, user=request.user)
            messages.success(request, _("You withdrew the invitation."))
    except ServiceError as exc:
        status, errors = exc.status, exc.messages
        invitation = sel.invitation_for(user=request.user, pk=pk)
        return _invitation_page(request, invitation, status=status, errors=errors, form=form)
    return redirect("profiles:invitation", pk=invitation.pk)
