"""QR self check-in: signed codes, the session window, participants only, one record only."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from lms import checkin as codes
from lms.models import Attendance
from lms.services.attendance import CheckinRefused, attendance_checkin, attendance_record_bulk
from tests.factories import EnrollmentFactory, UserFactory, running_offering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


JAKARTA = ZoneInfo("Asia/Jakarta")


def at(session, hour: int, minute: int = 0, *, day_offset: int = 0) -> datetime.datetime:
    """A moment in the regency's local time on the session's day."""
    day = session.date + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=JAKARTA)


@pytest.fixture
def world(two_agencies, make_login, settings):
    settings.LMS_CHECKIN_GRACE_MINUTES = 30
    settings.LMS_CHECKIN_LATE_AFTER_MINUTES = 15
    settings.LMS_CHECKIN_ROTATE_SECONDS = 60
    units = two_agencies
    teacher = make_login(unit=units["school"])
    nurse = make_login(unit=units["puskesmas"])
    waiting = make_login(unit=units["school"])
    offering, (teacher_enrollment, _nurse) = running_offering(
        owner_unit=units["dikbud"], participants=[teacher.employee, nurse.employee], sessions=2
    )
    EnrollmentFactory(offering=offering, employee=waiting.employee, status="waitlisted")
    first, second = offering.sessions.order_by("date")
    return {
        **units,
        "offering": offering,
        "session": first,
        "second": second,
        "teacher": teacher,
        "teacher_enrollment": teacher_enrollment,
        "nurse": nurse,
        "waiting": waiting,
        "outsider": make_login(unit=units["dinkes"]),
        "coordinator": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "other_coordinator": make_login(
            unit=units["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=units["dinkes"]
        ),
    }


def refusal(**kwargs) -> str:
    with pytest.raises(CheckinRefused) as caught:
        attendance_checkin(**kwargs)
    return caught.value.code


# --- The code -----------------------------------------------------------------


def test_a_code_names_its_session_and_is_signed(world):
    session = world["session"]
    token = codes.checkin_token(session)
    assert codes.checkin_token_read(token).session_id == session.pk
    assert codes.checkin_token_read(token).step is None
    # Another salt (another feature signing with the same secret) does not make a valid code.
    assert refusal(token=signing.Signer(salt="other").sign(str(session.pk)), user=world["teacher"]) == "invalid"


def test_a_forged_or_damaged_code_is_refused(world):
    session, now = world["session"], at(world["session"], 8, 5)
    token = codes.checkin_token(session)
    value, signature = token.rsplit(":", 1)
    forged = f"{world['second'].pk}:{signature}"
    for bad in (forged, token[:-2], "", "nonsense", f"{value}:AAAA"):
        assert refusal(token=bad, user=world["teacher"], now=now) == "invalid"
    assert not Attendance.objects.exists()


def test_a_code_of_a_deleted_session_is_refused(world):
    token = codes.checkin_token(world["second"])
    now = at(world["second"], 8, 5)
    world["second"].delete()
    assert refusal(token=token, user=world["teacher"], now=now) == "invalid"


# --- The window ---------------------------------------------------------------


def test_check_in_inside_the_window_records_present_by_qr(world):
    session, teacher = world["session"], world["teacher"]
    record = attendance_checkin(token=codes.checkin_token(session), user=teacher, now=at(session, 8, 5))
    assert (record.status, record.method, record.recorded_by) == ("present", "qr", teacher)
    assert record.enrollment == world["teacher_enrollment"]
    entry = AuditEntry.objects.get(object_id=str(record.pk), content_type__model="attendance")
    assert entry.action == "create"
    assert entry.actor == teacher
    assert entry.changes["status"] == [None, "present"]
    assert entry.changes["method"] == [None, "qr"]


@pytest.mark.parametrize(
    ("hour", "minute", "status"),
    [(7, 30, "present"), (8, 15, "present"), (8, 16, "late"), (12, 30, "late")],
)
def test_present_until_fifteen_minutes_after_the_start_then_late(world, hour, minute, status):
    session = world["session"]
    record = attendance_checkin(
        token=codes.checkin_token(session), user=world["teacher"], now=at(session, hour, minute)
    )
    assert record.status == status


def test_the_late_threshold_is_a_setting(world, settings):
    settings.LMS_CHECKIN_LATE_AFTER_MINUTES = 5
    session = world["session"]
    record = attendance_checkin(token=codes.checkin_token(session), user=world["teacher"], now=at(session, 8, 6))
    assert record.status == "late"


def test_refused_before_the_window_opens(world):
    session = world["session"]
    token = codes.checkin_token(session)
    assert refusal(token=token, user=world["teacher"], now=at(session, 7, 29)) == "not_open"
    assert refusal(token=token, user=world["teacher"], now=at(session, 8, 0, day_offset=-1)) == "not_open"
    assert not Attendance.objects.exists()


def test_refused_after_the_window_closes(world):
    session = world["session"]
    token = codes.checkin_token(session)
    assert refusal(token=token, user=world["teacher"], now=at(session, 12, 31)) == "expired"
    assert refusal(token=token, user=world["teacher"], now=at(session, 8, 0, day_offset=1)) == "expired"
    assert not Attendance.objects.exists()


def test_the_window_is_local_time_not_utc(world):
    session = world["session"]
    # 01:05 UTC is 08:05 in Jakarta: inside. 08:05 UTC is 15:05 in Jakarta: closed.
    utc = datetime.UTC
    inside = datetime.datetime.combine(session.date, datetime.time(1, 5), tzinfo=utc)
    outside = datetime.datetime.combine(session.date, datetime.time(8, 5), tzinfo=utc)
    token = codes.checkin_token(session)
    assert refusal(token=token, user=world["teacher"], now=outside) == "expired"
    assert attendance_checkin(token=token, user=world["teacher"], now=inside).status == "present"


def test_the_grace_is_a_setting(world, settings):
    settings.LMS_CHECKIN_GRACE_MINUTES = 5
    session = world["session"]
    token = codes.checkin_token(session)
    assert refusal(token=token, user=world["teacher"], now=at(session, 7, 50)) == "not_open"
    assert refusal(token=token, user=world["teacher"], now=at(session, 12, 10)) == "expired"


def test_refused_once_the_offering_is_finished(world):
    session = world["session"]
    world["offering"].status = "finished"
    world["offering"].save()
    assert refusal(token=codes.checkin_token(session), user=world["teacher"], now=at(session, 8, 5)) == "expired"


# --- Who ----------------------------------------------------------------------


def test_refused_for_a_non_participant(world):
    session = world["session"]
    token, now = codes.checkin_token(session), at(session, 8, 5)
    assert refusal(token=token, user=world["outsider"], now=now) == "not_participant"
    # Waitlisted is not a seat.
    assert refusal(token=token, user=world["waiting"], now=now) == "not_participant"
    # A login without an employee record.
    assert refusal(token=token, user=UserFactory(), now=now) == "not_participant"
    assert not Attendance.objects.exists()


def test_refused_for_a_cancelled_enrollment(world):
    session = world["session"]
    world["teacher_enrollment"].status = "cancelled"
    world["teacher_enrollment"].save()
    assert (
        refusal(token=codes.checkin_token(session), user=world["teacher"], now=at(session, 8, 5)) == "not_participant"
    )


# --- Replay ---------------------------------------------------------------------


def test_a_replay_is_refused_and_leaves_one_record(world):
    session = world["session"]
    token = codes.checkin_token(session)
    attendance_checkin(token=token, user=world["teacher"], now=at(session, 8, 1))
    # The same code again, later, as if from another phone signed in as the same person.
    assert refusal(token=token, user=world["teacher"], now=at(session, 9, 0)) == "already_recorded"
    assert Attendance.objects.filter(session=session).count() == 1
    assert Attendance.objects.get().status == "present"


def test_refused_when_the_coordinator_already_recorded_them(world):
    session = world["session"]
    attendance_record_bulk(
        session=session, marks={world["teacher_enrollment"].pk: "excused"}, actor=world["coordinator"]
    )
    with pytest.raises(CheckinRefused) as caught:
        attendance_checkin(token=codes.checkin_token(session), user=world["teacher"], now=at(session, 8, 5))
    assert caught.value.code == "already_recorded"
    assert "excused" in caught.value.messages[0]
    assert Attendance.objects.get().method == "roll_call"


def test_each_session_takes_its_own_code(world):
    first, second = world["session"], world["second"]
    attendance_checkin(token=codes.checkin_token(first), user=world["teacher"], now=at(first, 8, 5))
    # The first session's code on the second day: outside its window.
    assert refusal(token=codes.checkin_token(first), user=world["teacher"], now=at(second, 8, 5)) == "expired"
    attendance_checkin(token=codes.checkin_token(second), user=world["teacher"], now=at(second, 8, 5))
    assert Attendance.objects.filter(enrollment=world["teacher_enrollment"]).count() == 2


# --- Rotating codes -------------------------------------------------------------


@pytest.fixture
def rotating(world):
    session = world["session"]
    session.rotating_checkin = True
    session.save()
    return session


def test_a_rotating_code_is_good_for_its_step_and_the_next(rotating, world):
    shown = at(rotating, 8, 0)
    token = codes.checkin_token(rotating, now=shown)
    assert codes.checkin_token_read(token, now=shown).step == codes.checkin_step(shown)
    # Scanned just before the code changed and confirmed just after it: still good.
    record = attendance_checkin(token=token, user=world["teacher"], now=shown + datetime.timedelta(seconds=60))
    assert record.status == "present"


def test_a_stale_rotating_code_is_refused(rotating, world):
    shown = at(rotating, 8, 0)
    token = codes.checkin_token(rotating, now=shown)
    later = shown + datetime.timedelta(seconds=120)
    assert refusal(token=token, user=world["teacher"], now=later) == "stale"
    # A code from the future (a forged step would need the secret anyway) is not current either.
    early = codes.checkin_token(rotating, now=shown + datetime.timedelta(minutes=10))
    assert refusal(token=early, user=world["teacher"], now=shown) == "stale"
    assert not Attendance.objects.exists()


def test_a_fixed_code_no_longer_works_once_the_session_rotates(world):
    session = world["session"]
    fixed = codes.checkin_token(session)
    session.rotating_checkin = True
    session.save()
    assert refusal(token=fixed, user=world["teacher"], now=at(session, 8, 5)) == "stale"


def test_the_rotation_period_is_a_setting(rotating, world, settings):
    settings.LMS_CHECKIN_ROTATE_SECONDS = 600
    shown = at(rotating, 8, 0)
    token = codes.checkin_token(rotating, now=shown)
    # Five minutes is still within the same or the next ten-minute step.
    assert attendance_checkin(token=token, user=world["teacher"], now=shown + datetime.timedelta(minutes=5))


# --- Pages ----------------------------------------------------------------------


def test_checkin_page_shows_the_session_then_records_on_confirm(client, world):
    session = world["session"]
    url = reverse("checkin", kwargs={"token": codes.checkin_token(session)})
    client.force_login(world["teacher"])
    with mock.patch("django.utils.timezone.now", return_value=at(session, 8, 20)):
        page = client.get(url)
        assert page.status_code == 200
        assert session.topic in page.content.decode()
        assert "<form" in page.content.decode()
        assert not Attendance.objects.exists()  # looking is not checking in
        done = client.post(url)
        assert done.status_code == 200
        assert "late" in done.content.decode().lower()
        again = client.post(url)
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    assert Attendance.objects.get().status == "late"


def test_checkin_page_refuses_outside_the_window_with_its_reason(client, world):
    session = world["session"]
    url = reverse("checkin", kwargs={"token": codes.checkin_token(session)})
    client.force_login(world["teacher"])
    with mock.patch("django.utils.timezone.now", return_value=at(session, 6, 0)):
        response = client.post(url)
    assert response.status_code == 400
    assert "not open yet" in response.content.decode()


def test_checkin_page_needs_a_login_and_a_genuine_code(client, world):
    token = codes.checkin_token(world["session"])
    response = client.get(reverse("checkin", kwargs={"token": token}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(world["teacher"])
    response = client.get(reverse("checkin", kwargs={"token": "1:forged"}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_checkin_screen_shows_the_qr_of_the_absolute_url(client, world):
    session = world["session"]
    client.force_login(world["coordinator"])
    response = client.get(reverse("session-checkin-screen", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    token = codes.checkin_token(session)
    assert "<svg" in body
    assert f"http://testserver/training/checkin/{token}/" in body
    assert 'hx-trigger="every' not in body  # a fixed code needs no refreshing
    assert "0 of 2 participants recorded" in body


def test_a_rotating_screen_refreshes_itself_through_htmx(client, world, rotating):
    client.force_login(world["coordinator"])
    url = reverse("session-checkin-screen", kwargs={"pk": rotating.pk})
    page = client.get(url)
    assert 'hx-get="' + url + '"' in page.content.decode()
    assert 'hx-trigger="every 15s"' in page.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'id="checkin-code"' in fragment.content.decode()


def test_checkin_screen_is_for_the_offering_managers_only(client, world):
    url = reverse("session-checkin-screen", kwargs={"pk": world["session"].pk})
    client.force_login(world["other_coordinator"])
    assert client.get(url).status_code == 404
    client.force_login(world["teacher"])
    assert client.get(url).status_code == 403
