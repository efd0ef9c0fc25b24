"""Seats under real concurrency: PostgreSQL only (SQLite locks the whole file, so it proves nothing).

Each thread has its own database connection (Django opens one per thread) and closes it at the end.
"""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lms.choices import EnrollmentStatus
from lms.models import Enrollment, EnrollmentTransition
from lms.selectors.enrollment import roster_get
from lms.services.enrollment import enrollment_cancel, enrollment_request
from tests.factories import (
    CourseIndicatorFactory,
    EmployeeFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    UserFactory,
)
from tests.threads import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24
SEATS = 5


@pytest.fixture
def crowd():
    """An offering of 5 seats and 24 employees, each with a different gap on its target indicator."""
    offering = OfferingFactory(capacity=SEATS, code="burst-1")
    indicator = IndicatorFactory(name="Kepatuhan standar pelayanan")
    CourseIndicatorFactory(course=offering.course, indicator=indicator, weight=1)
    period = PeriodFactory(year=2026, number=3)
    users = []
    for index in range(THREADS):
        user = UserFactory(username=f"asn{index:02d}")
        employee = EmployeeFactory(user=user, name=f"Pegawai {index:02d}")
        # Achievement 40, 42, … 86: gaps 60 down to 14, every one different.
        ScoreFactory(employee=employee, indicator=indicator, period=period, target=100, realisasi=40 + 2 * index)
        users.append(user)
    random.Random(4).shuffle(users)
    return offering, users


def _request(offering, user):
    return lambda: enrollment_request(offering=offering, employee=user.employee, actor=user, source="self")


def test_a_burst_never_overfills_and_the_waitlist_follows_need(crowd):
    offering, users = crowd
    errors = run_at_once([_request(offering, user) for user in users])

    assert errors == []
    rows = Enrollment.objects.filter(offering=offering)
    assert rows.filter(status=EnrollmentStatus.ENROLLED).count() == SEATS
    assert rows.filter(status=EnrollmentStatus.WAITLISTED).count() == THREADS - SEATS
    assert EnrollmentTransition.objects.filter(enrollment__offering=offering).count() == THREADS

    roster = roster_get(offering=offering)
    gaps = [row.need_gap for row in roster.waitlist]
    assert gaps == sorted(gaps, reverse=True)
    assert len(set(gaps)) == len(gaps)
    assert [row.waitlist_position for row in roster.waitlist] == list(range(1, THREADS - SEATS + 1))
    assert all(row.need_reason for row in roster.waitlist)

    # Cancellations and new requests at once: every freed seat goes to the neediest waiting,
    # newcomers queue behind them, and the seats still never exceed the capacity.
    next_in_line = {row.pk for row in roster.waitlist[:SEATS]}
    newcomers = [UserFactory(username=f"baru{index}") for index in range(SEATS)]
    for user in newcomers:
        EmployeeFactory(user=user)
    calls = [
        (lambda row=row: enrollment_cancel(enrollment=row, actor=row.employee.user, reason="Batal"))
        for row in roster.seat_holders
    ] + [_request(offering, user) for user in newcomers]
    errors = run_at_once(calls)

    assert errors == []
    seated = set(rows.filter(status=EnrollmentStatus.ENROLLED).values_list("pk", flat=True))
    assert seated == next_in_line
    assert rows.filter(status=EnrollmentStatus.WAITLISTED).count() == THREADS - 2 * SEATS + SEATS


def test_the_same_employee_asking_twenty_times_at_once_gets_one_row(crowd):
    offering, users = crowd
    user = users[0]
    errors = run_at_once([_request(offering, user) for _ in range(20)])

    assert len(errors) == 19
    assert all(isinstance(error, ValidationError) for error in errors), errors
    enrollment = Enrollment.objects.get(offering=offering, employee=user.employee)
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.transitions.count() == 1
    assert enrollment.need_gap > Decimal(0)
