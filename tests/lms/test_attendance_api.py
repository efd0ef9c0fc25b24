"""/api/v1/attendance/: scoped list, roll call for managers, QR check-in for participants."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from backend.people.choices import Role
from lms import checkin as codes
from lms.models import Attendance
from tests.factories import AttendanceFactory, EmployeeFactory, EnrollmentFactory, running_offering

pytestmark = pytest.mark.django_db

URL = "/api/v1/attendance/"


@pytest.fixture(autouse=True)
def _english(api_client, settings):
    # Messages are asserted in their English source; the API answers in the active language.
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(two_agencies, make_login):
    units = two_agencies
    teacher = make_login(unit=units["school"])
    nurse = make_login(unit=units["puskesmas"])
    school_offering, (teacher_enrollment, nurse_in_school) = running_offering(
        owner_unit=units["dikbud"], participants=[teacher.employee, nurse.employee], sessions=2
    )
    health_offering, (nurse_enrollment,) = running_offering(
        owner_unit=units["dinkes"], participants=[nurse.employee], sessions=2
    )
    school_sessions = list(school_offering.sessions.order_by("date"))
    health_sessions = list(health_offering.sessions.order_by("date"))
    records = {
        "teacher_1": AttendanceFactory(session=school_sessions[0], enrollment=teacher_enrollment),
        "teacher_2": AttendanceFactory(session=school_sessions[1], enrollment=teacher_enrollment, status="absent"),
        "nurse_school": AttendanceFactory(session=school_sessions[0], enrollment=nurse_in_school, status="late"),
        "nurse_health": AttendanceFactory(session=health_sessions[0], enrollment=nurse_enrollment, method="qr"),
    }
    return {
        **units,
        "teacher": teacher,
        "nurse": nurse,
        "school_offering": school_offering,
        "school_sessions": school_sessions,
        "teacher_enrollment": teacher_enrollment,
        "nurse_in_school": nurse_in_school,
        "health_offering": health_offering,
        "records": records,
        "dikbud_coordinator": make_login(
            unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]
        ),
        "dinkes_coordinator": make_login(
            unit=units["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=units["dinkes"]
        ),
        "hr": make_login(unit=units["bkpsdm"], roles=[Role.HR_ANALYST]),
        # Supervises the teacher, but supervisors are not among those who read attendance.
        "headmaster": make_login(unit=units["school"]),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_an_asn_sees_only_their_own_attendance(api_client, world):
    records = world["records"]
    api_client.force_authenticate(world["teacher"])
    assert ids(api_client.get(URL)) == {records["teacher_1"].pk, records["teacher_2"].pk}
    # Filtering on someone else's session or enrollment finds nothing rather than their rows.
    assert ids(api_client.get(URL, {"enrollment": world["nurse_in_school"].pk})) == set()
    assert api_client.get(f"{URL}{records['nurse_school'].pk}/").status_code == 404
    api_client.force_authenticate(world["nurse"])
    assert ids(api_client.get(URL)) == {records["nurse_school"].pk, records["nurse_health"].pk}


def test_a_supervisor_does_not_read_their_subordinates_attendance(api_client, world):
    world["teacher"].employee.supervisor = world["headmaster"].employee
    world["teacher"].employee.save()
    api_client.force_authenticate(world["headmaster"])
    assert ids(api_client.get(URL)) == set()


def test_a_coordinator_sees_the_offerings_they_manage(api_client, world):
    records = world["records"]
    api_client.force_authenticate(world["dikbud_coordinator"])
    assert ids(api_client.get(URL)) == {records["teacher_1"].pk, records["teacher_2"].pk, records["nurse_school"].pk}
    api_client.force_authenticate(world["dinkes_coordinator"])
    assert ids(api_client.get(URL)) == {records["nurse_health"].pk}
    assert api_client.get(f"{URL}{records['teacher_1'].pk}/").status_code == 404


def test_hr_reads_everything_and_filters(api_client, world):
    records = world["records"]
    api_client.force_authenticate(world["hr"])
    assert ids(api_client.get(URL)) == {r.pk for r in records.values()}
    assert ids(api_client.get(URL, {"offering": world["health_offering"].pk})) == {records["nurse_health"].pk}
    assert ids(api_client.get(URL, {"session": world["school_sessions"][1].pk})) == {records["teacher_2"].pk}
    assert ids(api_client.get(URL, {"status": "late"})) == {records["nurse_school"].pk}
    assert ids(api_client.get(URL, {"method": "qr"})) == {records["nurse_health"].pk}
    assert ids(api_client.get(URL, {"enrollment": world["teacher_enrollment"].pk})) == {
        records["teacher_1"].pk,
        records["teacher_2"].pk,
    }
    detail = api_client.get(f"{URL}{records['teacher_2'].pk}/").json()
    assert detail["status"] == "absent"
    assert detail["session"]["offering_code"] == world["school_offering"].code
    assert detail["enrollment"]["employee"]["nip"] == world["teacher"].employee.nip


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_is_constant(api_client, world, django_assert_num_queries, page_size):
    offering, session = world["school_offering"], world["school_sessions"][1]
    for _ in range(60):
        enrollment = EnrollmentFactory(offering=offering, employee=EmployeeFactory())
        AttendanceFactory(session=session, enrollment=enrollment, recorded_by=world["dikbud_coordinator"])
    api_client.force_authenticate(world["dikbud_coordinator"])
    # 1 the caller's employee record, 2 their roles, 3 COUNT for pagination, 4 the page with
    # session, offering, employee and the recorder's employee record joined.
    with django_assert_num_queries(4):
        response = api_client.get(URL, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    # The recorder's name comes with each row (which rows a page holds depends on the database's order).
    rows = api_client.get(URL, {"page_size": 200, "session": session.pk}).json()["results"]
    recorders = {row["recorded_by"]["name"] for row in rows if row["recorded_by"]}
    assert world["dikbud_coordinator"].employee.name in recorders


# --- Roll call ----------------------------------------------------------------------


def test_roll_call_by_the_offering_coordinator(api_client, world):
    session = world["school_sessions"][1]
    api_client.force_authenticate(world["dikbud_coordinator"])
    payload = {
        "session": session.pk,
        "marks": [
            {"enrollment": world["teacher_enrollment"].pk, "status": "present"},
            {"enrollment": world["nurse_in_school"].pk, "status": "excused"},
        ],
    }
    response = api_client.post(f"{URL}roll-call/", payload, format="json")
    assert response.status_code == 200, response.content
    assert {(row["enrollment"]["id"], row["status"], row["method"]) for row in response.json()} == {
        (world["teacher_enrollment"].pk, "present", "roll_call"),
        (world["nurse_in_school"].pk, "excused", "roll_call"),
    }
    assert Attendance.objects.get(session=session, enrollment=world["teacher_enrollment"]).status == "present"


def test_roll_call_refuses_an_enrollment_of_another_offering(api_client, world):
    session = world["school_sessions"][1]
    other = EnrollmentFactory(offering=world["health_offering"])
    api_client.force_authenticate(world["dikbud_coordinator"])
    payload = {"session": session.pk, "marks": [{"enrollment": other.pk, "status": "present"}]}
    response = api_client.post(f"{URL}roll-call/", payload, format="json")
    assert response.status_code == 400
    assert "marks" in response.json()
    assert not Attendance.objects.filter(enrollment=other).exists()


def test_roll_call_permissions(api_client, world):
    session = world["school_sessions"][1]
    payload = {"session": session.pk, "marks": [{"enrollment": world["teacher_enrollment"].pk, "status": "present"}]}
    api_client.force_authenticate(world["dinkes_coordinator"])
    assert api_client.post(f"{URL}roll-call/", payload, format="json").status_code == 404
    for user in (world["teacher"], world["hr"]):
        api_client.force_authenticate(user)
        assert api_client.post(f"{URL}roll-call/", payload, format="json").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.post(f"{URL}roll-call/", payload, format="json").status_code in (401, 403)
    assert Attendance.objects.get(session=session, enrollment=world["teacher_enrollment"]).status == "absent"


def test_roll_call_validates_its_input(api_client, world):
    session = world["school_sessions"][1]
    api_client.force_authenticate(world["dikbud_coordinator"])
    mark = {"enrollment": world["teacher_enrollment"].pk, "status": "present"}
    for payload in (
        {"session": session.pk, "marks": []},
        {"session": session.pk, "marks": [mark, mark]},
        {"session": session.pk, "marks": [{**mark, "status": "asleep"}]},
    ):
        assert api_client.post(f"{URL}roll-call/", payload, format="json").status_code == 400


def test_post_on_the_list_is_not_a_way_to_write(api_client, world):
    api_client.force_authenticate(world["dikbud_coordinator"])
    assert api_client.post(URL, {}, format="json").status_code == 405


# --- Check-in -------------------------------------------------------------------------


def _during(session) -> datetime.datetime:
    return datetime.datetime.combine(session.date, datetime.time(8, 10), tzinfo=ZoneInfo("Asia/Jakarta"))


def test_checkin_records_the_caller(api_client, world):
    offering, (enrollment,) = running_offering(owner_unit=world["dikbud"], participants=[world["teacher"].employee])
    session = offering.sessions.order_by("date").first()
    api_client.force_authenticate(world["teacher"])
    token = codes.checkin_token(session)
    with mock.patch("django.utils.timezone.now", return_value=_during(session)):
        response = api_client.post(f"{URL}checkin/", {"token": token}, format="json")
        assert response.status_code == 201, response.content
        assert (response.json()["status"], response.json()["method"]) == ("present", "qr")
        assert response.json()["enrollment"]["id"] == enrollment.pk
        replay = api_client.post(f"{URL}checkin/", {"token": token}, format="json")
    assert replay.status_code == 400
    assert replay.json()["code"] == "already_recorded"
    assert Attendance.objects.filter(session=session).count() == 1


def test_checkin_refusals_name_their_rule(api_client, world):
    session = world["school_sessions"][0]
    api_client.force_authenticate(world["hr"])
    with mock.patch("django.utils.timezone.now", return_value=_during(session)):
        response = api_client.post(f"{URL}checkin/", {"token": codes.checkin_token(session)}, format="json")
        assert response.json() == {
            "code": "not_participant",
            "detail": "You are not a participant of this offering, so you cannot check in to its session.",
        }
        forged = api_client.post(f"{URL}checkin/", {"token": "1:abc"}, format="json")
    assert (forged.status_code, forged.json()["code"]) == (400, "invalid")
