"""Pages for following researchers and collaborating with them: follow button, following
and followers lists, invitations, conversations, blocks, reports and email settings. Views
check who is asking, call a service and render; the rules are in profiles/services/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from profiles.forms.collaboration import (
    AnswerForm,
    InvitationForm,
    MessageForm,
    NotificationSettingsForm,
    ReportForm,
)
from profiles.identifiers import parse_row_id
from profiles.models import AuthorRecord, Block, Message
from profiles.selectors import collaboration as sel
from profiles.services import collaboration as services
from profiles.services import notifications
from profiles.services.collaboration import follows as follow_services
from profiles.views.pagination import paginate

# Refusals about who is asking are 403; refusals about the request itself are 400.
FORBIDDEN_CODES = {
    "not_signed_in",
    "email_not_verified",
    "no_claimed_record",
    "low_trust",
    "not_recipient",
    "not_sender",
    "not_participant",
    "not_blocker",
    "not_owner",
    "cannot_report",
    "follow_self",
}


def refusal(exc: ValidationError) -> tuple[int, list[str]]:
    """The HTTP status and the messages of a service's refusal."""
    codes = {e.code for e in exc.error_list} if not hasattr(exc, "error_dict") else set()
    status = 403 if codes & FORBIDDEN_CODES else 400
    return status, list(exc.messages)


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def collaboration_context(request: HttpRequest, author: AuthorRecord) -> dict:
    """What the researcher page needs for its follow button and collaboration panel."""
    return {"panel": sel.panel_state(user=request.user, author=author)}


# --- Following --------------------------------------------------------------------------


@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow or unfollow (`action=follow|unfollow`). htmx swaps the button and the count;
    without JavaScript the page reloads."""
    author = get_object_or_404(AuthorRecord, slug=slug)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={author.get_absolute_url()}")
    action = request.POST.get("action", "follow")
    if action not in {"follow", "unfollow"}:
        return render(
            request, "profiles/refused.html", {"message": _("Unknown action.")}, status=400
        )
    try:
        if action == "follow":
            author, _changed = follow_services.follow_author(user=request.user, author=author)
        else:
            author, _changed = follow_services.unfollow_author(user=request.user, author=author)
    except ValidationError as exc:
        status, errors = refusal(exc)
        if request.htmx:
            return render(
                request,
                "profiles/_follow_button_inner.html",
                {"author": author, "is_following": False, "follow_error": errors[0]},
                status=status,
            )
        return render(request, "profiles/refused.html", {"message": errors[0]}, status=status)
    following = action == "follow"
    if request.htmx:
        return render(
            request,
            "profiles/_follow_button_inner.html",
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
def following(request: HttpRequest) -> HttpResponse:
    page = paginate(request, sel.followed_by(request.user), per_page=20)
    return render(request, "profiles/following.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def followers(request: HttpRequest, slug: str) -> HttpResponse:
    """Who follows a record. Hidden by its owner: only the owner sees it (others get 404).
    The owner changes the setting here with a POST."""
    author = get_object_or_404(AuthorRecord, slug=slug)
    is_owner = request.user.is_authenticated and author.owner_id == request.user.pk
    if request.method == "POST":
        if not is_owner:
            raise Http404
        author = follow_services.set_hide_followers(
            user=request.user, author=author, hide=request.POST.get("hide_followers") == "on"
        )
        messages.success(request, _("Your followers list settings are saved."))
        return redirect("profiles:followers", slug=author.slug)
    if not sel.can_see_followers(user=request.user, author=author):
        raise Http404(_("This researcher keeps their followers list private."))
    page = paginate(request, sel.followers_of(author), per_page=30)
    return render(
        request, "profiles/followers.html", {"author": author, "page": page, "is_owner": is_owner}
    )


@login_required
@require_POST
def collaboration_setting(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner opens or closes their record to invitations; anyone else gets 404."""
    author = get_object_or_404(AuthorRecord, slug=slug)
    if author.owner_id != request.user.pk:
        raise Http404
    is_open = request.POST.get("open_to_collaborate") == "on"
    services.set_open_to_collaborate(user=request.user, author=author, is_open=is_open)
    messages.success(
        request,
        _("You are open to collaboration invitations.")
        if is_open
        else _("You no longer receive new collaboration invitations."),
    )
    return redirect(author.get_absolute_url())


# --- Invitations ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Write an invitation to the owner of a claimed, open record."""
    author = get_object_or_404(AuthorRecord.objects.select_related("owner"), slug=slug)
    own_record = AuthorRecord.objects.filter(owner=request.user).first()
    form = InvitationForm(request.POST or None, records=[own_record, author])
    panel = sel.panel_state(user=request.user, author=author)
    status, errors = 200, []
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
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, field_errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
                status = 400
            else:
                status, errors = refusal(exc)
        else:
            messages.success(request, _("Your invitation is sent."))
            return redirect("profiles:invitation", pk=invitation.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "profiles/invite.html",
        {"author": author, "form": form, "panel": panel, "errors": errors},
        status=status,
    )


@login_required
@require_safe
def invitations(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box") or "inbox"
    if box not in ("inbox", "outbox"):
        return render(
            request,
            "profiles/refused.html",
            {"message": _("There is no such list of invitations.")},
            status=400,
        )
    page = paginate(request, sel.invitation_box(user=request.user, box=box), per_page=20)
    return render(request, "profiles/invitations.html", {"page": page, "box": box})


def _invitation_page(request, invitation, *, status=200, errors=(), form=None) -> HttpResponse:
    return render(
        request,
        "profiles/invitation_detail.html",
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
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = sel.invitation_for(user=request.user, pk=pk)
    services.mark_invitation_seen(invitation=invitation, user=request.user)
    return _invitation_page(request, invitation)


@login_required
@require_POST
def invitation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
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
    except ValidationError as exc:
        status, errors = refusal(exc)
        invitation = sel.invitation_for(user=request.user, pk=pk)
        return _invitation_page(request, invitation, status=status, errors=errors, form=form)
    return redirect("profiles:invitation", pk=invitation.pk)


# --- Conversations ----------------------------------------------------------------------


@login_required
@require_safe
def conversations(request: HttpRequest) -> HttpResponse:
    page = paginate(request, sel.conversations_for(request.user), per_page=20)
    return render(request, "profiles/conversations.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The messages, oldest first (the last page by default), and the reply box."""
    conversation, mine, other = sel.conversation_for(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    status, errors = 200, []
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_message(
                    conversation=conversation, user=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                status, errors = refusal(exc)
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
        "profiles/conversation_detail.html",
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
def conversation_leave(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _mine, _other = sel.conversation_for(user=request.user, pk=pk)
    try:
        services.leave_conversation(conversation=conversation, user=request.user)
    except ValidationError as exc:
        status, errors = refusal(exc)
        return render(request, "profiles/refused.html", {"message": errors[0]}, status=status)
    messages.success(request, _("You left the conversation."))
    return redirect("profiles:conversation", pk=pk)


# --- Blocks and reports -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocks(request: HttpRequest) -> HttpResponse:
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
        except ValidationError as exc:
            status, errors = refusal(exc)
            return render(request, "profiles/refused.html", {"message": errors[0]}, status=status)
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
    return render(request, "profiles/blocks.html", {"page": page})


@login_required
@require_POST
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block, pk=pk, blocker=request.user)
    services.unblock(block=block, user=request.user)
    messages.success(request, _("Unblocked."))
    return redirect("profiles:blocks")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report an invitation I received or a message sent to me."""
    if kind not in {"invitation", "message"}:
        raise Http404
    if kind == "invitation":
        target = sel.invitation_for(user=request.user, pk=pk)
        back = reverse("profiles:invitation", kwargs={"pk": target.pk})
        target_kwargs = {"invitation": target}
    else:
        target = get_object_or_404(Message, pk=pk)
        sel.conversation_for(user=request.user, pk=target.conversation_id)
        back = reverse("profiles:conversation", kwargs={"pk": target.conversation_id})
        target_kwargs = {"message": target}
    form = ReportForm(request.POST or None)
    status, errors = 200, []
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_abuse(reporter=request.user, **form.cleaned_data, **target_kwargs)
            except ValidationError as exc:
                status, errors = refusal(exc)
            else:
                messages.success(request, _("Thank you. A moderator will look at your report."))
                return redirect(back)
        else:
            status = 400
    return render(
        request,
        "profiles/report.html",
        {"form": form, "kind": kind, "target": target, "back": back, "errors": errors},
        status=status,
    )


# --- Email settings ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = notifications.settings_for(request.user)
    initial = {f: getattr(prefs, f) for f in notifications.FIELD_FOR_KIND.values()}
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notifications.update_settings(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("profiles:notification_settings")
    return render(request, "profiles/notification_settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST turns the email
    kind off. No login needed."""
    parsed = notifications.read_unsubscribe_token(token)
    if parsed is None:
        return render(
            request,
            "profiles/unsubscribe.html",
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
        request, "profiles/unsubscribe.html", {"label": label, "done": done, "token": token}
    )
