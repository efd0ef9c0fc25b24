"""Check-in and finishing under real concurrency: PostgreSQL only (SQLite locks the whole file)."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import translation

from backend.people.choices import Role
from lms import checkin as codes
from lms.models import Attendance, JpLedgerEntry, Notification
from lms.services.attendance import CheckinRefused, attendance_checkin
from lms.services.completion import offering_finish
from tests.factories import (
    AttendanceFactory,
    EmployeeFactory,
    RoleAssignmentFactory,
    UserFactory,
    running_offering,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(target, count: int) -> tuple[list, list]:
    """Run ``target`` in ``count`` threads released at once; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            with translation.override("en"):
                results.append(target())
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_one_person_scanning_on_several_phones_at_once_gets_one_record():
    user = UserFactory()
    employee = EmployeeFactory(user=user)
    offering, _ = running_offering(owner_unit=employee.unit, participants=[employee], sessions=1)
    session = offering.sessions.get()
    token = codes.checkin_token(session)
    now = datetime.datetime.combine(session.date, datetime.time(8, 5), tzinfo=ZoneInfo("Asia/Jakarta"))

    results, errors = _together(lambda: attendance_checkin(token=token, user=user, now=now), 6)

    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(error, CheckinRefused) and error.code == "already_recorded" for error in errors)
    assert Attendance.objects.filter(session=session).count() == 1


def test_finishing_twice_at_once_credits_once():
    coordinator = UserFactory()
    people = [EmployeeFactory(user=UserFactory()) for _ in range(5)]
    offering, enrollments = running_offering(owner_unit=people[0].unit, participants=people, sessions=2)
    RoleAssignmentFactory(user=coordinator, role=Role.ADMINISTRATOR)
    for enrollment in enrollments:
        for session in offering.sessions.all():
            AttendanceFactory(session=session, enrollment=enrollment)
        enrollment.post_test = 90
        enrollment.save()

    results, errors = _together(
        lambda: offering_finish(offering=offering, actor=coordinator, today=datetime.date(2025, 12, 31)), 3
    )

    assert errors == []
    assert {result.status for result in results} == {"finished"}
    assert JpLedgerEntry.objects.count() == 5
    assert Notification.objects.filter(kind="result").count() == 5
