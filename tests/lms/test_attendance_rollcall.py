"""Roll call: one record per participant and session, its method and recorder, its history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from lms.models import Attendance
from lms.selectors.attendance import attendance_pct_by_enrollment, roll_call_get
from lms.services.attendance import attendance_record_bulk
from tests.factories import AttendanceFactory, EmployeeFactory, EnrollmentFactory, running_offering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(two_agencies, make_login):
    units = two_agencies
    people = [EmployeeFactory(unit=units["school"], name=name) for name in ("Ani", "Budi", "Citra")]
    offering, enrollments = running_offering(owner_unit=units["dikbud"], participants=people, sessions=4)
    waiting = EnrollmentFactory(offering=offering, status="waitlisted")
    _other_offering, (stranger,) = running_offering(owner_unit=units["dikbud"], participants=[EmployeeFactory()])
    return {
        **units,
        "offering": offering,
        "sessions": list(offering.sessions.order_by("date")),
        "enrollments": enrollments,
        "waiting": waiting,
        "stranger": stranger,
        "coordinator": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "central": make_login(unit=units["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=units["bkpsdm"]),
        "other_coordinator": make_login(
            unit=units["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=units["dinkes"]
        ),
        "hr": make_login(unit=units["bkpsdm"], roles=[Role.HR_ANALYST]),
        "asn": make_login(unit=units["school"]),
    }


def test_roll_call_creates_one_record_each_with_method_and_recorder(world):
    session, (ani, budi, citra) = world["sessions"][0], world["enrollments"]
    records = attendance_record_bulk(
        session=session, marks={ani.pk: "present", budi.pk: "late", citra.pk: "absent"}, actor=world["coordinator"]
    )
    assert len(records) == 3
    stored = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
    assert {pk: a.status for pk, a in stored.items()} == {ani.pk: "present", budi.pk: "late", citra.pk: "absent"}
    assert {a.method for a in stored.values()} == {"roll_call"}
    assert {a.recorded_by for a in stored.values()} == {world["coordinator"]}
    entries = AuditEntry.objects.filter(content_type__model="attendance", action="create")
    assert entries.count() == 3
    assert {e.actor for e in entries} == {world["coordinator"]}


def test_marking_again_updates_the_record_and_keeps_history_from_what_to_what(world):
    session, (ani, budi, _citra) = world["sessions"][0], world["enrollments"]
    attendance_record_bulk(session=session, marks={ani.pk: "absent", budi.pk: "present"}, actor=world["coordinator"])
    attendance_record_bulk(session=session, marks={ani.pk: "excused", budi.pk: "present"}, actor=world["central"])
    assert Attendance.objects.filter(session=session).count() == 2
    record = Attendance.objects.get(session=session, enrollment=ani)
    assert (record.status, record.recorded_by) == ("excused", world["central"])
    update = AuditEntry.objects.get(object_id=str(record.pk), action="update")
    assert update.changes["status"] == ["absent", "excused"]
    assert update.changes["recorded_by"] == [world["coordinator"].pk, world["central"].pk]
    assert update.actor == world["central"]
    # An unchanged mark is no change: no history row, and the first recorder stays.
    unchanged = Attendance.objects.get(session=session, enrollment=budi)
    assert unchanged.recorded_by == world["coordinator"]
    assert not AuditEntry.objects.filter(object_id=str(unchanged.pk), action="update").exists()


def test_a_qr_record_keeps_its_method_when_the_roll_call_agrees(world):
    session, ani = world["sessions"][0], world["enrollments"][0]
    AttendanceFactory(session=session, enrollment=ani, status="present", method="qr")
    attendance_record_bulk(session=session, marks={ani.pk: "present"}, actor=world["coordinator"])
    assert Attendance.objects.get().method == "qr"


@pytest.mark.parametrize("who", ["waiting", "stranger"])
def test_only_seat_holders_of_the_offering_may_be_marked(world, who):
    session, ani = world["sessions"][0], world["enrollments"][0]
    outsider = world[who]
    with pytest.raises(ValidationError) as caught:
        attendance_record_bulk(
            session=session, marks={ani.pk: "present", outsider.pk: "present"}, actor=world["coordinator"]
        )
    assert str(outsider.pk) in str(caught.value)
    assert not Attendance.objects.exists()


def test_an_unknown_status_refuses_the_whole_roll_call(world):
    session, (ani, budi, _c) = world["sessions"][0], world["enrollments"]
    with pytest.raises(ValidationError):
        attendance_record_bulk(session=session, marks={ani.pk: "present", budi.pk: "sleeping"}, actor=None)
    assert not Attendance.objects.exists()


def test_the_service_refuses_someone_who_does_not_manage_the_offering(world):
    session, ani = world["sessions"][0], world["enrollments"][0]
    for user in (world["other_coordinator"], world["asn"], world["hr"]):
        with pytest.raises(PermissionDenied):
            attendance_record_bulk(session=session, marks={ani.pk: "present"}, actor=user)
    assert not Attendance.objects.exists()


def test_a_finished_offering_takes_no_more_attendance(world):
    offering = world["offering"]
    offering.status = "finished"
    offering.save()
    with pytest.raises(ValidationError):
        attendance_record_bulk(
            session=world["sessions"][0], marks={world["enrollments"][0].pk: "present"}, actor=world["coordinator"]
        )


def test_roll_call_lists_every_seat_holder_with_their_record(world, django_assert_num_queries):
    session, (_ani, budi, _citra) = world["sessions"][0], world["enrollments"]
    AttendanceFactory(session=session, enrollment=budi, status="late", recorded_by=world["coordinator"])
    with django_assert_num_queries(2):
        rows = roll_call_get(session=session)
        # Names and recorders come with the two queries.
        shown = [(r.enrollment.employee.name, r.attendance and r.attendance.recorded_by.employee.name) for r in rows]
    assert [name for name, _ in shown] == ["Ani", "Budi", "Citra"]
    assert shown[1][1] == world["coordinator"].employee.name
    assert rows[0].attendance is None


def test_attendance_pct_counts_present_and_late_over_all_sessions(world):
    (ani, budi, citra), sessions = world["enrollments"], world["sessions"]
    for session, status in zip(sessions, ["present", "late", "excused", "absent"], strict=True):
        AttendanceFactory(session=session, enrollment=ani, status=status)
    AttendanceFactory(session=sessions[0], enrollment=budi, status="present")
    pct = attendance_pct_by_enrollment(enrollment_ids=[ani.pk, budi.pk, citra.pk])
    assert pct == {ani.pk: 50, budi.pk: 25, citra.pk: 0}


# --- The page ---------------------------------------------------------------------


def test_roll_call_page_saves_marks(client, world):
    session, (ani, budi, _citra) = world["sessions"][0], world["enrollments"]
    client.force_login(world["coordinator"])
    url = reverse("session-roll-call", kwargs={"pk": session.pk})
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert all(name in body for name in ("Ani", "Budi", "Citra"))
    assert f'name="mark_{ani.pk}"' in body
    response = client.post(url, {f"mark_{ani.pk}": "present", f"mark_{budi.pk}": "absent", "action": "save"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {ani.pk: "present", budi.pk: "absent"}
    # Who recorded each, and how, is shown.
    body = client.get(url).content.decode()
    assert world["coordinator"].employee.name in body
    assert "Roll call" in body


def test_mark_all_present_fills_the_rest_and_keeps_chosen_statuses(client, world):
    session, (ani, budi, citra) = world["sessions"][0], world["enrollments"]
    AttendanceFactory(session=session, enrollment=ani, status="excused")
    client.force_login(world["coordinator"])
    url = reverse("session-roll-call", kwargs={"pk": session.pk})
    response = client.post(url, {f"mark_{ani.pk}": "excused", f"mark_{budi.pk}": "late", "action": "all_present"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "status")) == {
        ani.pk: "excused",
        budi.pk: "late",
        citra.pk: "present",
    }


def test_roll_call_page_refuses_a_bad_status(client, world):
    session, ani = world["sessions"][0], world["enrollments"][0]
    client.force_login(world["coordinator"])
    response = client.post(reverse("session-roll-call", kwargs={"pk": session.pk}), {f"mark_{ani.pk}": "asleep"})
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_roll_call_page_permissions(client, world):
    url = reverse("session-roll-call", kwargs={"pk": world["sessions"][0].pk})
    # Another agency's coordinator: the session is out of scope.
    client.force_login(world["other_coordinator"])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"mark_{world['enrollments'][0].pk}": "present"}).status_code == 404
    # An ASN or HR analyst: not a coordinator at all.
    for user in (world["asn"], world["hr"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
    # The central agency's coordinators manage every offering.
    client.force_login(world["central"])
    assert client.get(url).status_code == 200
    assert not Attendance.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302


def test_roll_call_page_of_a_finished_offering_is_read_only(client, world):
    offering = world["offering"]
    offering.status = "finished"
    offering.save()
    client.force_login(world["coordinator"])
    url = reverse("session-roll-call", kwargs={"pk": world["sessions"][0].pk})
    assert "can no longer change" in client.get(url).content.decode()
    client.post(url, {f"mark_{world['enrollments'][0].pk}": "present"})
    assert not Attendance.objects.exists()


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_roll_call_page_queries_do_not_grow_with_participants(client, world):
    session = world["sessions"][0]
    client.force_login(world["coordinator"])
    url = reverse("session-roll-call", kwargs={"pk": session.pk})
    AttendanceFactory(session=session, enrollment=world["enrollments"][0], recorded_by=world["coordinator"])
    before = _page_queries(client, url)
    for _ in range(15):
        enrollment = EnrollmentFactory(offering=world["offering"])
        AttendanceFactory(session=session, enrollment=enrollment, recorded_by=world["central"], method="qr")
    assert _page_queries(client, url) == before
