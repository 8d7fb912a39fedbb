"""A profile's bio: the owner's Markdown, rendered by the site's one safe renderer
(profiles/markup.py), so it can format text and link out but never run script or load
anything."""

from __future__ import annotations

from django.utils.safestring import SafeString

from profiles.markup import render_markdown

MAX_BIO_CHARS = 5000


def render_bio(text: str) -> SafeString:
    """Safe HTML of a bio (see profiles.markup.render_markdown)."""
    return render_markdown(text)
