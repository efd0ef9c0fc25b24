"""Every change to people, units and roles; each writes its history row."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, audit_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.choices import Role
from backend.people.models import Employee, OrgUnit, Position, RoleAssignment, unit_path
from backend.people.nip import normalize_nip, parse_nip

User = get_user_model()

ORG_UNIT_FIELDS = ["code", "name", "kind", "parent", "is_competency_agency", "is_active"]
POSITION_FIELDS = ["name", "kind", "level", "eselon"]
EMPLOYEE_FIELDS = [
    "nip",
    "name",
    "front_title",
    "back_title",
    "employment_type",
    "birth_place",
    "grade",
    "position",
    "unit",
    "supervisor",
    "user",
    "email",
    "is_active",
]


# --- Organisation units ---------------------------------------------------------


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


def _validated_rows(objs: list, *, exclude: list[str] | None = None) -> list:
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
        level = _validated_rows(
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


# --- Employees --------------------------------------------------------------------


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
    _validated_rows(employees, exclude=["position", "unit", "supervisor", "user"])

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


# --- Positions ----------------------------------------------------------------


@transaction.atomic
def position_create(*, actor, name: str, kind: str, level: str = "", eselon: str = "") -> Position:
    position = Position(name=name, kind=kind, level=level, eselon=eselon)
    return model_create(instance=position, fields=POSITION_FIELDS, actor=actor)


@transaction.atomic
def position_bulk_create(*, actor, rows: Iterable[dict]) -> list[Position]:
    """Create many positions (seeding, imports); each row holds ``POSITION_FIELDS``."""
    positions = _validated_rows([Position(**row) for row in rows])
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


# --- Logins and roles -----------------------------------------------------------


@transaction.atomic
def user_create(*, actor, username: str, password: str, email: str = "", is_superuser: bool = False) -> User:
    user = User(username=username, email=email, is_superuser=is_superuser, is_staff=is_superuser)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(obj=user, action=AuditEntry.Action.CREATE, actor=actor, changes={"username": [None, username]})
    return user


@transaction.atomic
def role_grant(*, actor, user, role: str, org_unit: OrgUnit | None = None, notify: bool = True) -> RoleAssignment:
    """Grant ``role``; with ``notify`` the grantee is e-mailed once the grant commits."""
    from backend.people.tasks import send_role_notice_task

    assignment = RoleAssignment(user=user, role=role, org_unit=org_unit, granted_by=actor if actor else None)
    assignment.full_clean()
    assignment.save()
    if role == Role.ADMINISTRATOR and not user.is_staff:
        # Administrators work in the Django admin too.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes={"role": [None, role], "org_unit": [None, org_unit.pk if org_unit else None]},
    )
    if notify:
        transaction.on_commit(lambda: send_role_notice_task.delay(assignment.pk))
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.DELETE,
        actor=actor,
        changes={"role": [assignment.role, None]},
        reason=reason,
    )
    assignment.delete()


@transaction.atomic
def role_assignment_notify(*, assignment_id: int) -> RoleAssignment | None:
    """Tell the grantee by e-mail, once. Returns None when there is nothing to do.

    Mail is sent inside the row lock and before ``notified_at`` is stored, so a
    failed send leaves the assignment un-notified for the task's retry, and a
    repeated task finds it done.
    """
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "org_unit")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None or assignment.notified_at is not None:
        return None
    if assignment.user.email:
        scope = assignment.org_unit.name if assignment.org_unit_id else _("the whole regency")
        send_mail(
            subject=_("Bangkom: you are now %(role)s") % {"role": assignment.get_role_display()},
            message=_("You have been granted the role %(role)s (%(scope)s) in Bangkom.")
            % {"role": assignment.get_role_display(), "scope": scope},
            from_email=None,
            recipient_list=[assignment.user.email],
        )
    assignment.notified_at = timezone.now()
    assignment.save(update_fields=["notified_at"])
    audit_record(
        obj=assignment,
        action=AuditEntry.Action.UPDATE,
        changes={"notified_at": [None, assignment.notified_at.isoformat()]},
    )
    return assignment
