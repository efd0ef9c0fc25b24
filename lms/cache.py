"""The catalog lists are read far more often than they change, and read the same by every ASN.

Their JSON is cached per language and URL for users who see the common catalog (published
offerings, active courses: everyone but coordinators, HR and administrators, whose lists
include drafts). Every service that changes what the lists show bumps a version number on
commit, so a cached list never outlives a change when the cache is shared (Redis,
``CACHE_URL``); with the per-process default cache other processes see a change within
``LMS_CATALOG_CACHE_SECONDS``.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "lms:catalog:version"


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def catalog_touch() -> None:
    """Invalidate every cached catalog list (call after the change commits)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def changes_catalog(service):
    """Mark a service whose changes the catalog lists show; the cache is invalidated on commit."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        result = service(*args, **kwargs)
        transaction.on_commit(catalog_touch)
        return result

    return wrapper


def catalog_cache_key(*, request, shared_view: bool) -> str | None:
    """The cache key of a catalog list request, or None when it must not be cached."""
    if not shared_view or settings.LMS_CATALOG_CACHE_SECONDS <= 0:
        return None
    # Hashed: a long query string would pass memcached's 250-character key limit.
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"lms:catalog:{catalog_version()}:{get_language()}:{url}"
