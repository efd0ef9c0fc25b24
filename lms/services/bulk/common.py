"""What the lms bulk services share: the appraisal's fast-insert helpers, driver values, permission."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from backend.appraisal.services.bulk.common import (
    BATCH_SIZE,
    db_date,
    db_now,
    insert_rows,
    raise_row_errors,
    record_created,
)
from backend.audit.models import AuditEntry
from backend.people.access import Access, access_for

__all__ = [
    "BATCH_SIZE",
    "CENT",
    "actor_access",
    "audit_rows",
    "datetime_adapter",
    "db_date",
    "db_datetime",
    "db_now",
    "db_time",
    "insert_rows",
    "raise_row_errors",
    "record_created",
    "require",
    "score_value",
]

# Seeding and authorised imports act with every right.
SYSTEM = Access(user_id=None, is_superuser=True)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def actor_access(actor) -> Access:
    return SYSTEM if actor is None else access_for(actor)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))


def datetime_adapter():
    """A function giving an aware moment (or None) as the current database's driver takes it.

    On SQLite it returns what the backend's adapter returns (naive UTC text) without looking
    the connection up and checking the value each time: half a million attendance records
    spent seconds there.
    """
    if connection.vendor == "sqlite" and settings.USE_TZ:
        zone = connection.timezone
        return lambda value: None if value is None else value.astimezone(zone).replace(tzinfo=None).isoformat(" ")
    return connection.ops.adapt_datetimefield_value


def db_datetime(value: datetime.datetime):
    """An aware moment as the driver takes it (naive UTC on SQLite)."""
    return datetime_adapter()(value)


def db_time(value: datetime.time):
    return connection.ops.adapt_timefield_value(value)


def score_value(value) -> Decimal | None:
    """A test score as stored (0–100, two decimals), None when absent; ValueError otherwise."""
    if value is None:
        return None
    score = Decimal(str(value))
    if not score.is_finite() or not 0 <= score <= HUNDRED or score != score.quantize(CENT):
        raise ValueError(value)
    return score.quantize(CENT)


def audit_rows(objs: list, *, action: str, actor, changes_for, reason_for=None, reason: str = "") -> int:
    """History rows for a batch in few statements, each object with its own changes and reason.

    ``audit_bulk_record`` gives one reason to the whole batch; finishing many offerings names
    each offering in the history of its own credits.
    """
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(objs[0], for_concrete_model=True)
    actor = actor if actor is not None and actor.is_authenticated else None
    entries = [
        AuditEntry(
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            action=action,
            changes=changes_for(obj),
            reason=reason_for(obj) if reason_for else reason,
            actor=actor,
        )
        for obj in objs
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return len(entries)


def chunks(values: list, size: int = 5000):
    """Slices of ``values`` small enough for SQLite's limit on the parameters of one statement."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
