"""The shape of `GET /api/v1/authors/{id}/graph/` (the slice of profiles/selectors/graph.py
with its server-side layout, the same data the explorer page draws)."""

from __future__ import annotations

from rest_framework import serializers


class GraphNodeSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text="`author:<id>` for a record, `name:<printed name>` for a co-author with no "
        "record, `topic:<id>`, `institution:<id>`, `work:<id>`."
    )
    kind = serializers.ChoiceField(choices=["author", "coauthor", "topic", "institution", "work"])
    # Stub gap: DRF's serializer metaclass takes declared fields off the class, so `label` and
    # `source` never replace Field's attributes; the stubs see class attributes of another type.
    label = serializers.CharField()  # type: ignore[assignment]  # stub gap, see above
    weight = serializers.IntegerField(
        help_text="Co-authors: shared works; topics: works with the topic; institutions: "
        "works printed with it; the record: its works."
    )
    url = serializers.CharField(help_text="The node's page (empty for a printed name).")
    hop = serializers.IntegerField(help_text="0 for the record, 1 or 2 hops away.")
    detail = serializers.CharField(help_text="A work's year; `affiliation` for the record's own.")
    x = serializers.FloatField(help_text="Layout position in the picture, in pixels.")
    y = serializers.FloatField()


class GraphEdgeSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]  # stub gap, see GraphNode
    target = serializers.CharField()
    weight = serializers.IntegerField()


class GraphTotalsSerializer(serializers.Serializer):
    coauthors = serializers.IntegerField(help_text="All distinct co-authors, shown or not.")
    topics = serializers.IntegerField()
    works = serializers.IntegerField()


class GraphSerializer(serializers.Serializer):
    author_id = serializers.IntegerField()
    hops = serializers.IntegerField()
    nodes = GraphNodeSerializer(many=True, help_text="The record first; capped by weight.")
    edges = GraphEdgeSerializer(many=True)
    totals = GraphTotalsSerializer()
