"""Whether an owner is open to collaboration invitations."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from profiles.models import (
    AuthorRecord,
)
from profiles.services.collaboration.common import _refuse_not_allowed


@transaction.atomic
def set_open_to_collaborate(*, user: User, author: AuthorRecord, is_open: bool) -> AuthorRecord:
    """The owner opens or closes their record to invitations (pending ones stay answerable),
    with a history line in the same transaction."""
    from profiles.choices import ProfileEventKind
    from profiles.models import ProfileEvent

    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    if author.owner_id != user.pk:
        _refuse_not_allowed(_("Only the profile's owner can change this."), "not_owner")
    if author.open_to_collaborate != is_open:
        author.open_to_collaborate = is_open
        author.save(update_fields=["open_to_collaborate", "updated_at"])
        ProfileEvent.objects.create(
            author=author,
            kind=ProfileEventKind.EDITED,
            actor=user,
            old_value="",
            new_value="open to collaborate" if is_open else "not open to collaborate",
        )
    return author
