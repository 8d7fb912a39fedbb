"""Private file storage for claim evidence. Uploaded CVs are personal data: they live outside
MEDIA_ROOT, have no public URL, and are served only by a staff-only view."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """The storage of claim uploads (a callable, so migrations do not depend on the path)."""
    return FileSystemStorage(location=settings.CLAIMS_PRIVATE_ROOT, base_url=None)
