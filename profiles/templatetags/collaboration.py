"""`{{ text|markdown }}`: user Markdown through the safe renderer (profiles/markup.py)."""

from django import template

from profiles.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.inclusion_tag("profiles/collaboration/_following_feed.html", takes_context=True)
def following_feed(context):
    """The signed-in person's following feed, paginated with `?feed=` (fixed query count)."""
    from profiles.selectors.collaboration import feed_rows, hydrate_feed
    from profiles.views.pagination import paginate

    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"show": False}
    page = paginate(request, feed_rows(user), per_page=15, param="feed")
    return {
        "show": True,
        "request": request,
        "page": page,
        "items": hydrate_feed(page.object_list),
    }
