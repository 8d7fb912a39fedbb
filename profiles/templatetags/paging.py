"""`{% page_query 3 %}`: the current query string with the page number replaced."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number: int, param: str = "page") -> str:
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
