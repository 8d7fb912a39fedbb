"""Old addresses of merged records (profiles/services/moderation/merges.py) answer 301 to
the record they were merged into: the researcher page and its sub-pages by slug, the API's
`/api/v1/authors/{id}/...` by id. Only GET and HEAD, only where the view answered 404, so a
live record's page costs no query more."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

from profiles.selectors.records import merged_record


def _moved_kwargs(request: HttpRequest) -> dict | None:
    """The route's arguments with the survivor in place of the merged record, or None."""
    match = request.resolver_match
    if match is None:
        return None
    kwargs = dict(match.kwargs)
    if match.namespace == "profiles" and kwargs.get("slug"):
        target = merged_record(slug=str(kwargs["slug"]))
        if target is not None:
            return {**kwargs, "slug": target.slug}
    elif (
        match.namespace == "api"
        and (match.url_name or "").startswith("author-")
        and kwargs.get("pk")
    ):
        try:
            old_id = int(kwargs["pk"])
        except ValueError:
            return None
        target = merged_record(pk=old_id)
        if target is not None:
            return {**kwargs, "pk": target.pk}
    return None


def moved_location(request: HttpRequest) -> str | None:
    """Where a merged record's address now is, with the query string kept, or None."""
    kwargs = _moved_kwargs(request)
    if kwargs is None or request.resolver_match is None:
        return None
    try:
        url = reverse(request.resolver_match.view_name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


class MergedRecordRedirect:
    """Turns a 404 on a merged record's address into a 301 to the survivor's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            location = moved_location(request)
            if location is not None:
                return HttpResponsePermanentRedirect(location)
        return response
