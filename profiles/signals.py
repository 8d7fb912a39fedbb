"""Signal receivers of the profiles app. Kept few: rules stay in services."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="release_owned_record")
def release_record_of_deleted_user(sender, instance, **kwargs) -> None:
    """A deleted account stops owning its record: without this, SET_NULL on `owner` would
    leave a record above L1 without an owner (check constraint author_level_matches_ownership)."""
    from profiles.models import AuthorRecord
    from profiles.services.claims import release_ownership

    for author in AuthorRecord.objects.filter(owner=instance):
        release_ownership(author=author, actor=None, reason=_("owner's account was deleted"))
