"""User-written Markdown, rendered safely: Markdown turns text into HTML, then nh3 keeps only
an allow-list of tags and attributes (no raw HTML, scripts, styles or event handlers survive)."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """HTML for a user's Markdown; links get rel="nofollow noopener noreferrer"."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything not allow-listed


MAX_BIO_CHARS = 5000


def render_bio(text: str) -> SafeString:
    """Safe HTML of a profile's bio: the owner's Markdown through the one renderer above."""
    return render_markdown(text)
