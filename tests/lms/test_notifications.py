"""Enrollment notices: session reminders (Celery beat), the e-mail sweep, and a broker that is down."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from lms.choices import EnrollmentStatus, NotificationKind
from lms.models import Enrollment, Notification
from lms.services.enrollment import enrollment_request
from lms.tasks import send_notification_task, send_pending_notifications_task, send_session_reminders_task
from tests.factories import EmployeeFactory, EnrollmentFactory, OfferingFactory, SessionFactory, UserFactory
from tests.lms.enrollment_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _participant(offering, status="enrolled"):
    return EnrollmentFactory(offering=offering, employee=EmployeeFactory(user=UserFactory()), status=status)


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_reminders_go_to_each_seat_holder_of_each_session_tomorrow_once(tomorrow):
    offering = OfferingFactory(start_date=tomorrow, enroll_closes=tomorrow)
    morning = SessionFactory(offering=offering, date=tomorrow, starts_at=datetime.time(8), ends_at=datetime.time(10))
    afternoon = SessionFactory(offering=offering, date=tomorrow, starts_at=datetime.time(13), ends_at=datetime.time(15))
    SessionFactory(offering=offering, date=tomorrow + datetime.timedelta(days=1))
    seated = [_participant(offering), _participant(offering)]
    for status in ("waitlisted", "pending", "cancelled"):
        _participant(offering, status)
    running = OfferingFactory(status="running", start_date=timezone.localdate(), enroll_closes=timezone.localdate())
    running_session = SessionFactory(offering=running, date=tomorrow)
    running_seat = _participant(running)
    for status in ("draft", "cancelled"):
        quiet = OfferingFactory(status=status, start_date=tomorrow, enroll_closes=tomorrow)
        SessionFactory(offering=quiet, date=tomorrow)
        _participant(quiet)

    assert send_session_reminders_task.delay(tomorrow.isoformat()).get() == 5
    assert send_session_reminders_task.delay(tomorrow.isoformat()).get() == 0

    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    expected = {f"reminder:{s.pk}:{e.pk}" for s in (morning, afternoon) for e in seated}
    expected.add(f"reminder:{running_session.pk}:{running_seat.pk}")
    assert set(reminders.values_list("dedupe_key", flat=True)) == expected
    own = reminders.get(dedupe_key=f"reminder:{morning.pk}:{seated[0].pk}")
    assert own.recipient == seated[0].employee.user


def test_the_beat_task_defaults_to_tomorrow(tomorrow):
    offering = OfferingFactory(start_date=tomorrow, enroll_closes=tomorrow)
    SessionFactory(offering=offering, date=tomorrow)
    SessionFactory(offering=offering, date=timezone.localdate())
    _participant(offering)
    assert send_session_reminders_task.delay().get() == 1


def test_an_employee_without_a_login_is_skipped(tomorrow):
    offering = OfferingFactory(start_date=tomorrow, enroll_closes=tomorrow)
    SessionFactory(offering=offering, date=tomorrow)
    EnrollmentFactory(offering=offering, employee=EmployeeFactory(user=None))
    assert send_session_reminders_task.delay(tomorrow.isoformat()).get() == 0
    assert not Notification.objects.exists()


def _notice(key, *, minutes_ago, emailed=False):
    user = UserFactory(username=key, email=f"{key}@bungokab.go.id")
    notice = Notification.objects.create(recipient=user, kind="approved", title=f"Judul {key}", dedupe_key=key)
    Notification.objects.filter(pk=notice.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        emailed_at=timezone.now() if emailed else None,
    )
    return notice


def test_the_sweep_emails_what_is_still_unsent_after_five_minutes():
    stale = _notice("stale", minutes_ago=12)
    _notice("fresh", minutes_ago=1)
    _notice("done", minutes_ago=30, emailed=True)
    assert send_pending_notifications_task.delay().get() == 1
    assert [message.to for message in mail.outbox] == [["stale@bungokab.go.id"]]
    stale.refresh_from_db()
    assert stale.emailed_at is not None
    assert send_pending_notifications_task.delay().get() == 0
    assert len(mail.outbox) == 1


def test_enrolling_succeeds_when_the_broker_is_down_and_the_sweep_sends_later(
    world, django_capture_on_commit_callbacks
):
    user = world["pegawai"]
    with (
        mock.patch.object(send_notification_task, "delay", side_effect=OperationalError("broker unreachable")),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        enrollment = enrollment_request(offering=world["offering"], employee=user.employee, actor=user, source="self")
    assert callbacks
    assert Enrollment.objects.get(pk=enrollment.pk).status == EnrollmentStatus.ENROLLED
    notice = Notification.objects.get(recipient=user)
    assert notice.emailed_at is None
    assert mail.outbox == []

    Notification.objects.filter(pk=notice.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    assert send_pending_notifications_task.delay().get() == 1
    assert mail.outbox[0].to == [user.email]
