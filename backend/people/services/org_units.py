"""Organisation units: create, move (keeping paths right) and bulk loads."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit, unit_path
from backend.people.services.fields import ORG_UNIT_FIELDS


def _check_parent(*, unit: OrgUnit, parent: OrgUnit | None) -> None:
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.path.startswith(unit.path):
        raise ValidationError(
            {
                "parent": _("%(parent)s lies inside %(unit)s; a unit cannot be placed under itself.")
                % {"parent": parent, "unit": unit}
            }
        )


@transaction.atomic
def org_unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    is_competency_agency: bool = False,
    is_active: bool = True,
) -> OrgUnit:
    unit = OrgUnit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        is_competency_agency=is_competency_agency,
        is_active=is_active,
        # The real path needs the id; this placeholder satisfies validation.
        path=(parent.path if parent else "/") + "0/",
    )
    model_create(instance=unit, fields=ORG_UNIT_FIELDS, actor=actor)
    unit.path = unit_path(parent, unit.pk)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@transaction.atomic
def org_unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    old_path = OrgUnit.objects.values_list("path", flat=True).get(pk=unit.pk)

    def place(unit: OrgUnit) -> None:
        if "parent" in changes:
            _check_parent(unit=unit, parent=unit.parent)
            unit.path = unit_path(unit.parent, unit.pk)

    # model_update locks the row, so two concurrent moves cannot interleave the rewrite below.
    unit, _changes = model_update(instance=unit, fields=ORG_UNIT_FIELDS, data=changes, actor=actor, before_clean=place)
    if unit.path != old_path:
        OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr(F("path"), len(old_path) + 1))
        )
    return unit


@dataclass(frozen=True)
class OrgUnitRow:
    """One unit of a bulk load; ``parent_code`` names a row of the same load or an existing unit."""

    code: str
    name: str
    kind: str
    parent_code: str | None = None
    is_competency_agency: bool = False


def validated_rows(objs: list, *, exclude: list[str] | None = None) -> list:
    """Validate each row without a query per row; the database enforces uniqueness and constraints."""
    errors = {}
    for index, obj in enumerate(objs):
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors[f"row {index + 1} ({obj})"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return objs


@transaction.atomic
def org_unit_bulk_create(*, actor, rows: Iterable[OrgUnitRow]) -> dict[str, OrgUnit]:
    """Create a whole tree in one statement per depth (seeding, imports); returns units by code."""
    rows = list(rows)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={r.parent_code for r in rows if r.parent_code})}
    pending = rows
    created: list[OrgUnit] = []
    while pending:
        # Each pass creates the rows whose parent exists, so a path can be built from the parent's.
        ready = [r for r in pending if r.parent_code is None or r.parent_code in units]
        if not ready:
            missing = sorted({r.parent_code for r in pending})
            raise ValidationError({"parent": _("Unknown parent units: %(codes)s.") % {"codes": ", ".join(missing)}})
        level = validated_rows(
            [
                OrgUnit(
                    code=r.code,
                    name=r.name,
                    kind=r.kind,
                    parent=units[r.parent_code] if r.parent_code else None,
                    is_competency_agency=r.is_competency_agency,
                    path="/0/",
                )
                for r in ready
            ]
        )
        OrgUnit.objects.bulk_create(level)
        for unit in level:
            unit.path = unit_path(unit.parent, unit.pk)
        OrgUnit.objects.bulk_update(level, ["path"])
        units.update((unit.code, unit) for unit in level)
        created.extend(level)
        ready_codes = {r.code for r in ready}
        pending = [r for r in pending if r.code not in ready_codes]
    audit_bulk_record(
        objs=created,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda unit: diff({}, snapshot(unit, ORG_UNIT_FIELDS)),
    )
    return {unit.code: unit for unit in created}
