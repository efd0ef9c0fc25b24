import pytest
from django.urls import reverse

from backend.people.choices import Role
from backend.people.models import Employee
from tests.factories import EmployeeFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/employees/"


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def people(two_agencies, make_login):
    """Employees in two agencies, a supervisor with a team, and a login per role."""
    units = two_agencies
    atasan = make_login(unit=units["school"], username="atasan")
    team = EmployeeFactory.create_batch(2, unit=units["school"], supervisor=atasan.employee)
    teacher_elsewhere = EmployeeFactory(unit=units["dikbud"])
    nurse = EmployeeFactory(unit=units["puskesmas"])
    return {
        **units,
        "atasan": atasan,
        "team": team,
        "teacher": teacher_elsewhere,
        "nurse": nurse,
        "pegawai": make_login(unit=units["school"], username="pegawai", supervisor=atasan.employee),
        "koordinator": make_login(unit=units["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=units["bkpsdm"]),
        "koord_dikbud": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "hr": make_login(unit=units["bkpsdm"], roles=[Role.HR_ANALYST]),
        "admin": make_login(unit=units["bkpsdm"], roles=[Role.ADMINISTRATOR]),
    }


def test_token_login_and_token_auth(api_client, people):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "pegawai", "password": "secret-pass-123"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert me["username"] == "pegawai"
    assert me["employee"]["id"] == people["pegawai"].employee.pk


def test_wrong_password_gets_no_token(api_client, people):
    response = api_client.post("/api/v1/auth/token/", {"username": "pegawai", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_anonymous_is_refused(api_client, people):
    assert api_client.get(LIST).status_code in (401, 403)
    assert api_client.get("/api/v1/org-units/").status_code in (401, 403)


def test_asn_sees_only_self(api_client, people):
    api_client.force_authenticate(people["pegawai"])
    assert _ids(api_client.get(LIST)) == {people["pegawai"].employee.pk}
    for other in (people["nurse"], people["atasan"].employee, people["team"][0]):
        assert api_client.get(f"{LIST}{other.pk}/").status_code == 404


def test_supervisor_sees_self_and_direct_team(api_client, people):
    api_client.force_authenticate(people["atasan"])
    expected = {people["atasan"].employee.pk, people["pegawai"].employee.pk} | {e.pk for e in people["team"]}
    assert _ids(api_client.get(LIST)) == expected
    assert api_client.get(f"{LIST}{people['team'][0].pk}/").status_code == 200
    assert api_client.get(f"{LIST}{people['teacher'].pk}/").status_code == 404


def test_unit_coordinator_sees_only_their_subtree(api_client, people):
    api_client.force_authenticate(people["koord_dikbud"])
    visible = _ids(api_client.get(LIST, {"page_size": 200}))
    in_dikbud = set(Employee.objects.filter(unit__path__startswith=people["dikbud"].path).values_list("pk", flat=True))
    assert visible == in_dikbud
    assert people["nurse"].pk not in visible
    assert api_client.get(f"{LIST}{people['nurse'].pk}/").status_code == 404
    # Filtering for another agency's unit does not widen the scope.
    assert _ids(api_client.get(LIST, {"unit": people["dinkes"].pk})) == set()


def test_competency_agency_coordinator_and_hr_see_everyone(api_client, people):
    everyone = set(Employee.objects.values_list("pk", flat=True))
    for login in ("koordinator", "hr", "admin"):
        api_client.force_authenticate(people[login])
        assert _ids(api_client.get(LIST, {"page_size": 200})) == everyone, login


def test_filters_and_search(api_client, people):
    api_client.force_authenticate(people["hr"])
    pppk = EmployeeFactory(employment_type="PPPK", unit=people["puskesmas"], name="Rahmat Hidayat")
    assert _ids(api_client.get(LIST, {"employment_type": "PPPK"})) == {pppk.pk}
    assert _ids(api_client.get(LIST, {"grade": "IX"})) == {pppk.pk}
    assert _ids(api_client.get(LIST, {"unit": people["dinkes"].pk})) == {people["nurse"].pk, pppk.pk}
    assert _ids(api_client.get(LIST, {"search": "rahmat hid"})) == {pppk.pk}
    assert _ids(api_client.get(LIST, {"search": pppk.nip[:12]})) == {pppk.pk}
    grouped = f"{pppk.nip[:8]} {pppk.nip[8:12]}"
    assert _ids(api_client.get(LIST, {"search": grouped})) == {pppk.pk}
    kind = people["nurse"].position.kind
    assert people["nurse"].pk in _ids(api_client.get(LIST, {"position_kind": kind, "page_size": 200}))
    assert _ids(api_client.get(LIST, {"position_kind": "jpt"})) == set()


@pytest.mark.parametrize("login", ["pegawai", "atasan", "koordinator", "koord_dikbud"])
def test_only_hr_and_admin_write_employees(api_client, people, login):
    api_client.force_authenticate(people[login])
    payload = _payload(people)
    assert api_client.post(LIST, payload, format="json").status_code == 403
    own = people[login].employee
    assert api_client.patch(f"{LIST}{own.pk}/", {"name": "Changed"}, format="json").status_code == 403
    assert not Employee.objects.filter(nip=payload["nip"]).exists()


def _payload(people, **overrides):
    data = {
        "nip": "19801230 201001 2 005",
        "name": "Siti Aminah",
        "employment_type": "PNS",
        "grade": "III/b",
        "position": PositionFactory().pk,
        "unit": people["school"].pk,
        "supervisor": people["atasan"].employee.pk,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("login", ["hr", "admin"])
def test_hr_and_admin_create_and_update(api_client, people, login):
    api_client.force_authenticate(people[login])
    response = api_client.post(LIST, _payload(people), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["nip"] == "198012302010012005"
    assert body["nip_display"] == "19801230 201001 2 005"
    assert body["sex"] == "F"
    assert body["birth_date"] == "1980-12-30"
    response = api_client.patch(f"{LIST}{body['id']}/", {"grade": "III/c"}, format="json")
    assert response.status_code == 200
    assert response.json()["grade"] == "III/c"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nip": "1980123020100120"}, "nip"),  # length
        ({"nip": "198002302010012005"}, "nip"),  # 30 February
        ({"nip": "198012302010132005"}, "nip"),  # month 13
        ({"nip": "198012302010013005"}, "nip"),  # sex digit 3
        ({"employment_type": "PPPK", "grade": "IX"}, "nip"),  # PNS number typed as PPPK
        ({"unit": 999999}, "unit"),
        ({"grade": "IX"}, "grade"),
        ({"grade": "III/z"}, "grade"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(api_client, people, overrides, field):
    api_client.force_authenticate(people["hr"])
    before = Employee.objects.count()
    response = api_client.post(LIST, _payload(people, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Employee.objects.count() == before


def test_supervisor_cycle_is_400(api_client, people):
    api_client.force_authenticate(people["hr"])
    atasan = people["atasan"].employee
    response = api_client.patch(f"{LIST}{atasan.pk}/", {"supervisor": people["team"][0].pk}, format="json")
    assert response.status_code == 400
    assert "supervisor" in response.json()
    atasan.refresh_from_db()
    assert atasan.supervisor is None


def test_org_unit_cycle_is_400_and_units_write_needs_hr(api_client, people):
    url = f"/api/v1/org-units/{people['dikbud'].pk}/"
    api_client.force_authenticate(people["koordinator"])
    assert api_client.patch(url, {"name": "X"}, format="json").status_code == 403
    api_client.force_authenticate(people["admin"])
    response = api_client.patch(
        f"/api/v1/org-units/{people['school'].pk}/", {"parent": people["school"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()


def test_org_units_are_readable_by_every_login(api_client, people):
    api_client.force_authenticate(people["pegawai"])
    response = api_client.get("/api/v1/org-units/", {"within": people["dikbud"].pk})
    assert {row["code"] for row in response.json()["results"]} == {"dikbud", "sdn-1"}
    assert api_client.get(f"/api/v1/org-units/{people['dinkes'].pk}/").json()["employee_count"] == 0


@pytest.mark.parametrize("page_size", [5, 50])
def test_employee_list_query_count_does_not_grow_with_page_size(
    api_client, people, page_size, django_assert_num_queries
):
    for index in range(60):
        EmployeeFactory(unit=people["puskesmas"], supervisor=people["nurse"], name=f"Pegawai {index:02d}")
    user = people["hr"]
    api_client.force_authenticate(user)
    # 1: the caller's own employee record (with has-subordinates), 2: their role assignments,
    # 3: COUNT(*) for pagination, 4: the page with position, unit and supervisor joined.
    with django_assert_num_queries(4):
        response = api_client.get(LIST, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_schema_and_docs_are_served(client, people):
    client.force_login(people["pegawai"])
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/v1/employees/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_unknown_user_cannot_list_even_with_session(client, people):
    client.force_login(UserFactory(username="no-employee"))
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/org-units/" in (tmp_path / "schema.yaml").read_text()


def test_anonymous_api_call_is_401_with_a_challenge(api_client):
    response = api_client.get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_api_root_lists_every_collection(api_client, people):
    api_client.force_authenticate(people["pegawai"])
    listed = api_client.get("/api/v1/").json()
    for name in ("employees", "org-units", "periods", "scores", "evaluations", "gaps", "ikm-surveys", "follow-ups"):
        assert name in listed
