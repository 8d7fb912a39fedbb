"""System checks run by `manage.py check --deploy`: settings that are legal but wrong in
production."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104 - names, not a bind


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Every email's links start with SITE_URL: on localhost or over plain HTTP they point
    nowhere (or nowhere safe) for the people who receive them."""
    url = urlsplit(getattr(settings, "SITE_URL", "") or "")
    host = (url.hostname or "").lower()
    problems = []
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        problems.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL!r}) points to this machine; links in emails "
                "will not work for their recipients.",
                hint="Set SITE_URL to the public address, e.g. https://profiles.example.org.",
                id="profiles.W001",
            )
        )
    elif url.scheme != "https":
        problems.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL!r}) is not HTTPS.",
                hint="Links in emails carry sign-in and unsubscribe tokens; serve them over HTTPS.",
                id="profiles.W002",
            )
        )
    return problems
