"""A Redis cache that a Redis outage degrades to "nothing cached" instead of failing requests.

In production one Redis is both the Celery broker and this cache. With it down, enrolling,
issuing or browsing must still work from PostgreSQL: a read is a miss, a write is dropped,
a counter starts again. What that costs while Redis is away: catalog lists are built on
every request, the public forms' rate limits count nothing (they fail open), and an
invalidation lost in the outage leaves a cached list stale for at most its own timeout
(``LMS_CATALOG_CACHE_SECONDS``).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# One warning per process per interval: an outage must be visible, not flood the log.
WARN_EVERY_SECONDS = 60
_last_warning = 0.0


def _outage(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("cache unreachable, serving without it: %s", exc)


class ResilientRedisCacheClient(RedisCacheClient):
    def _errors(self) -> tuple[type[Exception], ...]:
        return (self._lib.exceptions.ConnectionError, self._lib.exceptions.TimeoutError)

    def _try(self, fallback, method, *args):
        try:
            return method(*args)
        except self._errors() as exc:
            _outage(exc)
            return fallback

    def add(self, key, value, timeout):
        return self._try(False, super().add, key, value, timeout)

    def get(self, key, default):
        return self._try(default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._try(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._try(False, super().touch, key, timeout)

    def delete(self, key):
        return self._try(False, super().delete, key)

    def get_many(self, keys):
        return self._try({}, super().get_many, keys)

    def has_key(self, key):
        return self._try(False, super().has_key, key)

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        except self._errors() as exc:
            _outage(exc)
            # What callers already handle for a key that is not there: they start a new count.
            raise ValueError(f"Key '{key}' not found (cache unreachable).") from exc

    def set_many(self, data, timeout):
        return self._try(None, super().set_many, data, timeout)

    def delete_many(self, keys):
        return self._try(None, super().delete_many, keys)

    def clear(self):
        return self._try(False, super().clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
