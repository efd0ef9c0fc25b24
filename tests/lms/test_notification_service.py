from unittest import mock

import pytest
from django.core import mail

from lms.models import Notification
from lms.services.notifications import notification_email, notification_mark_read, notification_send
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _send(user, key="k1"):
    return notification_send(
        recipient=user,
        kind="approved",
        title="Pendaftaran disetujui",
        body="Selamat.",
        url="/training/me/",
        dedupe_key=key,
    )


def test_a_notification_is_stored_and_emailed_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="ani@bungokab.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(user)
        again = _send(user)
    assert first is not None
    assert again is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ani@bungokab.go.id"]
    assert "http://127.0.0.1:8000/training/me/" in mail.outbox[0].body
    # A repeated task run sends nothing more.
    assert notification_email(notification_id=first.pk) is None
    assert len(mail.outbox) == 1


def test_the_employee_address_is_used_when_the_login_has_none(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    EmployeeFactory(user=user, email="budi@bungokab.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        _send(user)
    assert mail.outbox[0].to == ["budi@bungokab.go.id"]


def test_a_broker_outage_keeps_the_notification_for_later(django_capture_on_commit_callbacks):
    user = UserFactory(email="ani@bungokab.go.id")
    with (
        mock.patch("lms.tasks.send_notification_task.delay", side_effect=ConnectionError("redis down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = _send(user)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert mail.outbox == []


def test_mark_read_touches_only_the_users_own():
    mine, other = UserFactory(), UserFactory()
    a = _send(mine, "a")
    _send(mine, "b")
    theirs = _send(other, "c")
    assert notification_mark_read(user=mine, notification_ids=[a.pk, theirs.pk]) == 1
    assert notification_mark_read(user=mine) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
