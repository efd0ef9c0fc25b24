"""Counting a public client's submissions without keeping who the client is.

The counter's cache key is an HMAC of the client's address under SECRET_KEY: the
address itself is never written, neither to the database nor into the cache, and
the day in the message makes yesterday's keys unlinkable to today's.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from backend.common.clients import client_ip

KEY_PREFIX = "ratelimit:"


def rate_key(*, scope: str, ip: str, day: str) -> str:
    message = f"{scope}:{ip}:{day}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return KEY_PREFIX + digest


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one submission of this client in ``scope``; False once it exceeds ``limit`` within ``window`` s.

    The window starts at the client's first submission (the increment keeps the key's expiry).
    Counting before the work is done keeps concurrent requests from slipping past the limit.
    """
    key = rate_key(scope=scope, ip=client_ip(request), day=timezone.localdate().isoformat())
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first submission of a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
