"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Site name for titles and the navigation."""
    return {"SITE_NAME": settings.SITE_NAME}
