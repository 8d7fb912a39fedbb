"""Moderators undoing what a granted request did to a record: showing a hidden record
again, lifting "do not contact". Each is audited with its reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.choices import AuditAction
from profiles.errors import Conflict
from profiles.models import AuthorRecord
from profiles.services import audit
from profiles.services.moderation.sanctions import required_reason

# The audit action of each mark set or lifted.
MARK_ACTIONS = {
    ("hidden", True): AuditAction.RECORD_HIDDEN,
    ("hidden", False): AuditAction.RECORD_UNHIDDEN,
    ("do_not_contact", True): AuditAction.DO_NOT_CONTACT_SET,
    ("do_not_contact", False): AuditAction.DO_NOT_CONTACT_CLEARED,
}


def write_mark(record: AuthorRecord, *, field: str, value: bool, moderator, reason: str) -> None:
    """Set or lift one of a locked record's marks (`hidden`, `do_not_contact`), save it and
    audit it: the one place a granted request and its undoing write a mark."""
    updates: dict[str, object] = {field: value}
    if field == "hidden":
        updates["hidden_at"] = timezone.now() if value else None
        updates["hidden_reason"] = reason if value else ""
    for name, new in updates.items():
        setattr(record, name, new)
    record.save(update_fields=[*updates, "updated_at"])
    audit.record(
        actor=moderator,
        action=MARK_ACTIONS[(field, value)],
        target=record,
        before={field: not value},
        after={field: value},
        reason=reason,
    )


@transaction.atomic
def unhide_record(*, record: AuthorRecord, moderator, reason: str) -> AuthorRecord:
    """Show a hidden record again (its page, the API and search)."""
    reason = required_reason(reason)
    record = AuthorRecord.objects.select_for_update().get(pk=record.pk)
    if not record.hidden:
        raise Conflict(_("This record is not hidden."), code="not_hidden")
    write_mark(record, field="hidden", value=False, moderator=moderator, reason=reason)
    return record


@transaction.atomic
def clear_do_not_contact(*, record: AuthorRecord, moderator, reason: str) -> AuthorRecord:
    """Offer the follow and invite actions on the record again."""
    reason = required_reason(reason)
    record = AuthorRecord.objects.select_for_update().get(pk=record.pk)
    if not record.do_not_contact:
        raise Conflict(_("This record is not marked do not contact."), code="not_set")
    write_mark(record, field="do_not_contact", value=False, moderator=moderator, reason=reason)
    return record
