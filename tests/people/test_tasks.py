import datetime
import time

import pytest
from axes.models import AccessLog
from django.core import mail
from django.utils import timezone

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from backend.people.models import RoleAssignment
from backend.people.services import role_grant
from backend.people.tasks import prune_login_records_task, send_role_notice_task
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from backend.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = bool(not settings.CELERY_BROKER_URL)


def test_granting_a_role_notifies_once_after_commit(eager, django_capture_on_commit_callbacks):
    user = UserFactory(email="koordinator@example.test")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assignment = role_grant(actor=None, user=user, role=Role.COORDINATOR, org_unit=OrgUnitFactory())
    assert len(callbacks) == 1
    assignment.refresh_from_db()
    assert assignment.notified_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["koordinator@example.test"]

    # Idempotent: a repeated delivery of the task sends nothing more.
    assert send_role_notice_task.delay(assignment.pk).get() is False
    assert len(mail.outbox) == 1


def test_admin_role_opens_the_admin_site():
    user = UserFactory()
    role_grant(actor=None, user=user, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert user.is_staff


def test_coordinator_without_scope_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        role_grant(actor=None, user=UserFactory(), role=Role.COORDINATOR)
    assert not RoleAssignment.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_task_round_trips_through_a_real_worker():
    """Grant a role; the broker carries the task to a worker thread that e-mails and records it."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker's start-up check
    from celery.contrib.testing.worker import start_worker

    from backend.celery import app

    assert not app.conf.task_always_eager, "a broker is configured, so tasks must not run inline"
    user = UserFactory(email="hr@example.test")
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        assignment = role_grant(actor=None, user=user, role=Role.HR_ANALYST)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assignment.refresh_from_db()
            if assignment.notified_at:
                break
            time.sleep(0.1)
    assert assignment.notified_at is not None, "the worker never ran the task"
    assert [m.to for m in mail.outbox] == [["hr@example.test"]]
    assert AuditEntry.objects.filter(object_id=str(assignment.pk), changes__has_key="notified_at").exists()


def test_login_records_older_than_the_retention_are_pruned(settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 90
    old, recent = (AccessLog.objects.create(username=name, ip_address="10.0.0.1") for name in ("old", "recent"))
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=91))
    AccessLog.objects.filter(pk=recent.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=89))

    assert prune_login_records_task.delay().get() == 1

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]
