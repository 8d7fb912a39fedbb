"""The dispute page: a signed-in person who is not the owner says an approved claim's record
is theirs, with evidence (profiles/services/claims/disputes.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from profiles.forms.claims import DisputeForm
from profiles.forms.errors import add_service_error
from profiles.http import AuthenticatedHttpRequest
from profiles.models import AuthorRecord
from profiles.selectors.records import public_record
from profiles.services import claims as claim_services
from profiles.views.claims import _evidence_context


@login_required
@require_http_methods(["GET", "POST"])
def dispute_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Dispute the record's approved claim with evidence; the owner is told."""
    author = public_record(AuthorRecord, slug=slug)
    refusal = None
    try:
        claim_services.check_may_dispute(disputant=request.user, author=author)
    except claim_services.ClaimError as error:
        refusal = error
    form = DisputeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and refusal is not None:
        status = refusal.status
    elif request.method == "POST" and form.is_valid():
        try:
            claim_services.dispute_submit(
                disputant=request.user,
                author=author,
                statement=form.cleaned_data["statement"],
                cv_text=form.cleaned_data["cv_text"],
                cv_file=form.cleaned_data.get("cv_file"),
            )
        except ValidationError as error:
            add_service_error(form, error)
            status = 400
        else:
            messages.success(
                request,
                _("Your dispute was sent to the moderators. You will be told the outcome."),
            )
            return redirect(author.get_absolute_url())
    elif request.method == "POST":
        status = 400
    context = {"author": author, "form": form, "refusal": refusal}
    context.update(_evidence_context(request, author))
    return render(request, "profiles/claims/dispute_start.html", context, status=status)
