"""Writing the demo regency to the database, and wiping it again.

Everything is written through the people services, in bulk where they offer
it: ~400 single-row calls, each checking every constraint with its own query,
took about 3 s, most of a small seed and of every test that seeds.
"""

import time
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.people import services
from backend.people.choices import EmploymentType, Role
from backend.people.demo.opds import OPDS
from backend.people.demo.positions import POSITIONS
from backend.people.demo.staffing import Plan, plan_staff
from backend.people.models import Employee, OrgUnit, Position, RoleAssignment

DEFAULT_EMPLOYEES = 1200
DEFAULT_SEED = 2026
EMAIL_DOMAIN = "bangkom.bungokab.go.id"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: tuple[str, ...] = ()
    # Coordinators only: the code of the unit they coordinate.
    scope: str = ""
    superuser: bool = False


DEMO_LOGINS = (
    DemoLogin("admin", roles=(Role.ADMINISTRATOR,), superuser=True),
    DemoLogin("koordinator", roles=(Role.COORDINATOR,), scope="bkpsdm"),
    DemoLogin("koordinator.dikbud", roles=(Role.COORDINATOR,), scope="dikbud"),
    DemoLogin("hr", roles=(Role.HR_ANALYST,)),
    DemoLogin("atasan"),
    DemoLogin("pegawai"),
)
DEMO_USERNAMES = tuple(login.username for login in DEMO_LOGINS)


@dataclass(frozen=True)
class SeedResult:
    units: int
    positions: int
    employees: int
    pns: int
    pppk: int
    # Demo username → NIP of the employee it is linked to.
    logins: dict[str, str]
    seconds: float


def people_data_exists() -> bool:
    return OrgUnit.objects.exists() or Position.objects.exists() or Employee.objects.exists()


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def seed_regency(
    *, employees: int = DEFAULT_EMPLOYEES, seed: int = DEFAULT_SEED, password: str, stdout=None
) -> SeedResult:
    """Create Kabupaten Bungo's units, positions, ``employees`` employees and the demo logins.

    The same ``seed`` gives the same people. Meant for an empty database: the
    caller checks ``people_data_exists()`` first.
    """
    started = time.perf_counter()
    plan = plan_staff(employees=employees, seed=seed)
    User = get_user_model()
    taken = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise ValidationError(_("These demo usernames are already taken: %(names)s.") % {"names": ", ".join(taken)})

    units = _create_units()
    _say(stdout, _("Created %(count)d organisation units.") % {"count": len(units)})
    positions = _create_positions()
    _say(stdout, _("Created %(count)d positions.") % {"count": len(positions)})

    rows = [
        services.EmployeeRow(
            nip=p.nip,
            name=p.name,
            employment_type=p.employment_type,
            grade=p.grade,
            position_id=positions[p.position].pk,
            unit_id=units[p.unit].pk,
            supervisor_nip=p.supervisor_nip,
            front_title=p.front_title,
            back_title=p.back_title,
            birth_place=p.birth_place,
        )
        for p in plan.employees
    ]
    services.employee_bulk_create(actor=None, rows=rows)
    pppk = sum(1 for p in plan.employees if p.employment_type == EmploymentType.PPPK)
    _say(
        stdout,
        _("Created %(count)d employees (%(pns)d PNS, %(pppk)d PPPK).")
        % {"count": len(rows), "pns": len(rows) - pppk, "pppk": pppk},
    )

    _create_logins(plan, units=units, password=password)
    _say(stdout, _("Created %(count)d demo logins.") % {"count": len(DEMO_LOGINS)})
    return SeedResult(
        units=len(units),
        positions=len(positions),
        employees=len(rows),
        pns=len(rows) - pppk,
        pppk=pppk,
        logins=dict(plan.logins),
        seconds=time.perf_counter() - started,
    )


def _create_positions() -> dict[str, Position]:
    rows = [{"name": spec.name, "kind": spec.kind, "level": spec.level, "eselon": spec.eselon} for spec in POSITIONS]
    positions = services.position_bulk_create(actor=None, rows=rows)
    return {spec.key: obj for spec, obj in zip(POSITIONS, positions, strict=True)}


def _unit_rows(specs, parent_code=None):
    for spec in specs:
        yield services.OrgUnitRow(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent_code=parent_code,
            is_competency_agency=spec.competency_agency,
        )
        yield from _unit_rows(spec.children, spec.code)


def _create_units() -> dict[str, OrgUnit]:
    return services.org_unit_bulk_create(actor=None, rows=_unit_rows(OPDS))


def _create_logins(plan: Plan, *, units: dict[str, OrgUnit], password: str) -> None:
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=plan.logins.values())}
    for login in DEMO_LOGINS:
        email = f"{login.username}@{EMAIL_DOMAIN}"
        user = services.user_create(
            actor=None, username=login.username, password=password, email=email, is_superuser=login.superuser
        )
        for role in login.roles:
            # Demo addresses are not real mailboxes: nobody is told.
            scope = units[login.scope] if login.scope else None
            services.role_grant(actor=None, user=user, role=role, org_unit=scope, notify=False)
        services.employee_update(actor=None, employee=employees[plan.logins[login.username]], user=user, email=email)


def _reset_dependent_demos() -> None:
    """Run the ``demo_reset`` of every app built on people, the last installed first.

    Their rows (scores, enrolments …) protect the employees and units they name. People
    cannot import those apps (dependencies point the other way): each offers its reset
    as ``<app>.demo.demo_reset``.
    """
    for config in reversed(list(apps.get_app_configs())):
        if config.label == "people" or not module_has_submodule(config.module, "demo"):
            continue
        reset = getattr(import_module(f"{config.name}.demo"), "demo_reset", None)
        if reset is not None:
            reset()


@transaction.atomic
def demo_reset() -> None:
    """Delete all people data, the demo logins and their history, and first the data of apps built on them.

    For throwaway databases only (tests, benchmarks): it removes every unit,
    position and employee, not just the demo's.
    """
    _reset_dependent_demos()
    User = get_user_model()
    demo_user_ids = [str(pk) for pk in User.objects.filter(username__in=DEMO_USERNAMES).values_list("pk", flat=True)]
    content_types = ContentType.objects.get_for_models(OrgUnit, Position, Employee, RoleAssignment, User)
    history = AuditEntry.objects.filter(content_type__in=[content_types[m] for m in (OrgUnit, Position, Employee)])
    history |= AuditEntry.objects.filter(content_type=content_types[RoleAssignment])
    history |= AuditEntry.objects.filter(content_type=content_types[User], object_id__in=demo_user_ids)
    history.delete()

    RoleAssignment.objects.all().delete()
    User.objects.filter(username__in=DEMO_USERNAMES).delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()
    # Parents are protected: remove the tree leaves first.
    while OrgUnit.objects.exists():
        OrgUnit.objects.filter(children__isnull=True).delete()
