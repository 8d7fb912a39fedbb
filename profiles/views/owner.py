"""The owner's pages: editing their own profile and choosing which works it shows. Only the
record's owner gets here; everyone else is sent to log in or gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from profiles.forms.owner import AddWorkForm, ProfileForm
from profiles.http import AuthenticatedHttpRequest
from profiles.identifiers import parse_row_id
from profiles.models import AuthorRecord, Work
from profiles.services import owner as owner_services
from profiles.views.pagination import paginate


def _own_record(request: AuthenticatedHttpRequest) -> AuthorRecord:
    record = AuthorRecord.objects.filter(owner=request.user).first()
    if record is None:
        raise Http404(_("You do not own a record yet. Claim yours first."))
    return record


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Headline, bio (safe Markdown), affiliation, links, names, open to collaborate."""
    author = _own_record(request)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(author))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                owner_services.profile_update(
                    author=author,
                    user=request.user,
                    headline=data["headline"],
                    bio=data["bio"],
                    affiliation=data["affiliation"],
                    open_to_collaborate=data["open_to_collaborate"],
                    links=data["links"],
                    public_names=data["public_names"],
                    private_names=data["private_names"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect(author.get_absolute_url())
        else:
            status = 400
    return render(
        request, "profiles/owner/profile_edit.html", {"author": author, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_works(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All works on the owner's record, hidden ones included, with hide/show and add."""
    author = _own_record(request)
    form = AddWorkForm(request.POST if "add" in request.POST else None)
    status = 200
    if request.method == "POST" and "add" in request.POST:
        if form.is_valid():
            try:
                owner_services.work_add_by_owner(
                    author=author, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The work was added to your profile."))
                return redirect("profiles:profile-works")
        status = 400
    elif request.method == "POST":
        work = get_object_or_404(Work, pk=parse_row_id(request.POST.get("work")) or 0)
        hidden = request.POST.get("hidden") == "1"
        try:
            owner_services.work_set_hidden(
                author=author, user=request.user, work=work, hidden=hidden
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Work hidden.") if hidden else _("Work shown again."))
        return redirect("profiles:profile-works")
    rows = author.authorships.select_related("work").order_by(
        "-work__year", "work__title", "work_id"
    )
    page = paginate(request, rows, per_page=20)
    return render(
        request,
        "profiles/owner/profile_works.html",
        {"author": author, "page": page, "form": form},
        status=status,
    )
