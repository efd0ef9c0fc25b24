import pytest
from django.urls import reverse

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from backend.people.models import Employee, RoleAssignment
from tests.factories import EmployeeFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_login, two_agencies):
    user = make_login(unit=two_agencies["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin")
    user.is_staff = True
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["orgunit", "position", "employee", "roleassignment"])
def test_admin_pages_open(admin_client, model):
    assert admin_client.get(reverse(f"admin:people_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:people_{model}_add")).status_code == 200


def test_admin_edit_goes_through_the_service(admin_client, two_agencies):
    employee = EmployeeFactory(unit=two_agencies["school"], name="Guru Lama")
    url = reverse("admin:people_employee_change", args=[employee.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data.update({"name": "Guru Baru", "supervisor": "", "user": "", "email": "", "is_active": "on"})
    response = admin_client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee.refresh_from_db()
    assert employee.name == "Guru Baru"
    entry = AuditEntry.objects.filter(object_id=str(employee.pk), action="update").get()
    assert entry.changes == {"name": ["Guru Lama", "Guru Baru"]}


def test_admin_rejects_invalid_nip_with_a_field_error(admin_client, two_agencies):
    data = {
        "nip": "198013302010012005",
        "name": "Siti",
        "employment_type": "PNS",
        "grade": "III/a",
        "position": PositionFactory().pk,
        "unit": two_agencies["school"].pk,
        "is_active": "on",
    }
    response = admin_client.post(reverse("admin:people_employee_add"), data)
    assert response.status_code == 200
    assert "nip" in response.context["adminform"].form.errors
    assert not Employee.objects.filter(name="Siti").exists()


def test_admin_grants_roles_through_the_service(admin_client, two_agencies):
    grantee = UserFactory(username="new-coordinator")
    data = {"user": grantee.pk, "role": Role.COORDINATOR, "org_unit": two_agencies["dikbud"].pk}
    response = admin_client.post(reverse("admin:people_roleassignment_add"), data)
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=grantee)
    assert AuditEntry.objects.filter(object_id=str(assignment.pk), action="create").exists()


def test_non_staff_cannot_open_admin(client, make_login, two_agencies):
    client.force_login(make_login(unit=two_agencies["school"]))
    assert client.get(reverse("admin:people_employee_changelist")).status_code == 302


def test_admin_adds_an_employee_with_derived_fields(admin_client, two_agencies):
    data = {
        "nip": "198012302010012005",
        "name": "Siti Aminah",
        "employment_type": "PNS",
        "grade": "III/a",
        "position": PositionFactory().pk,
        "unit": two_agencies["school"].pk,
        "is_active": "on",
    }
    response = admin_client.post(reverse("admin:people_employee_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee = Employee.objects.get(nip="198012302010012005")
    assert employee.sex == "F"
