"""Shared pieces of the follows and collaboration API: record references and write throttles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import exceptions, serializers
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle

from profiles.errors import refusal


def _raise_refusal(exc: ValidationError):
    """A service refusal as an API error: 403 for who-is-asking rules, else 400."""
    code, status_code = "invalid", 400
    if not hasattr(exc, "error_dict"):
        code = exc.error_list[0].code or "invalid"
        status_code, _messages = refusal(exc)
    if status_code == 403:
        raise exceptions.PermissionDenied(
            detail=exceptions.ErrorDetail(exc.messages[0], code=code)
        ) from exc
    raise exc


class WriteThrottleMixin:
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
