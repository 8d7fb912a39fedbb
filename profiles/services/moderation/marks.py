"""Moderators undoing what a granted request did to a record: showing a hidden record
again, lifting "do not contact". Each is audited with its reason."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from profiles.choices import AuditAction
from profiles.errors import Conflict
from profiles.models import AuthorRecord
from profiles.services import audit
from profiles.services.moderation.sanctions import required_reason


@transaction.atomic
def unhide_record(*, record: AuthorRecord, moderator, reason: str) -> AuthorRecord:
    """Show a hidden record again (its page, the API and search)."""
    reason = required_reason(reason)
    record = AuthorRecord.objects.select_for_update().get(pk=record.pk)
    if not record.hidden:
        raise Conflict(_("This record is not hidden."), code="not_hidden")
    record.hidden, record.hidden_at, record.hidden_reason = False, None, ""
    record.save(update_fields=["hidden", "hidden_at", "hidden_reason", "updated_at"])
    audit.record(
        actor=moderator,
        action=AuditAction.RECORD_UNHIDDEN,
        target=record,
        before={"hidden": True},
        after={"hidden": False},
        reason=reason,
    )
    return record


@transaction.atomic
def clear_do_not_contact(*, record: AuthorRecord, moderator, reason: str) -> AuthorRecord:
    """Offer the follow and invite actions on the record again."""
    reason = required_reason(reason)
    record = AuthorRecord.objects.select_for_update().get(pk=record.pk)
    if not record.do_not_contact:
        raise Conflict(_("This record is not marked do not contact."), code="not_set")
    record.do_not_contact = False
    record.save(update_fields=["do_not_contact", "updated_at"])
    audit.record(
        actor=moderator,
        action=AuditAction.DO_NOT_CONTACT_CLEARED,
        target=record,
        before={"do_not_contact": True},
        after={"do_not_contact": False},
        reason=reason,
    )
    return record
