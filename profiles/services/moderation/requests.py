"""Requests to the moderators (issue "Moderation console", items 2, 4 and 5): anyone may ask
that an unclaimed record be hidden or marked "do not contact", or write to the moderators
with the context of a refusal (a record, a claim, a report); an owner or claimant may ask
for a merge or a correction. Requests wait in one queue (the admin's list, the dashboard);
a moderator grants or declines each with a reason, the effect is applied in the same
transaction, the audit trail records the request and its outcome, and the requester is
emailed the decision."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles import tasks
from profiles.choices import AuditAction, ClaimStatus, RequestKind, RequestState
from profiles.errors import Conflict, Invalid, NotAllowed
from profiles.models import AuthorRecord, Claim, ModerationRequest, Report
from profiles.models.requests import MESSAGE_MAX_LENGTH
from profiles.services import audit
from profiles.services.moderation.marks import write_mark
from profiles.services.moderation.sanctions import required_reason

RECORD_KINDS = {RequestKind.HIDE, RequestKind.DO_NOT_CONTACT}  # unclaimed records only
OWNER_KINDS = {RequestKind.MERGE, RequestKind.CORRECTION}  # owners and claimants only
MESSAGE_REQUIRED_KINDS = {RequestKind.CORRECTION, RequestKind.CONTACT}

RECORD_CLAIMED = "record_claimed"
NOT_OWNER_OR_CLAIMANT = "not_owner_or_claimant"
NOT_OPEN = "not_open"


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _clean_email(*, requester, email: str) -> str:
    """The address the answer goes to: the account's own, else the one given (required)."""
    if _signed_in(requester):
        return requester.email
    email = (email or "").strip()
    if not email:
        raise Invalid(
            _("Give an email address, so the moderators can answer you."),
            code="email_required",
            field="email",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            _("Enter a valid email address."), code="invalid_email", field="email"
        ) from None
    return email.lower()


def _clean_message(kind: str, message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise Invalid(
            _("Write at most %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH},
            code="max_length",
            field="message",
        )
    if not message and kind in MESSAGE_REQUIRED_KINDS:
        raise Invalid(_("Say what you ask the moderators."), code="required", field="message")
    return message


def is_owner_or_claimant(user, record: AuthorRecord | None) -> bool:
    """Whether `user` owns the record or has a pending claim on it."""
    if record is None or not _signed_in(user):
        return False
    if record.owner_id == user.pk:
        return True
    return Claim.objects.filter(
        claimant=user, author_id=record.pk, status=ClaimStatus.PENDING
    ).exists()


def _check_record_kind(kind: str, record: AuthorRecord | None) -> None:
    """Hide and "do not contact" are asked about an unclaimed record not already so."""
    if record is None:
        raise Invalid(_("Name the record this is about."), code="record_required", field="record")
    if record.owner_id is not None:
        raise Conflict(
            _(
                "This record has been claimed: its owner decides what it shows and whether "
                "people may contact them."
            ),
            code=RECORD_CLAIMED,
        )
    if kind == RequestKind.HIDE and record.hidden:
        raise Conflict(_("This record is already hidden."), code="already_hidden")
    if kind == RequestKind.DO_NOT_CONTACT and record.do_not_contact:
        raise Conflict(_("This record is already marked do not contact."), code="already_set")


def _check_owner_kind(kind: str, *, requester, record, other_record) -> None:
    """Merges and corrections are asked by the owner or a claimant of the record (for a
    merge: of either record)."""
    if record is None:
        raise Invalid(_("Name the record this is about."), code="record_required", field="record")
    if not _signed_in(requester):
        raise NotAllowed(_("Sign in to ask for this."), code="sign_in_required")
    concerned = [record]
    if kind == RequestKind.MERGE:
        if other_record is None:
            raise Invalid(
                _("Name the other record (its address or its id)."),
                code="other_record_required",
                field="other_record",
            )
        if other_record.pk == record.pk:
            raise Invalid(
                _("Name another record than this one."), code="same_record", field="other_record"
            )
        concerned.append(other_record)
    if not any(is_owner_or_claimant(requester, r) for r in concerned):
        raise NotAllowed(
            _("Only the record's owner or someone with a claim on it can ask for this."),
            code=NOT_OWNER_OR_CLAIMANT,
        )


def check_context(*, requester, claim: Claim | None, report: Report | None) -> None:
    """A claim or a report attached as context must be the requester's own (the contact
    page asks this before showing the context, submit_request again)."""
    user_id = requester.pk if _signed_in(requester) else None
    if claim is not None and (user_id is None or claim.claimant_id != user_id):
        raise NotAllowed(_("You can only attach your own claim."), code="not_your_claim")
    if report is not None and (user_id is None or report.reporter_id != user_id):
        raise NotAllowed(_("You can only attach your own report."), code="not_your_report")


def _fingerprint(*, kind, record, other_record, claim, report, requester, email, message) -> str:
    parts = [
        kind,
        *(str(obj.pk) if obj is not None else "" for obj in (record, other_record, claim, report)),
        f"user-{requester.pk}" if _signed_in(requester) else email,
        " ".join(message.split()).lower(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _create(fields: dict) -> tuple[ModerationRequest, bool]:
    """The new open request, or the identical one already open (also when it was made at
    the same moment by a concurrent submission: the unique open fingerprint decides)."""
    existing = ModerationRequest.objects.filter(
        fingerprint=fields["fingerprint"], state=RequestState.OPEN
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return ModerationRequest.objects.create(**fields), True
    except IntegrityError:
        return ModerationRequest.objects.get(
            fingerprint=fields["fingerprint"], state=RequestState.OPEN
        ), False


@transaction.atomic
def submit_request(
    *,
    kind: str,
    requester=None,
    email: str = "",
    message: str = "",
    record: AuthorRecord | None = None,
    other_record: AuthorRecord | None = None,
    claim: Claim | None = None,
    report: Report | None = None,
) -> tuple[ModerationRequest, bool]:
    """Put a request in the moderators' queue. Returns it and whether it is new: an
    identical open request (same kind, context, requester and words) is returned instead of
    a second one. Rate limits are counted by the page or the API before this is called
    (profiles.ratelimits.moderation_request_wait)."""
    if kind not in RequestKind.values:
        raise Invalid(_("Choose what you ask for."), code="invalid_kind", field="kind")
    requester = requester if _signed_in(requester) else None
    email = _clean_email(requester=requester, email=email)
    message = _clean_message(kind, message)
    if kind in RECORD_KINDS:
        _check_record_kind(kind, record)
    elif kind in OWNER_KINDS:
        _check_owner_kind(kind, requester=requester, record=record, other_record=other_record)
    if kind != RequestKind.MERGE:
        other_record = None
    check_context(requester=requester, claim=claim, report=report)
    context = {
        "kind": kind,
        "record": record,
        "other_record": other_record,
        "claim": claim,
        "report": report,
    }
    request, created = _create(
        {
            **context,
            "requester": requester,
            "email": email,
            "message": message,
            "fingerprint": _fingerprint(
                **context, requester=requester, email=email, message=message
            ),
        }
    )
    if created:
        audit.record(
            actor=requester,
            actor_repr=email,
            action=AuditAction.REQUEST_SUBMITTED,
            target=request,
            after=_summary(request),
            reason=message,
        )
    return request, created


def _summary(request: ModerationRequest) -> dict:
    return {
        "kind": request.kind,
        "state": request.state,
        "record": request.record_id,
        "other_record": request.other_record_id,
        "claim": request.claim_id,
        "report": request.report_id,
    }


# --- Decisions -------------------------------------------------------------------------------


def _locked_open(request: ModerationRequest) -> ModerationRequest:
    request = ModerationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.OPEN:
        raise Conflict(
            _("This request was already decided (%(state)s).")
            % {"state": request.get_state_display()},
            code=NOT_OPEN,
        )
    return request


def _locked_record(request: ModerationRequest) -> AuthorRecord:
    """The request's record, read fresh (it may have been deleted since) and locked."""
    record_id = (
        ModerationRequest.objects.filter(pk=request.pk).values_list("record_id", flat=True).first()
    )
    record = None
    if record_id is not None:
        record = AuthorRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        raise Conflict(_("The record of this request no longer exists."), code="record_gone")
    return record


def _apply_hide(record: AuthorRecord, *, moderator, reason: str) -> dict:
    if record.owner_id is not None:
        raise Conflict(
            _("The record was claimed since the request: decline it, or ask the owner."),
            code=RECORD_CLAIMED,
        )
    if not record.hidden:
        write_mark(record, field="hidden", value=True, moderator=moderator, reason=reason)
    return {"hidden": True}


def _apply_do_not_contact(record: AuthorRecord, *, moderator, reason: str) -> dict:
    if not record.do_not_contact:
        write_mark(record, field="do_not_contact", value=True, moderator=moderator, reason=reason)
    return {"do_not_contact": True}


def _decide(*, request, moderator, reason: str, state: str) -> ModerationRequest:
    """Lock the open request, apply a granted hide or "do not contact" to its record (a
    merge, a correction or a message is carried out by the moderator with the admin's
    tools; granting says it was), record the decision, tell the requester."""
    reason = required_reason(reason)
    # The record, then the request: the order other services lock records in first.
    applies = state == RequestState.GRANTED and request.kind in RECORD_KINDS
    record = _locked_record(request) if applies else None
    request = _locked_open(request)
    effect: dict = {}
    if record is not None and request.kind == RequestKind.HIDE:
        effect = _apply_hide(record, moderator=moderator, reason=reason)
    elif record is not None:
        effect = _apply_do_not_contact(record, moderator=moderator, reason=reason)
    before = _summary(request)
    request.state = state
    request.decided_by = moderator
    request.decided_by_repr = moderator.email
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(
        update_fields=["state", "decided_by", "decided_by_repr", "decided_at", "decision_reason"]
    )
    audit.record(
        actor=moderator,
        action=(
            AuditAction.REQUEST_GRANTED
            if state == RequestState.GRANTED
            else AuditAction.REQUEST_DECLINED
        ),
        target=request,
        before=before,
        after={**_summary(request), **effect},
        reason=reason,
    )
    _tell_requester(request)
    return request


def grant_request(*, request: ModerationRequest, moderator, reason: str) -> ModerationRequest:
    """Grant an open request with the reason the requester is told."""
    with transaction.atomic():
        return _decide(request=request, moderator=moderator, reason=reason, state="granted")


def decline_request(*, request: ModerationRequest, moderator, reason: str) -> ModerationRequest:
    """Decline an open request with the reason the requester is told."""
    with transaction.atomic():
        return _decide(request=request, moderator=moderator, reason=reason, state="declined")


def _tell_requester(request: ModerationRequest) -> None:
    """Email the decision and its reason to the requester, once the decision commits."""
    if not request.email:
        return
    body = render_to_string(
        "email/request_decided.txt",
        {"request": request, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL},
    )
    subject = _("Your request to the moderators was %(state)s") % {
        "state": request.get_state_display()
    }
    tasks.queue_email(
        EmailMessage(subject=f"[{settings.SITE_NAME}] {subject}", body=body, to=[request.email])
    )
