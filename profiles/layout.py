"""Where the research graph's nodes go: a networkx spring layout (weights pull heavy
neighbours closer), seeded so the same slice is always drawn the same way, with the record
fixed in the middle, scaled into the picture's box. Pure computation on a GraphSlice."""

from __future__ import annotations

import math

import networkx as nx

WIDTH, HEIGHT, MARGIN = 800, 560, 70
SEED = 11


def lay_out(graph) -> None:
    """Set `x` and `y` (pixels in a WIDTH x HEIGHT box) on every node of `graph`."""
    if not graph.nodes:
        return
    g = nx.Graph()
    for node in graph.nodes:
        g.add_node(node.id)
    for edge in graph.edges:
        # Heavier ties pull harder, but a 2,000-work tie must not collapse the picture.
        g.add_edge(edge.source, edge.target, weight=1 + math.log1p(edge.weight))
    center = graph.nodes[0].id
    positions = nx.spring_layout(
        g,
        seed=SEED,
        weight="weight",
        pos={center: (0.0, 0.0)},
        fixed=[center] if len(graph.nodes) > 1 else None,
        k=1.6 / math.sqrt(max(len(graph.nodes), 1)),
        iterations=80,
    )
    _scale(graph, positions)


def _scale(graph, positions) -> None:
    reach = max((max(abs(x), abs(y)) for x, y in positions.values()), default=0.0) or 1.0
    half_w, half_h = WIDTH / 2 - MARGIN, HEIGHT / 2 - MARGIN * 0.6
    for node in graph.nodes:
        x, y = positions[node.id]
        node.x = round(WIDTH / 2 + x / reach * half_w, 1)
        node.y = round(HEIGHT / 2 + y / reach * half_h, 1)


def radius(kind: str, weight: int) -> float:
    """A node's size in the picture: the record largest, others by their weight."""
    if kind == "author":
        return 22.0
    return round(7 + min(9.0, 3 * math.log1p(max(weight, 0))), 1)


KIND_ORDER = ("author", "coauthor", "institution", "topic", "work")
LABEL_CHARS = 26


def picture(data: dict) -> dict:
    """What the SVG template draws from a cached slice: lines with their end points,
    circles with their radius and a short label (the full one is the node's title)."""
    where = {n["id"]: n for n in data["nodes"]}
    lines = [
        {
            "x1": where[e["source"]]["x"],
            "y1": where[e["source"]]["y"],
            "x2": where[e["target"]]["x"],
            "y2": where[e["target"]]["y"],
            "width": round(min(6.0, 0.8 + math.log1p(e["weight"])), 1),
        }
        for e in data["edges"]
        if e["source"] in where and e["target"] in where
    ]
    circles = []
    for node in sorted(data["nodes"], key=lambda n: -KIND_ORDER.index(n["kind"])):
        label = node["label"]
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        r = radius(node["kind"], node["weight"])
        circles.append({**node, "r": r, "short": short, "label_y": round(node["y"] + r + 13, 1)})
    return {"width": WIDTH, "height": HEIGHT, "lines": lines, "circles": circles}
