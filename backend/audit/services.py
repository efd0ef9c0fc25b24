from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from backend.audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` as they would be stored (foreign keys as ids)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = _jsonable(getattr(obj, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_record(
    *,
    obj: models.Model,
    action: str,
    actor=None,
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one history row. Call it inside the service's transaction."""
    entry = AuditEntry(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        changes=changes or {},
        reason=reason,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    entry.full_clean()
    entry.save()
    return entry


def audit_bulk_record(
    *,
    objs: Iterable[models.Model],
    action: str,
    actor=None,
    changes_for: Callable[[models.Model], dict[str, list[Any]]] | None = None,
    reason: str = "",
) -> int:
    """History rows for a bulk change, in one statement per batch."""
    objs = list(objs)
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
            changes=changes_for(obj) if changes_for else {},
            reason=reason,
            actor=actor,
        )
        for obj in objs
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
