"""The shape every ``<entity>_update`` service shares."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot

M = TypeVar("M", bound=models.Model)


def model_update(
    *,
    instance: M,
    fields: list[str],
    data: dict[str, Any],
    actor,
    before_clean: Callable[[M], None] | None = None,
    reason: str = "",
    extra: dict[str, list[Any]] | None = None,
) -> tuple[M, dict[str, list[Any]]]:
    """Lock the row, apply ``data`` (only names in ``fields``), validate, save, record history.

    Call inside ``transaction.atomic``. ``extra`` adds changes the caller made beside the
    row (e.g. many-to-many relations) to the same history entry. Returns the fresh instance
    and the changes ({field: [old, new]}); no history row is written when nothing changed.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unexpected fields for {type(instance).__name__}: {sorted(unknown)}")
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    before = snapshot(instance, fields)
    for name, value in data.items():
        setattr(instance, name, value)
    if before_clean is not None:
        before_clean(instance)
    instance.full_clean()
    instance.save()
    changes = {**diff(before, snapshot(instance, fields)), **(extra or {})}
    if changes:
        audit_record(obj=instance, action=AuditEntry.Action.UPDATE, actor=actor, changes=changes, reason=reason)
    return instance, changes


def model_create(*, instance: M, fields: list[str], actor, reason: str = "") -> M:
    """Validate and save a new ``instance`` and record its creation. Call inside ``transaction.atomic``."""
    instance.full_clean()
    instance.save()
    audit_record(
        obj=instance,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes=diff({}, snapshot(instance, fields)),
        reason=reason,
    )
    return instance
