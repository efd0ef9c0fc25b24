"""Positions (jabatan)."""

from collections.abc import Iterable

from django.db import transaction

from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import Position
from backend.people.services.fields import POSITION_FIELDS
from backend.people.services.org_units import validated_rows


@transaction.atomic
def position_create(*, actor, name: str, kind: str, level: str = "", eselon: str = "") -> Position:
    position = Position(name=name, kind=kind, level=level, eselon=eselon)
    return model_create(instance=position, fields=POSITION_FIELDS, actor=actor)


@transaction.atomic
def position_bulk_create(*, actor, rows: Iterable[dict]) -> list[Position]:
    """Create many positions (seeding, imports); each row holds ``POSITION_FIELDS``."""
    positions = validated_rows([Position(**row) for row in rows])
    Position.objects.bulk_create(positions)
    audit_bulk_record(
        objs=positions,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda position: diff({}, snapshot(position, POSITION_FIELDS)),
    )
    return positions


@transaction.atomic
def position_update(*, actor, position: Position, **changes) -> Position:
    position, _changes = model_update(instance=position, fields=POSITION_FIELDS, data=changes, actor=actor)
    return position
