"""`/health/` (liveness: the process answers; touches neither the database nor the cache)
and `/ready/` (readiness: the database, the cache and the read replica if there is one each
answer; 503 when one does not)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from config import db_routers
from config.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _replica() -> None:
    with connections[db_routers.REPLICA].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    healthy = getattr(cache, "healthy", None)  # config.cache.FailOpenRedisCache
    if healthy is not None:
        if not healthy():
            raise ConnectionError("Redis does not answer; serving from the per-process cache")
        return
    cache.set("ready-probe", "1", 10)
    if cache.get("ready-probe") != "1":
        raise ConnectionError("the cache does not keep what it is given")


def _probe(check: Callable[[], None]) -> dict:
    started = time.monotonic()
    try:
        check()
    except (DatabaseError, ConnectionError, OSError) as error:
        return {
            "ok": False,
            "error": str(error).strip().splitlines()[0][:200]
            if str(error)
            else type(error).__name__,
        }
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _probe(_database), "cache": _probe(_cache)}
    if db_routers.replica_in_use():  # reads go there: it is as needed as the primary
        checks["replica"] = _probe(_replica)
    ok = all(c["ok"] for c in checks.values())
    response = JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks})
    if not ok:
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
