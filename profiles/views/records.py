"""Public pages: home, the researcher directory and the researcher page. Views only read
through selectors and hand errors to templates; rules live in services."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from profiles.choices import VERIFICATION_MEANINGS, VerificationLevel
from profiles.forms.records import DirectorySearchForm
from profiles.markup import render_bio
from profiles.models import AuthorRecord
from profiles.pagination import CappedPaginator
from profiles.selectors import records as selectors
from profiles.selectors.graph import change_stamp
from profiles.selectors.history import history_lines, trust_history
from profiles.selectors.records import public_record
from profiles.selectors.search import attach_hit_details
from profiles.services.claims import panel_state
from profiles.services.owner import is_owner
from profiles.services.trust import band_for
from profiles.views.collaboration import collaboration_context
from profiles.views.pagination import paginate

HISTORY_ON_PAGE = 10  # the latest lines; the API pages through all of them
DEMO_SLUGS = ["chonlam-lao", "hao-wang", "maximilian-lam", "chaoyang-he"]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the product is, and the demo researchers to start from."""
    featured = list(AuthorRecord.objects.filter(slug__in=DEMO_SLUGS).select_related("affiliation"))
    featured.sort(key=lambda a: DEMO_SLUGS.index(a.slug))
    return render(request, "home.html", {"featured": featured})


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """All author records, searched (ranked by name, then works and level) and filtered,
    20 to a page; each hit shows what tells people of the same name apart."""
    form = DirectorySearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # An over-long search is answered with the error next to the field and no results.
        query, records, status = "", AuthorRecord.objects.none(), 400
        filters = selectors.SearchFilters()
    else:
        query = form.cleaned_data["q"] if form.is_bound else ""
        filters = form.filters()
        records, status = selectors.author_list(query=query, filters=filters), 200
    page = paginate(request, records, per_page=20, paginator_class=CappedPaginator)
    page.object_list = attach_hit_details(list(page.object_list))
    return render(
        request,
        "profiles/records/directory.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtering": filters != selectors.SearchFilters(),
            **selectors.filter_labels(filters),
        },
        status=status,
    )


def author_page_context(request: HttpRequest, author: AuthorRecord) -> dict:
    """Everything the researcher page shows, read with a fixed number of queries."""
    works_page = paginate(request, selectors.author_works(author=author), per_page=20)
    level = VerificationLevel(author.verification_level)
    return {
        "author": author,
        "works_page": works_page,
        "trust_band": band_for(author.trust_score),
        "level": level,
        "level_meaning": VERIFICATION_MEANINGS[level],
        "level_meanings": [(lvl, VERIFICATION_MEANINGS[lvl]) for lvl in VerificationLevel],
        "collaborators": selectors.close_collaborators(author=author),
        "cache_seconds": selectors.PROFILE_CACHE_SECONDS,
        "change_stamp": change_stamp(author),
        "is_following": selectors.is_following(user=request.user, author=author),
        "is_owner": is_owner(request.user, author),
        "claim_state": panel_state(user=request.user, author=author),
        "history": history_lines(trust_history(author=author)[:HISTORY_ON_PAGE]),
        "bio_html": render_bio(author.bio) if author.bio else "",
        **collaboration_context(request, author),
    }


@require_safe
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of one author record, in the seed page's order of sections."""
    author = public_record(selectors.author_detail_queryset(), slug=slug)
    return render(
        request, "profiles/records/author_detail.html", author_page_context(request, author)
    )
