import pytest
from django.conf import settings
from django.urls import reverse

from backend.people.choices import Role
from backend.people.models import Employee
from tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(two_agencies, make_login):
    units = two_agencies
    atasan = make_login(unit=units["school"], username="atasan")
    return {
        **units,
        "atasan": atasan,
        "pegawai": make_login(unit=units["school"], username="pegawai", supervisor=atasan.employee),
        "nurse": EmployeeFactory(unit=units["puskesmas"], name="Perawat Puskesmas"),
        "teacher": EmployeeFactory(unit=units["school"], name="Guru Sekolah"),
        "koord_dikbud": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "hr": make_login(unit=units["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
    }


def test_pages_need_login(client):
    for name in ("home", "employee-list", "org-unit-list", "employee-create"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_renders_in_indonesian_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'lang="id"' in response.content


def test_indonesian_stays_the_default_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b'lang="id"' in response.content
    assert "Masuk ke Bangkom" in response.content.decode()


def test_login_then_home_shows_who_you_are(client, people):
    response = client.post(reverse("login"), {"username": "pegawai", "password": "secret-pass-123"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    employee = people["pegawai"].employee
    assert employee.nip_display in home.content.decode()
    assert people["school"].name in home.content.decode()


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_home_lists_what_each_role_can_do(client, people):
    _english(client)
    client.force_login(people["atasan"])
    assert "See your team" in client.get(reverse("home")).content.decode()
    client.force_login(people["hr"])
    page = client.get(reverse("home")).content.decode()
    assert "Read every employee record" in page
    assert "Add an employee" in page


def test_english_switch(client, people):
    client.force_login(people["pegawai"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert b'lang="en"' in client.get(reverse("home")).content


def test_employee_pages_are_scoped(client, people):
    client.force_login(people["koord_dikbud"])
    listing = client.get(reverse("employee-list")).content.decode()
    assert "Guru Sekolah" in listing
    assert "Perawat Puskesmas" not in listing
    assert client.get(reverse("employee-detail", args=[people["nurse"].pk])).status_code == 404
    assert client.get(reverse("employee-detail", args=[people["teacher"].pk])).status_code == 200


def test_asn_sees_only_own_record(client, people):
    client.force_login(people["pegawai"])
    listing = client.get(reverse("employee-list")).content.decode()
    assert "Guru Sekolah" not in listing
    assert client.get(reverse("employee-detail", args=[people["teacher"].pk])).status_code == 404
    assert client.get(reverse("employee-detail", args=[people["pegawai"].employee.pk])).status_code == 200


def test_supervisor_sees_team_member(client, people):
    client.force_login(people["atasan"])
    assert client.get(reverse("employee-detail", args=[people["pegawai"].employee.pk])).status_code == 200
    assert client.get(reverse("employee-detail", args=[people["nurse"].pk])).status_code == 404


def test_htmx_search_returns_only_the_table(client, people):
    client.force_login(people["hr"])
    response = client.get(reverse("employee-list"), {"search": "Perawat"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert "Perawat Puskesmas" in content
    assert "Guru Sekolah" not in content


def test_live_search_fragment_never_replaces_the_page_in_history(client, people):
    client.force_login(people["hr"])
    url = reverse("employee-list")
    fragment = client.get(url, {"search": "Perawat"}, HTTP_HX_REQUEST="true")
    assert "HX-Request" in fragment["Vary"]
    assert "no-cache" in fragment["Cache-Control"]
    page = client.get(url, {"search": "Perawat"})
    assert "HX-Request" in page["Vary"]
    assert "<html" in page.content.decode()
    restored = client.get(url, {"search": "Perawat"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restored.content.decode()


@pytest.mark.parametrize("login", ["pegawai", "atasan", "koord_dikbud"])
def test_employee_form_is_forbidden_without_hr_role(client, people, login):
    client.force_login(people[login])
    assert client.get(reverse("employee-create")).status_code == 403
    assert client.get(reverse("employee-update", args=[people[login].employee.pk])).status_code == 403


def test_hr_adds_an_employee_through_the_form(client, people):
    client.force_login(people["hr"])
    data = {
        "nip": "19801230 201001 2 005",
        "employment_type": "PNS",
        "name": "Siti Aminah",
        "grade": "III/b",
        "position": PositionFactory().pk,
        "unit": people["school"].pk,
        "supervisor_nip": people["atasan"].employee.nip,
        "is_active": "on",
    }
    response = client.post(reverse("employee-create"), data)
    assert response.status_code == 302
    created = Employee.objects.get(nip="198012302010012005")
    assert created.supervisor == people["atasan"].employee
    assert response.url == reverse("employee-detail", args=[created.pk])


def test_form_shows_nip_errors_beside_the_field(client, people):
    client.force_login(people["hr"])
    data = {
        "nip": "198013302010012005",
        "employment_type": "PNS",
        "name": "Siti Aminah",
        "grade": "III/b",
        "position": PositionFactory().pk,
        "unit": people["school"].pk,
    }
    _english(client)
    response = client.post(reverse("employee-create"), data)
    assert response.status_code == 200
    assert "birth date" in response.context["form"].errors["nip"][0]
    assert not Employee.objects.filter(name="Siti Aminah").exists()


def test_org_unit_page_lists_the_tree(client, people):
    client.force_login(people["pegawai"])
    page = client.get(reverse("org-unit-list")).content.decode()
    for unit in ("Dinas Pendidikan dan Kebudayaan", "SD Negeri 1 Muara Bungo", "Puskesmas Muara Bungo I"):
        assert unit in page


def test_history_is_shown_to_hr_only(client, people):
    client.force_login(people["hr"])
    assert client.get(reverse("employee-detail", args=[people["teacher"].pk])).context["history"] is not None
    client.force_login(people["koord_dikbud"])
    assert client.get(reverse("employee-detail", args=[people["teacher"].pk])).context["history"] is None


def test_history_names_fields_and_related_objects(client, people):
    from backend.people.services import employee_update

    employee_update(actor=people["hr"], employee=people["teacher"], unit=people["dikbud"], grade="III/c")
    _english(client)
    client.force_login(people["hr"])
    page = client.get(reverse("employee-detail", args=[people["teacher"].pk])).content.decode()
    assert f"Unit: {people['school'].name} → {people['dikbud'].name}" in page
    assert "Grade (golongan): III/a – Penata Muda → III/c – Penata" in page


def test_out_of_scope_page_is_the_apps_own_404(client, people):
    client.force_login(people["pegawai"])
    response = client.get(reverse("employee-detail", args=[people["nurse"].pk]))
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()
    assert reverse("home") in response.content.decode()


def test_forbidden_page_is_the_apps_own_403(client, people):
    client.force_login(people["pegawai"])
    response = client.get(reverse("employee-create"))
    assert response.status_code == 403
    assert "Tidak diizinkan" in response.content.decode()


def test_unit_page_counts_sub_units(client, people):
    client.force_login(people["hr"])
    units = {u.pk: u for u in client.get(reverse("org-unit-list")).context["units"]}
    dikbud = units[people["dikbud"].pk]
    school = units[people["school"].pk]
    assert school.total == school.employee_count > 0
    assert dikbud.total == dikbud.employee_count + school.total


def test_scoped_users_get_only_their_units_in_the_filter(client, people):
    client.force_login(people["koord_dikbud"])
    choices = client.get(reverse("employee-list")).context["filter"].form.fields["unit"].queryset
    assert set(choices.values_list("code", flat=True)) == {"dikbud", "sdn-1"}


@pytest.mark.parametrize("extra", [3, 30])
def test_employee_list_page_query_count_does_not_grow(client, people, django_assert_num_queries, extra):
    for index in range(extra):
        EmployeeFactory(unit=people["puskesmas"], name=f"Perawat {index:02d}")
    client.force_login(people["hr"])
    # 1 session, 2 user, 3-4 the caller's access (employee record, roles), 5 COUNT for the pager,
    # 6 the page with position, unit, its parent and supervisor joined, 7 the unit choices of the filter.
    with django_assert_num_queries(7):
        response = client.get(reverse("employee-list"))
    assert response.status_code == 200
