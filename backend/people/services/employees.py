"""Employees: create, update, bulk loads; the NIP decides birth date and sex."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import Employee, OrgUnit, Position
from backend.people.nip import normalize_nip, parse_nip
from backend.people.services.fields import EMPLOYEE_FIELDS
from backend.people.services.org_units import validated_rows


def _check_supervisor_chain(*, employee: Employee) -> None:
    """Refuse a supervisor chain that loops back to ``employee``."""
    if employee.supervisor_id is None or employee.pk is None:
        return
    if employee.supervisor_id == employee.pk:
        raise ValidationError({"supervisor": _("An employee cannot supervise themselves.")})
    seen = {employee.pk}
    current = employee.supervisor_id
    while current is not None:
        if current in seen:
            raise ValidationError(
                {
                    "supervisor": _("This supervisor reports, directly or not, to %(name)s: that would be a cycle.")
                    % {"name": employee.display_name}
                }
            )
        seen.add(current)
        current = Employee.objects.filter(pk=current).values_list("supervisor_id", flat=True).first()


def _apply_number(employee: Employee) -> None:
    """Derive birth date and sex from the NIP; errors go to the ``nip`` field."""
    employee.nip = normalize_nip(employee.nip)
    try:
        parsed = parse_nip(employee.nip, employment_type=employee.employment_type or None)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.messages}) from None
    employee.birth_date = parsed.birth_date
    employee.sex = parsed.sex


@transaction.atomic
def employee_create(
    *,
    actor,
    nip: str,
    name: str,
    employment_type: str,
    grade: str,
    position: Position,
    unit: OrgUnit,
    supervisor: Employee | None = None,
    front_title: str = "",
    back_title: str = "",
    birth_place: str = "",
    email: str = "",
    user=None,
    is_active: bool = True,
) -> Employee:
    employee = Employee(
        nip=nip,
        name=name,
        employment_type=employment_type,
        grade=grade,
        position=position,
        unit=unit,
        supervisor=supervisor,
        front_title=front_title,
        back_title=back_title,
        birth_place=birth_place,
        email=email,
        user=user,
        is_active=is_active,
    )
    _apply_number(employee)
    return model_create(instance=employee, fields=EMPLOYEE_FIELDS, actor=actor)


@transaction.atomic
def employee_update(*, actor, employee: Employee, **changes) -> Employee:
    def derive_and_check(employee: Employee) -> None:
        _apply_number(employee)
        _check_supervisor_chain(employee=employee)

    employee, _changes = model_update(
        instance=employee, fields=EMPLOYEE_FIELDS, data=changes, actor=actor, before_clean=derive_and_check
    )
    return employee


@dataclass(frozen=True)
class EmployeeRow:
    """One employee of a bulk load; ``supervisor_nip`` may name a row of the same load."""

    nip: str
    name: str
    employment_type: str
    grade: str
    position_id: int
    unit_id: int
    supervisor_nip: str | None = None
    front_title: str = ""
    back_title: str = ""
    birth_place: str = ""
    email: str = ""


@transaction.atomic
def employee_bulk_create(*, actor, rows: Iterable[EmployeeRow], batch_size: int = 2000) -> int:
    """Create many employees in a few statements (seeding, imports).

    Each row is validated like ``employee_create`` except for the checks that
    need one query per row; the database constraints still guard those. One
    history row records the load as a whole.
    """
    rows = list(rows)
    employees = []
    errors = {}
    for index, row in enumerate(rows):
        employee = Employee(
            nip=row.nip,
            name=row.name,
            employment_type=row.employment_type,
            grade=row.grade,
            position_id=row.position_id,
            unit_id=row.unit_id,
            front_title=row.front_title,
            back_title=row.back_title,
            birth_place=row.birth_place,
            email=row.email,
        )
        try:
            _apply_number(employee)
        except ValidationError as exc:
            errors[f"row {index + 1} ({row.nip})"] = exc.messages
        employees.append(employee)
    if errors:
        raise ValidationError(errors)
    validated_rows(employees, exclude=["position", "unit", "supervisor", "user"])

    Employee.objects.bulk_create(employees, batch_size=batch_size)
    pk_by_nip = dict(Employee.objects.filter(nip__in=[e.nip for e in employees]).values_list("nip", "pk"))
    # Supervisors already in the database, in one query rather than one per row.
    outside = {r.supervisor_nip for r in rows if r.supervisor_nip and r.supervisor_nip not in pk_by_nip}
    pk_by_nip.update(Employee.objects.filter(nip__in=outside).values_list("nip", "pk"))
    linked = []
    for employee, row in zip(employees, rows, strict=True):
        employee.pk = pk_by_nip[employee.nip]
        if row.supervisor_nip:
            if row.supervisor_nip not in pk_by_nip:
                raise ValidationError(
                    {"supervisor": _("No employee has the number %(nip)s.") % {"nip": row.supervisor_nip}}
                )
            employee.supervisor_id = pk_by_nip[row.supervisor_nip]
            linked.append(employee)
    Employee.objects.bulk_update(linked, ["supervisor"], batch_size=batch_size)
    audit_bulk_record(
        objs=employees,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda employee: diff({}, snapshot(employee, EMPLOYEE_FIELDS)),
    )
    return len(employees)
