"""Who follows which author record."""

from django.conf import settings
from django.db import models

from profiles.models.records import AuthorRecord


class Follow(models.Model):
    """A signed-in person following an author record, claimed or not. One row per pair; the
    record's `followers_count` is kept equal to the number of rows
    (profiles/services/records.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    author = models.ForeignKey(AuthorRecord, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "author"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.author_id}"
