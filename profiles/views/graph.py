"""The research graph explorer: a record's co-authors, topics, institutions and works as a
server-rendered SVG picture and as lists (the text alternative), with no JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from profiles.layout import picture
from profiles.selectors import records as selectors
from profiles.selectors.graph import cached_graph
from profiles.selectors.records import public_record


def _hops(request: HttpRequest) -> int:
    return 1 if request.GET.get("hops") == "1" else 2


@require_safe
def author_graph(request: HttpRequest, slug: str) -> HttpResponse:
    """`/researchers/<slug>/graph/` (`?hops=1` for direct neighbours only)."""
    author = public_record(selectors.author_detail_queryset(), slug=slug)
    data = cached_graph(author=author, hops=_hops(request))
    by_kind: dict[str, list[dict]] = {}
    for node in data["nodes"][1:]:
        key = "second_hop" if node["hop"] == 2 else node["kind"]
        by_kind.setdefault(key, []).append(node)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    via = {e["target"]: labels.get(e["source"], "") for e in data["edges"]}
    for node in by_kind.get("second_hop", []):
        node["via"] = via.get(node["id"], "")
    return render(
        request,
        "profiles/records/graph.html",
        {
            "author": author,
            "graph": data,
            "picture": picture(data),
            "nodes": by_kind,
            "hops": data["hops"],
        },
    )
