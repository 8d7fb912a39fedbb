"""The research graph of one record: a bounded slice of co-authors (weighted by shared
works), topics, institutions and works, one or two hops out, for the explorer page, its
picture and `GET /api/v1/authors/{id}/graph/`.

Every read is an indexed, capped query whose cost follows the record's own works, never the
size of the database, and the number of queries is fixed: the co-author counts are grouped
in SQL (`GROUP BY author_id` / `raw_name` over the record's work ids) and only the heaviest
`MAX_*` of each kind are kept; the second hop asks the same of the `SECOND_HOP_FROM`
heaviest linked co-authors, `SECOND_HOP_EACH` each. The layout is computed on the server
(profiles/layout.py) and cached with the slice (`cached_graph`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db.models import Case, Count, F, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from profiles.models import AuthorRecord, Authorship, AuthorTopic, Work

MAX_COAUTHORS = 12
MAX_UNLINKED = 4  # of those 12, printed names with no record at most this many
MAX_TOPICS = 6
MAX_INSTITUTIONS = 4
MAX_WORKS = 8
SECOND_HOP_FROM = 4
SECOND_HOP_EACH = 3

AUTHOR, COAUTHOR, TOPIC, INSTITUTION, WORK = "author", "coauthor", "topic", "institution", "work"


@dataclass
class Node:
    id: str
    kind: str
    label: str
    weight: int
    url: str
    hop: int
    detail: str = ""
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    weight: int


@dataclass
class GraphSlice:
    author_id: int
    hops: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str, hop: int | None = None) -> list[Node]:
        return [n for n in self.nodes if n.kind == kind and (hop is None or n.hop == hop)]

    def as_dict(self) -> dict:
        return asdict(self)

    def labels(self) -> dict[str, str]:
        return {n.id: n.label for n in self.nodes}


def visible_work_ids(author: AuthorRecord) -> QuerySet:
    return Authorship.objects.filter(author=author, is_hidden=False).values("work_id")


def linked_coauthors(work_ids: QuerySet, exclude: list[int], limit: int) -> list[dict]:
    return list(
        Authorship.objects.filter(work_id__in=work_ids, author__isnull=False)
        .exclude(author_id__in=exclude)
        .exclude(author__hidden=True)  # a hidden record is no one's neighbour
        .values("author_id", "author__display_name", "author__slug")
        .annotate(shared=Count("work_id", distinct=True))
        .order_by("-shared", "author__display_name", "author_id")[:limit]
    )


def unlinked_coauthors(work_ids: QuerySet, limit: int) -> list[dict]:
    return list(
        Authorship.objects.filter(work_id__in=work_ids, author__isnull=True)
        .values("raw_name")
        .annotate(shared=Count("work_id", distinct=True))
        .order_by("-shared", "raw_name")[:limit]
    )


def coauthor_weights(work_ids: QuerySet, exclude: int, limit: int) -> list[dict]:
    """The heaviest co-authors on `work_ids`, linked records and printed names together, in
    one grouped query: rows of `author_id` (None for a name), `name`, `slug`, `shared`."""
    name_key = Case(When(author__isnull=True, then=F("raw_name")), default=Value(""))
    return list(
        Authorship.objects.filter(work_id__in=work_ids)
        .exclude(author_id=exclude)
        .exclude(author__hidden=True)  # printed names (no record) stay
        .annotate(name_key=name_key, name=Coalesce("author__display_name", "raw_name"))
        .values("author_id", "name_key", "name", "author__slug")
        .annotate(shared=Count("work_id", distinct=True))
        .order_by("-shared", F("author_id").asc(nulls_last=True), "name", "author_id")[:limit]
    )


def _directory(**params: int) -> str:
    key, value = next(iter(params.items()))
    return f"{reverse('profiles:directory')}?{key}={value}"


def _add_coauthors(graph: GraphSlice, author: AuthorRecord, work_ids: QuerySet) -> list[int]:
    center = f"{AUTHOR}:{author.pk}"
    linked = linked_coauthors(work_ids, [author.pk], MAX_COAUTHORS)
    unlinked = unlinked_coauthors(work_ids, MAX_UNLINKED)
    rows = [(r["shared"], False, r) for r in linked] + [(r["shared"], True, r) for r in unlinked]
    rows.sort(key=lambda row: (-row[0], row[1]))
    linked_ids = []
    for shared, is_name, row in rows[:MAX_COAUTHORS]:
        if is_name:
            node_id, label, url = f"name:{row['raw_name']}", row["raw_name"], ""
        else:
            node_id, label = f"{AUTHOR}:{row['author_id']}", row["author__display_name"]
            url = reverse("profiles:detail", kwargs={"slug": row["author__slug"]})
            linked_ids.append(row["author_id"])
        graph.nodes.append(Node(node_id, COAUTHOR, label, shared, url, hop=1))
        graph.edges.append(Edge(center, node_id, shared))
    graph.totals["coauthors"] = author.collaborators_count
    return linked_ids


def _add_second_hop(graph: GraphSlice, author: AuthorRecord, linked_ids: list[int]) -> None:
    shown = {author.pk, *linked_ids}
    for coauthor_id in linked_ids[:SECOND_HOP_FROM]:
        theirs = Authorship.objects.filter(author_id=coauthor_id, is_hidden=False).values("work_id")
        for row in linked_coauthors(theirs, sorted(shown), SECOND_HOP_EACH):
            node_id = f"{AUTHOR}:{row['author_id']}"
            shown.add(row["author_id"])
            url = reverse("profiles:detail", kwargs={"slug": row["author__slug"]})
            label = row["author__display_name"]
            graph.nodes.append(Node(node_id, COAUTHOR, label, row["shared"], url, hop=2))
            graph.edges.append(Edge(f"{AUTHOR}:{coauthor_id}", node_id, row["shared"]))


def _add_topics(graph: GraphSlice, author: AuthorRecord) -> None:
    center = f"{AUTHOR}:{author.pk}"
    rows = (
        AuthorTopic.objects.filter(author=author)
        .order_by("-works_count", "topic__name")
        .values("topic_id", "topic__name", "works_count")[:MAX_TOPICS]
    )
    for row in rows:
        node_id = f"{TOPIC}:{row['topic_id']}"
        url = _directory(topic=row["topic_id"])
        graph.nodes.append(Node(node_id, TOPIC, row["topic__name"], row["works_count"], url, hop=1))
        graph.edges.append(Edge(center, node_id, row["works_count"]))
    graph.totals["topics"] = author.topics_count


def _add_institutions(graph: GraphSlice, author: AuthorRecord, work_ids: QuerySet) -> None:
    """The affiliation, then the institutions printed on the record's own author slots."""
    center = f"{AUTHOR}:{author.pk}"
    counts: dict[int, tuple[str, int]] = {}
    rows = (
        Authorship.institutions.through.objects.filter(
            authorship__author=author, authorship__is_hidden=False
        )
        .values("institution_id", "institution__name")
        .annotate(n=Count("authorship__work_id", distinct=True))
        .order_by("-n", "institution__name")[:MAX_INSTITUTIONS]
    )
    for row in rows:
        counts[row["institution_id"]] = (row["institution__name"], row["n"])
    if author.affiliation_id is not None and author.affiliation is not None:
        name, n = counts.pop(author.affiliation_id, (author.affiliation.name, 0))
        counts = {author.affiliation_id: (name, max(n, 1)), **counts}
    for inst_id, (name, n) in list(counts.items())[:MAX_INSTITUTIONS]:
        node_id = f"{INSTITUTION}:{inst_id}"
        detail = "affiliation" if inst_id == author.affiliation_id else ""
        graph.nodes.append(
            Node(node_id, INSTITUTION, name, n, _directory(institution=inst_id), 1, detail)
        )
        graph.edges.append(Edge(center, node_id, n))


def _add_works(graph: GraphSlice, author: AuthorRecord) -> None:
    """The newest works, each linked to the co-authors already in the picture."""
    from profiles.mathtext import plain_text

    center = f"{AUTHOR}:{author.pk}"
    works = list(
        Work.objects.filter(authorships__author=author, authorships__is_hidden=False)
        .order_by(F("year").desc(nulls_last=True), "-id")
        .only("id", "title", "year", "doi")[:MAX_WORKS]
    )
    page = reverse("profiles:detail", kwargs={"slug": author.slug})
    for work in works:
        node_id = f"{WORK}:{work.pk}"
        url = f"https://doi.org/{work.doi}" if work.doi else f"{page}#work-{work.pk}"
        year = str(work.year) if work.year else ""
        graph.nodes.append(Node(node_id, WORK, plain_text(work.title), 1, url, 1, year))
        graph.edges.append(Edge(center, node_id, 1))
    shown = {n.id for n in graph.of_kind(COAUTHOR, hop=1)}
    slots = Authorship.objects.filter(work__in=[w.pk for w in works]).exclude(author=author)
    for work_id, author_id, raw_name in slots.values_list("work_id", "author_id", "raw_name"):
        other = f"{AUTHOR}:{author_id}" if author_id else f"name:{raw_name}"
        if other in shown:
            graph.edges.append(Edge(f"{WORK}:{work_id}", other, 1))
    graph.totals["works"] = author.works_count


def graph_slice(*, author: AuthorRecord, hops: int = 2) -> GraphSlice:
    """The record's neighbourhood, capped by weight (see the module's docstring)."""
    hops = 2 if hops >= 2 else 1
    graph = GraphSlice(author_id=author.pk, hops=hops)
    center = Node(
        f"{AUTHOR}:{author.pk}",
        AUTHOR,
        author.display_name,
        author.works_count,
        author.get_absolute_url(),
        hop=0,
    )
    graph.nodes.append(center)
    work_ids = visible_work_ids(author)
    linked_ids = _add_coauthors(graph, author, work_ids)
    if hops == 2:
        _add_second_hop(graph, author, linked_ids)
    _add_topics(graph, author)
    _add_institutions(graph, author, work_ids)
    _add_works(graph, author)
    return graph


GRAPH_CACHE_SECONDS = 6 * 60 * 60


def change_stamp(author: AuthorRecord) -> int:
    """The record's last change in milliseconds, for cache keys: `updated_at` moves whenever
    its works or counters do."""
    return int(author.updated_at.timestamp() * 1000) if author.updated_at else 0


def cached_graph(*, author: AuthorRecord, hops: int = 2) -> dict:
    """The slice with its layout, as the API returns it and the page draws it. Cached per
    record, number of hops and the record's last change (`updated_at` moves whenever its
    works or counters do), so a hit costs no query."""
    from django.core.cache import cache

    from profiles.layout import lay_out

    hops = 2 if hops >= 2 else 1
    key = f"graph:v1:{author.pk}:{hops}:{change_stamp(author)}"
    data = cache.get(key)
    if data is None:
        graph = graph_slice(author=author, hops=hops)
        lay_out(graph)
        data = graph.as_dict()
        cache.set(key, data, GRAPH_CACHE_SECONDS)
    return data
