"""Pages that send requests to the moderators: about an unclaimed record (hide it, do not
contact), from an owner or claimant (merge, correction), and the "Contact the moderators"
page every refusal links to, with its context (record, claim, report). They all call
profiles.services.moderation.requests.submit_request and end on one confirmation page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from profiles.choices import RequestKind
from profiles.errors import NotFound, ServiceError
from profiles.forms.errors import add_service_error
from profiles.forms.requests import ContactForm, OwnerRequestForm, RecordRequestForm
from profiles.identifiers import parse_row_id
from profiles.models import AuthorRecord, Claim, Report
from profiles.ratelimits import moderation_request_wait
from profiles.selectors.records import public_record
from profiles.services.moderation import requests as svc

TOO_MANY = _("Too many requests from here in an hour; try again later.")
CONTEXT_PARAMS = ("record", "claim", "report")


def _anonymous(request: HttpRequest) -> bool:
    return not request.user.is_authenticated


def _submit(request: HttpRequest, form, **values) -> HttpResponse | None:
    """Count the rate limit (people not signed in), call the service, and go to the
    confirmation page; None with the errors on the form when refused."""
    email = form.cleaned_data.get("email", "")
    if _anonymous(request) and moderation_request_wait(request, email=email) is not None:
        form.add_error(None, TOO_MANY)
        form.status = 429
        return None
    try:
        svc.submit_request(
            requester=request.user,
            email=email,
            message=form.cleaned_data.get("message", ""),
            **values,
        )
    except ValidationError as error:
        add_service_error(form, error)
        form.status = getattr(error, "status", 400)
        return None
    return redirect("profiles:moderators-done")


def _render(request: HttpRequest, template: str, form, context: dict) -> HttpResponse:
    status = getattr(form, "status", 400) if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def record_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone, signed in or not (then with an address to answer), asks that an unclaimed
    record be hidden or marked "do not contact"."""
    author = public_record(AuthorRecord, slug=slug)
    form = RecordRequestForm(request.POST or None, anonymous=_anonymous(request))
    if request.method == "POST" and form.is_valid():
        done = _submit(request, form, kind=form.cleaned_data["kind"], record=author)
        if done is not None:
            return done
    return _render(request, "profiles/requests/record_request.html", form, {"author": author})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def owner_request(request: HttpRequest, slug: str) -> HttpResponse:
    """The record's owner or a claimant asks for a merge with another record or a
    correction."""
    author = public_record(AuthorRecord, slug=slug)
    initial = {}
    other = parse_row_id(request.GET.get("other"))
    if other:
        initial = {"kind": RequestKind.MERGE, "other_record": str(other)}
    form = OwnerRequestForm(request.POST or None, anonymous=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = _submit(
            request,
            form,
            kind=values["kind"],
            record=author,
            other_record=values.get("other_record"),
        )
        if done is not None:
            return done
    return _render(request, "profiles/requests/owner_request.html", form, {"author": author})


def _context_objects(request: HttpRequest, params) -> dict:
    """The record, claim and report a refusal attached (`?record=<id>&claim=<id>&report=
    <id>`): each must exist, and a claim or report must be the visitor's own (the service's
    rule). Raises a ServiceError otherwise."""
    found: dict = {}
    for name, model in (("record", AuthorRecord), ("claim", Claim), ("report", Report)):
        raw = params.get(name)
        if not raw:
            continue
        obj = model.objects.filter(pk=parse_row_id(raw) or 0).first()
        if obj is None:
            raise NotFound(
                _("The %(what)s this message is about does not exist.") % {"what": name},
                code=f"{name}_not_found",
            )
        found[name] = obj
    svc.check_context(requester=request.user, claim=found.get("claim"), report=found.get("report"))
    return found


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Write to the moderators, with the context of the page that sent you here."""
    params = request.POST if request.method == "POST" else request.GET
    form = ContactForm(request.POST or None, anonymous=_anonymous(request))
    try:
        context = _context_objects(request, params)
    except ServiceError as error:
        page = {"form": form, "ctx": {}, "context_error": error.message}
        return render(request, "profiles/requests/contact.html", page, status=error.status)
    if request.method == "POST" and form.is_valid():
        done = _submit(request, form, kind=RequestKind.CONTACT, **context)
        if done is not None:
            return done
    return _render(request, "profiles/requests/contact.html", form, {"ctx": context})


@require_safe
def done(request: HttpRequest) -> HttpResponse:
    """After a request: what happens next."""
    return render(request, "profiles/requests/done.html")
