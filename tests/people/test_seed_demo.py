"""The demo regency: deterministic, valid by the domain rules, with working demo logins."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from backend.people.access import access_for
from backend.people.choices import GRADES_BY_TYPE, EmploymentType, OrgUnitKind, PositionKind, Role
from backend.people.demo.bungo import KECAMATAN
from backend.people.demo.seed import DEMO_USERNAMES, demo_reset, people_data_exists, seed_regency
from backend.people.demo.staffing import MAX_AGE, MIN_AGE, REFERENCE_DATE, plan_staff
from backend.people.models import Employee, OrgUnit, RoleAssignment, unit_path
from backend.people.nip import parse_nip

pytestmark = pytest.mark.django_db

EMPLOYEES = 300
PASSWORD = "demo-pass-123"


def _snapshot() -> list[tuple]:
    return sorted(
        Employee.objects.values_list("nip", "name", "unit__code", "grade", "position__name", "supervisor__nip")
    )


@pytest.fixture
def seeded():
    return seed_regency(employees=EMPLOYEES, seed=2026, password=PASSWORD)


def _age(birth: datetime.date) -> int:
    on = REFERENCE_DATE
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_the_same_seed_gives_the_same_people():
    seed_regency(employees=EMPLOYEES, seed=7, password=PASSWORD)
    first = _snapshot()
    demo_reset()
    assert not people_data_exists()
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()

    seed_regency(employees=EMPLOYEES, seed=7, password=PASSWORD)

    assert _snapshot() == first
    assert len(first) == EMPLOYEES


def test_another_seed_gives_other_people():
    def people(seed):
        plan = plan_staff(employees=EMPLOYEES, seed=seed)
        return sorted((p.nip, p.name, p.unit, p.grade, p.position, p.supervisor_nip) for p in plan.employees)

    assert people(7) == people(7)
    assert people(7) != people(8)


def test_numbers_grades_and_ages_follow_the_rules(seeded):
    rows = list(Employee.objects.values_list("nip", "employment_type", "grade", "birth_date", "sex"))
    assert len(rows) == EMPLOYEES
    for nip, employment_type, grade, birth_date, sex in rows:
        parsed = parse_nip(nip, employment_type=employment_type)
        assert (parsed.birth_date, parsed.sex) == (birth_date, sex)
        assert grade in GRADES_BY_TYPE[employment_type], nip
        assert MIN_AGE <= _age(birth_date) <= MAX_AGE, nip
        if employment_type == EmploymentType.PNS:
            assert parsed.start_year - parsed.birth_date.year >= 18, nip
    pppk = sum(1 for row in rows if row[1] == EmploymentType.PPPK)
    assert 0.1 < pppk / len(rows) < 0.4


def test_grades_fit_the_positions(seeded):
    low = {"ahli_pertama": "III/a", "ahli_muda": "III/c", "ahli_madya": "IV/a"}
    pns = Employee.objects.filter(employment_type=EmploymentType.PNS).select_related("position")
    order = GRADES_BY_TYPE[EmploymentType.PNS]
    for employee in pns:
        position = employee.position
        if position.kind == PositionKind.JPT:
            assert employee.grade in {"IV/c", "IV/d"}
        elif position.kind == PositionKind.ADMINISTRATOR:
            assert employee.grade in {"III/d", "IV/a", "IV/b"}
        elif position.kind == PositionKind.PENGAWAS:
            assert employee.grade in {"III/b", "III/c", "III/d"}
        elif position.level in low:
            assert order.index(employee.grade) >= order.index(low[position.level]), employee


def test_the_organisation_is_bungo(seeded):
    kecamatan = OrgUnit.objects.filter(kind=OrgUnitKind.KECAMATAN)
    assert sorted(kecamatan.values_list("name", flat=True)) == sorted(f"Kecamatan {k}" for k in KECAMATAN)
    assert kecamatan.count() == 17
    agency = OrgUnit.objects.get(is_competency_agency=True)
    assert (agency.code, agency.kind, agency.parent_id) == ("bkpsdm", OrgUnitKind.BADAN, None)
    assert OrgUnit.objects.get(code="rsud-hanafie").kind == OrgUnitKind.RSUD
    dikbud = OrgUnit.objects.get(code="dikbud")
    assert OrgUnit.objects.filter(parent=dikbud, kind=OrgUnitKind.SEKOLAH).count() > 20
    assert OrgUnit.objects.filter(parent__code="dinkes", kind=OrgUnitKind.PUSKESMAS).exists()
    for unit in OrgUnit.objects.select_related("parent"):
        expected = unit_path(unit.parent, unit.pk)
        assert unit.path == expected, unit.code


def test_everyone_but_the_sekda_reports_up_a_chain_that_ends_at_the_sekda(seeded):
    sekda = Employee.objects.get(supervisor__isnull=True)
    assert sekda.position.name == "Sekretaris Daerah"
    supervisor_of = dict(Employee.objects.values_list("pk", "supervisor_id"))
    for pk in supervisor_of:
        chain, current = [], pk
        while current is not None:
            assert current not in chain, "cycle"
            chain.append(current)
            current = supervisor_of[current]
        assert chain[-1] == sekda.pk
    for head in Employee.objects.filter(unit__parent__isnull=True, position__kind=PositionKind.JPT).exclude(
        pk=sekda.pk
    ):
        assert head.supervisor_id == sekda.pk


def test_demo_logins_have_their_roles_and_records(seeded):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    for user in users.values():
        assert user.check_password(PASSWORD)
        assert user.employee.nip == seeded.logins[user.username]
        assert user.email.endswith("@bangkom.bungokab.go.id")

    def roles(username):
        return set(RoleAssignment.objects.filter(user=users[username]).values_list("role", "org_unit__code"))

    assert users["admin"].is_superuser
    assert roles("admin") == {(Role.ADMINISTRATOR, None)}
    assert users["admin"].employee.unit.opd_id == OrgUnit.objects.get(code="bkpsdm").pk
    assert roles("koordinator") == {(Role.COORDINATOR, "bkpsdm")}
    assert access_for(users["koordinator"]).coordinates_all
    assert roles("koordinator.dikbud") == {(Role.COORDINATOR, "dikbud")}
    assert users["koordinator.dikbud"].employee.unit.path.startswith(OrgUnit.objects.get(code="dikbud").path)
    assert roles("hr") == {(Role.HR_ANALYST, None)}
    assert users["hr"].employee.unit.opd_id == OrgUnit.objects.get(code="bkpsdm").pk

    atasan = users["atasan"].employee
    assert atasan.subordinates.count() >= 5
    assert users["pegawai"].employee.supervisor == atasan
    assert roles("atasan") == roles("pegawai") == set()


def test_seed_demo_refuses_a_database_with_people_and_skips_with_if_empty():
    with translation.override("en"):
        out = StringIO()
        call_command("seed_demo", employees=EMPLOYEES, stdout=out)
        assert "Created 300 employees" in out.getvalue()
        before = _snapshot()

        out = StringIO()
        call_command("seed_demo", employees=EMPLOYEES, if_empty=True, stdout=out)
        assert "already exists" in out.getvalue()
        with pytest.raises(CommandError, match="already holds"):
            call_command("seed_demo", employees=EMPLOYEES, stdout=StringIO())

    assert _snapshot() == before


def test_seed_demo_refuses_too_few_employees():
    with pytest.raises(CommandError):
        call_command("seed_demo", employees=10, stdout=StringIO())
    assert not people_data_exists()


def test_seed_demo_refuses_when_a_demo_username_is_taken(django_user_model):
    django_user_model.objects.create_user(username="admin", password="x-pass-123")
    with pytest.raises(CommandError):
        call_command("seed_demo", employees=EMPLOYEES, stdout=StringIO())
    assert not people_data_exists()


def test_demo_logins_lists_the_accounts_and_the_password(seeded, settings):
    settings.DEMO_PASSWORD = "shown-password"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in text
    assert "shown-password" in text
    assert "Puskesmas Muara Bungo I" in text


def test_demo_logins_says_when_there_is_no_demo_data():
    out = StringIO()
    with translation.override("en"):
        call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
