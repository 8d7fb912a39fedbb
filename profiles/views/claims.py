"""Claim pages: starting a claim with a live evidence preview, the claimant's dashboard, a
claim's detail (withdraw, add evidence), co-authors' objections and the staff-only download
of uploaded evidence. Views check access and turn service errors into form errors."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.orcid import orcid_configured
from profiles.choices import ClaimStatus
from profiles.forms.claims import AddEvidenceForm, EvidenceForm, ObjectionForm
from profiles.forms.errors import add_service_error
from profiles.http import AuthenticatedHttpRequest
from profiles.models import AuthorRecord, Claim
from profiles.ratelimits import claim_preview_allowed
from profiles.selectors.records import public_record
from profiles.services import claims as claim_services
from profiles.views.pagination import paginate


def _evidence_context(request: HttpRequest, author: AuthorRecord) -> dict:
    from allauth.socialaccount.models import SocialAccount

    from profiles.evidence.proofs import domain_matches
    from profiles.selectors.evidence import record_domains

    domains = record_domains(author)
    emails = [
        (address, domain_matches(address.email, domains))
        for address in EmailAddress.objects.filter(user=request.user).order_by("-primary", "email")
    ]
    return {
        "emails": emails,
        "record_domains": domains,
        "orcid_configured": orcid_configured(),
        "orcid_account": SocialAccount.objects.filter(user=request.user, provider="orcid").first(),
    }


def _preview(request: AuthenticatedHttpRequest, author: AuthorRecord, form: EvidenceForm):
    """Score the form's evidence without storing anything; None when the form is invalid."""
    if not form.is_valid():
        return None
    if not claim_preview_allowed(request):
        form.add_error(None, _("Too many previews in a minute; wait a moment and try again."))
        form.rate_limited = True
        return None
    try:
        return claim_services.evidence_preview(
            author=author,
            claimant_name=request.user.name,
            viewer=request.user,
            cv_text=form.cleaned_data["cv_text"],
            cv_file=form.cleaned_data.get("cv_file"),
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None


def _error_status(form) -> int:
    return 429 if getattr(form, "rate_limited", False) else 400


@login_required
@require_http_methods(["GET", "POST"])
def claim_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Give evidence for a record, preview how strong it is, and submit the claim."""
    author = public_record(AuthorRecord.objects.select_related("affiliation"), slug=slug)
    state = claim_services.panel_state(user=request.user, author=author)
    if state.kind == "pending" and state.claim is not None:
        messages.info(request, _("You already have a pending claim on this record."))
        return redirect("profiles:claim-detail", pk=state.claim.pk)
    refusal = None
    try:
        claim_services.check_may_claim(claimant=request.user, author=author)
    except claim_services.ClaimError as error:
        refusal = error
    form = EvidenceForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and refusal is None:
        if "preview" in request.POST:
            report = _preview(request, author, form)
            status = 200 if report is not None else _error_status(form)
        elif form.is_valid():
            try:
                claim = claim_services.claim_submit(
                    claimant=request.user,
                    author=author,
                    statement=form.cleaned_data["statement"],
                    cv_text=form.cleaned_data["cv_text"],
                    cv_file=form.cleaned_data.get("cv_file"),
                    orcid=form.cleaned_data["orcid"],
                )
            except ValidationError as error:
                add_service_error(form, error)
                status = 400
            else:
                if claim.status == ClaimStatus.APPROVED:
                    messages.success(request, _("Your claim was approved: this record is yours."))
                    return redirect(author.get_absolute_url())
                messages.success(request, _("Your claim was submitted."))
                return redirect("profiles:claim-detail", pk=claim.pk)
        else:
            status = 400
    elif request.method == "POST":
        status = 403
    context = {"author": author, "form": form, "report": report, "refusal": refusal}
    context.update(_evidence_context(request, author))
    return render(request, "profiles/claims/claim_start.html", context, status=status)


@login_required
@require_POST
def claim_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The live preview (htmx): the evidence report partial, or the form's errors."""
    author = public_record(AuthorRecord, slug=slug)
    form = EvidenceForm(request.POST, request.FILES)
    report = _preview(request, author, form)
    if report is None:
        return render(
            request,
            "profiles/claims/_preview_errors.html",
            {"form": form},
            status=_error_status(form),
        )
    return render(request, "profiles/claims/_evidence_report.html", {"report": report})


@login_required
def claim_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The claimant's dashboard: every claim with its status, place in the queue, what is
    missing and the moderator's reason."""
    qs = claim_services.with_queue_position(
        Claim.objects.filter(claimant=request.user).select_related("author")
    ).annotate(objection_count=Count("objections"))
    page = paginate(request, qs.order_by("-created_at", "-id"), per_page=20)
    return render(request, "profiles/claims/claim_list.html", {"page": page})


def _own_claim(request: AuthenticatedHttpRequest, pk: int) -> Claim:
    claim = get_object_or_404(
        Claim.objects.select_related("author", "claimant", "decided_by"), pk=pk
    )
    if claim.claimant_id != request.user.pk:
        raise Http404(_("No claim of yours has this number."))
    return claim


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One of the claimant's claims: its status and report, what is missing, history; the
    add-evidence form posts here."""
    claim = _own_claim(request, pk)
    form = AddEvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim = claim_services.claim_add_evidence(
                    claim=claim,
                    user=request.user,
                    statement=form.cleaned_data["statement"],
                    cv_text=form.cleaned_data["cv_text"],
                    cv_file=form.cleaned_data.get("cv_file"),
                )
            except ValidationError as error:
                add_service_error(form, error)
                status = 400
            else:
                messages.success(request, _("Your evidence was added and scored again."))
                return redirect("profiles:claim-detail", pk=claim.pk)
        else:
            status = 400
    context = {
        "claim": claim,
        "report": claim.report or None,
        "queue_position": claim_services.queue_position(claim),
        "missing": claim_services.missing_evidence(claim),
        "events": claim.events.select_related("actor"),
        "form": form,
        "in_notice_period": claim_services.in_notice_period(claim),
    }
    context.update(_evidence_context(request, claim.author))
    return render(request, "profiles/claims/claim_detail.html", context, status=status)


@login_required
@require_POST
def claim_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    try:
        claim_services.claim_withdraw(claim=claim, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your claim was withdrawn."))
    return redirect("profiles:claim-detail", pk=claim.pk)


@login_required
@require_http_methods(["GET", "POST"])
def claim_object(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A co-author's objection to a claim without identity proof."""
    claim = get_object_or_404(Claim.objects.select_related("author", "claimant"), pk=pk)
    record = claim_services.may_object(claim=claim, user=request.user)
    if record is None:
        raise PermissionDenied(
            _("Only owners of records sharing works with this record can object.")
        )
    form = ObjectionForm(request.POST or None)
    status = 200
    own = claim.objections.filter(objector=request.user).first()
    is_open = claim_services.objections_open(claim) and own is None
    if request.method == "POST" and not is_open:
        status = 409  # closed (or already objected): the page says so and shows no form
    elif request.method == "POST":
        if form.is_valid():
            try:
                claim_services.claim_object(
                    claim=claim, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_error(form, error)
                status = 400
            else:
                messages.success(request, _("Your objection was sent to the moderators."))
                return redirect(claim.author.get_absolute_url())
        else:
            status = 400
    context = {
        "claim": claim,
        "record": record,
        "form": form,
        "is_open": is_open,
        "own_objection": own,
        "claimant_name": claim_services.claimant_label(claim),
    }
    return render(request, "profiles/claims/claim_object.html", context, status=status)


def claim_file(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The uploaded evidence file, for staff only, always as a download."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # The same right as the admin's claim page: staff who may view claims.
    if not (request.user.is_staff and request.user.has_perm("profiles.view_claim")):
        raise PermissionDenied(_("Only moderators can open claim evidence."))
    claim = get_object_or_404(Claim, pk=pk)
    if not claim.cv_file:
        raise Http404(_("This claim has no uploaded file."))
    response = FileResponse(
        claim.cv_file.open("rb"),
        as_attachment=True,
        filename=claim.cv_file_name or claim.cv_file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
