"""A Redis cache that fails open: while Redis cannot be reached, every operation goes to a
per-process memory cache instead (logged loudly, at most every LOG_EVERY seconds), so rate
limits, allauth's limiter and cached reads keep working, counted per process, and the site
keeps serving; once Redis answers again it is used again, without a restart.

    CACHES = {"default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": ...}}
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAULTS = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 30.0
# Give up on an unreachable Redis quickly (the connection options Django passes to redis-py).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class FailOpenRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self.fallback = LocMemCache(f"fail-open-{id(self)}", params)
        self._last_logged = 0.0

    def _fail_open(self, name: str, error: Exception) -> Any:
        now = time.monotonic()
        if now - self._last_logged > LOG_EVERY:
            self._last_logged = now
            logger.error(
                "Redis unreachable (%s); the cache, rate limits included, now counts per "
                "process until it answers again",
                error,
            )
        return getattr(self.fallback, name)

    def healthy(self) -> bool:
        """Whether Redis answers a PING now."""
        try:
            client = self._cache.get_client(write=True)  # type: ignore[attr-defined]  # stub gap: RedisCache._cache
            return bool(client.ping())
        except FAULTS:
            return False


def _failing_open(name: str) -> Any:
    def method(self: FailOpenRedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except FAULTS as error:
            return self._fail_open(name, error)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or the per-process cache's while Redis is down."
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FailOpenRedisCache, _name, _failing_open(_name))
