"""Pages whose rows grow with the data answer in the same number of queries for few rows and many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.people.choices import Role
from lms.services.notifications import notification_send
from tests.factories import EmployeeFactory, EnrollmentFactory, ExternalActivityFactory, OfferingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def people(make_login, two_agencies):
    supervisor = make_login(unit=two_agencies["school"])
    return {
        "supervisor": supervisor,
        "coordinator": make_login(
            unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"]
        ),
        "units": two_agencies,
    }


def test_notifications_page(client, people):
    user = people["supervisor"]
    client.force_login(user)

    def add(n):
        for i in range(n):
            notification_send(recipient=user, kind="approved", title=f"Disetujui {i}", dedupe_key=f"k{i}-{n}")

    add(2)
    few = _queries(client, reverse("notifications"))
    add(20)
    assert _queries(client, reverse("notifications")) == few


def test_approvals_page(client, people):
    supervisor = people["supervisor"]
    offering = OfferingFactory(requires_approval=True)
    client.force_login(supervisor)

    def add(n):
        for _ in range(n):
            EnrollmentFactory(
                offering=offering, status="pending", employee=EmployeeFactory(supervisor=supervisor.employee)
            )

    add(1)
    few = _queries(client, reverse("approvals"))
    add(12)
    assert _queries(client, reverse("approvals")) == few


def test_activity_review_page(client, people):
    client.force_login(people["coordinator"])

    def add(n):
        ExternalActivityFactory.create_batch(n, employee=EmployeeFactory(unit=people["units"]["school"]))

    add(1)
    few = _queries(client, reverse("activity-review"))
    add(15)
    assert _queries(client, reverse("activity-review")) == few


def test_schedule_week_page(client, people):
    client.force_login(people["coordinator"])
    offering = OfferingFactory(owner_unit=people["units"]["bkpsdm"])
    url = f"{reverse('schedule')}?view=week&date={offering.start_date:%Y-%m-%d}"
    SessionFactory(offering=offering)
    few = _queries(client, url)
    for hour in range(13, 17):
        other = OfferingFactory(owner_unit=people["units"]["bkpsdm"], start_date=offering.start_date)
        SessionFactory(offering=other, starts_at=f"{hour}:00", ends_at=f"{hour}:45")
    assert _queries(client, url) == few
