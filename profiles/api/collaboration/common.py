"""Shared pieces of the follows and collaboration API: record references and write throttles."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView


class WriteThrottleMixin(APIView):
    """Writes (invitations, answers, messages, blocks) share the `collab_write` burst limit."""

    def get_throttles(self):
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.throttle_scope = "collab_write"
            return [UserRateThrottle(), ScopedRateThrottle()]
        return super().get_throttles()


# --- Shared pieces ----------------------------------------------------------------------


class RecordRefSerializer(serializers.Serializer):
    """A person as others see them: their public record, never their email."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    slug = serializers.CharField()


def _record(record) -> dict | None:
    if record is None:
        return None
    return {"id": record.pk, "display_name": record.display_name, "slug": record.slug}
