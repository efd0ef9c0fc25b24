import datetime

import pytest
from django.core.exceptions import ValidationError

from backend.audit.models import AuditEntry
from backend.audit.selectors import audit_entry_list
from backend.people.models import Employee, OrgUnit
from backend.people.services import employee_create, employee_update, org_unit_create, org_unit_update
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(username="hr-actor")


def _create(actor, **overrides):
    data = {
        "nip": "19801230 201001 2 005",
        "name": "Siti Aminah",
        "employment_type": "PNS",
        "grade": "III/b",
        "position": PositionFactory(),
        "unit": OrgUnitFactory(),
    }
    data.update(overrides)
    return employee_create(actor=actor, **data)


def test_create_derives_birth_date_and_sex_and_records_history(actor):
    employee = _create(actor)
    assert employee.nip == "198012302010012005"
    assert employee.birth_date == datetime.date(1980, 12, 30)
    assert employee.sex == "F"
    entry = audit_entry_list(obj=employee).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == actor
    assert entry.changes["nip"] == [None, "198012302010012005"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nip": "19801230201001200"}, "nip"),
        ({"nip": "198012302010132005"}, "nip"),
        ({"employment_type": "PPPK", "grade": "IX"}, "nip"),  # digit 13 says PNS
        ({"grade": "IX"}, "grade"),  # a PPPK grade for a PNS
        ({"nip": "199205172023211042", "employment_type": "PPPK", "grade": "III/a"}, "grade"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(actor, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        _create(actor, **overrides)
    assert field in excinfo.value.message_dict
    assert not Employee.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_repr__contains="Siti").exists()


def test_duplicate_nip_is_refused(actor):
    _create(actor)
    with pytest.raises(ValidationError) as excinfo:
        _create(actor, name="Someone Else")
    assert "nip" in excinfo.value.message_dict


def test_update_records_old_and_new_values(actor):
    employee = _create(actor)
    employee_update(actor=actor, employee=employee, grade="III/c", name="Siti Aminah Lubis")
    entry = audit_entry_list(obj=employee).first()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"grade": ["III/b", "III/c"], "name": ["Siti Aminah", "Siti Aminah Lubis"]}


def test_update_without_change_writes_no_history(actor):
    employee = _create(actor)
    employee_update(actor=actor, employee=employee, grade="III/b")
    assert audit_entry_list(obj=employee).count() == 1


def test_changing_the_number_rederives_birth_date_and_sex(actor):
    employee = _create(actor)
    employee = employee_update(actor=actor, employee=employee, nip="197503151999031001")
    assert (employee.birth_date, employee.sex) == (datetime.date(1975, 3, 15), "M")


def test_supervisor_cycles_are_refused(actor):
    head = EmployeeFactory()
    middle = EmployeeFactory(supervisor=head)
    staff = EmployeeFactory(supervisor=middle)
    with pytest.raises(ValidationError) as excinfo:
        employee_update(actor=actor, employee=head, supervisor=staff)
    assert "supervisor" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        employee_update(actor=actor, employee=head, supervisor=head)
    head.refresh_from_db()
    assert head.supervisor is None


def test_org_unit_paths_follow_moves(actor):
    dinas = org_unit_create(actor=actor, code="dinkes", name="Dinas Kesehatan", kind="dinas")
    bidang = org_unit_create(actor=actor, code="yankes", name="Bidang Pelayanan", kind="bidang", parent=dinas)
    upt = org_unit_create(actor=actor, code="labkes", name="UPT Labkes", kind="upt", parent=bidang)
    other = org_unit_create(actor=actor, code="dikbud", name="Dinas Pendidikan", kind="dinas")
    assert upt.path == f"/{dinas.pk:07d}/{bidang.pk:07d}/{upt.pk:07d}/"

    org_unit_update(actor=actor, unit=bidang, parent=other)
    upt.refresh_from_db()
    assert upt.path == f"/{other.pk:07d}/{bidang.pk:07d}/{upt.pk:07d}/"
    assert audit_entry_list(obj=bidang).first().changes == {"parent": [dinas.pk, other.pk]}


def test_org_unit_cycles_are_refused(actor):
    dinas = org_unit_create(actor=actor, code="dinkes", name="Dinas Kesehatan", kind="dinas")
    bidang = org_unit_create(actor=actor, code="yankes", name="Bidang Pelayanan", kind="bidang", parent=dinas)
    upt = org_unit_create(actor=actor, code="labkes", name="UPT Labkes", kind="upt", parent=bidang)
    with pytest.raises(ValidationError) as excinfo:
        org_unit_update(actor=actor, unit=bidang, parent=upt)
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        org_unit_update(actor=actor, unit=bidang, parent=bidang)
    bidang.refresh_from_db()
    assert bidang.parent == dinas


def test_opd_kinds_are_top_level_and_others_are_not(actor):
    dinas = org_unit_create(actor=actor, code="dinkes", name="Dinas Kesehatan", kind="dinas")
    with pytest.raises(ValidationError):
        org_unit_create(actor=actor, code="x", name="Dinas under Dinas", kind="dinas", parent=dinas)
    with pytest.raises(ValidationError):
        org_unit_create(actor=actor, code="y", name="Orphan bidang", kind="bidang")
    assert OrgUnit.objects.count() == 1


def test_only_one_competency_agency(actor):
    org_unit_create(actor=actor, code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    with pytest.raises(ValidationError):
        org_unit_create(actor=actor, code="bkd", name="BKD", kind="badan", is_competency_agency=True)


def test_bulk_tree_load_builds_paths_and_history(actor):
    from backend.people.services import OrgUnitRow, org_unit_bulk_create

    units = org_unit_bulk_create(
        actor=actor,
        rows=[
            OrgUnitRow(code="sekolah-1", name="SD 1", kind="sekolah", parent_code="dikbud"),
            OrgUnitRow(code="dikbud", name="Dinas Pendidikan", kind="dinas"),
        ],
    )
    assert units["sekolah-1"].path == f"/{units['dikbud'].pk:07d}/{units['sekolah-1'].pk:07d}/"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_repr="SD 1").exists()


def test_bulk_tree_load_refuses_unknown_parents_and_saves_nothing(actor):
    from backend.people.services import OrgUnitRow, org_unit_bulk_create

    with pytest.raises(ValidationError) as excinfo:
        org_unit_bulk_create(
            actor=actor,
            rows=[
                OrgUnitRow(code="dikbud", name="Dinas Pendidikan", kind="dinas"),
                OrgUnitRow(code="sekolah-1", name="SD 1", kind="sekolah", parent_code="nowhere"),
            ],
        )
    assert "nowhere" in str(excinfo.value)
    assert not OrgUnit.objects.exists()


def test_bulk_employee_load_names_the_bad_row_and_saves_nothing(actor):
    from backend.people.services import EmployeeRow, employee_bulk_create

    unit, position = OrgUnitFactory(), PositionFactory()
    rows = [
        EmployeeRow("198012302010012005", "Siti", "PNS", "III/a", position.pk, unit.pk),
        EmployeeRow("198012302010012006", "Budi", "PNS", "IX", position.pk, unit.pk),
    ]
    with pytest.raises(ValidationError) as excinfo:
        employee_bulk_create(actor=actor, rows=rows)
    assert "row 2" in str(excinfo.value.message_dict)
    assert not Employee.objects.exists()
