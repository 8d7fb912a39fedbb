"""One paginator for every HTML list: a bad or negative page number is a 404, not a 500."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(
    request,
    object_list,
    *,
    per_page: int = 20,
    param: str = "page",
    paginator_class: type[Paginator] = Paginator,
) -> Page:
    """The requested page of `object_list`. Missing means page 1; anything that is not a
    page that exists raises Http404 with a message saying why."""
    paginator = paginator_class(object_list, per_page)
    raw = request.GET.get(param) or "1"
    try:
        return paginator.page(raw)
    except PageNotAnInteger as exc:
        raise Http404(_("Page numbers are whole numbers from 1.")) from exc
    except EmptyPage as exc:
        raise Http404(_("There is no page %(page)s.") % {"page": raw[:20]}) from exc
