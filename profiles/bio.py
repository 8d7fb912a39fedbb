"""A profile's bio: Markdown rendered to HTML, then cleaned with an nh3 allow-list, so what the
owner writes can format text and link out but never run script or load anything."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
MAX_BIO_CHARS = 5000


def render_bio(text: str) -> SafeString:
    """Safe HTML of a bio. Raw HTML in the Markdown is escaped or stripped; links get
    rel="nofollow noopener ugc"; only http(s) and mailto links survive."""
    html = markdown.markdown(text or "", extensions=[], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
