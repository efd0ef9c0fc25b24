"""Worlds several test modules build: composed from the factories."""

import datetime
from decimal import Decimal

from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    IndicatorFactory,
    OfferingFactory,
    OrgUnitFactory,
    PeriodFactory,
    ScoreFactory,
)


def _quarters(year=2024):
    return [PeriodFactory(year=year, number=n) for n in (1, 2, 3, 4)]


def score_at(employee, indicator, period, achievement):
    # target 100 and a higher-is-better indicator: achievement = realisasi.
    ScoreFactory(employee=employee, indicator=indicator, period=period, target=100, realisasi=Decimal(achievement))


def impact_scenario(*, effect=10.0, participants=12, peers=12, unit=None):
    """Offering in Q2 2024: baseline Q1, follow-ups Q3 and Q4. Everybody weak (70) in Q1;
    everybody improves by 5 (+ a small spread); participants by ``effect`` more."""
    q1, q2, q3, q4 = _quarters()
    unit = unit or OrgUnitFactory()
    indicator = IndicatorFactory(org_unit=unit)
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    offering = OfferingFactory(
        course=course,
        owner_unit=unit,
        status="finished",
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 8),
        enroll_opens=datetime.date(2024, 4, 1),
        enroll_closes=datetime.date(2024, 5, 1),
    )
    trained, untrained = [], []
    for i in range(participants):
        person = EmployeeFactory(unit=unit)
        EnrollmentFactory(offering=offering, employee=person, status="completed", credited_minutes=900)
        score_at(person, indicator, q1, 70)
        spread = (i % 3) - 1
        score_at(person, indicator, q3, 75 + effect + spread)
        score_at(person, indicator, q4, 75 + effect - spread)
        trained.append(person)
    for i in range(peers):
        person = EmployeeFactory(unit=unit)
        score_at(person, indicator, q1, 70)
        spread = (i % 3) - 1
        score_at(person, indicator, q3, 75 + spread)
        score_at(person, indicator, q4, 75 + 2 * spread)
        untrained.append(person)
    return {
        "course": course,
        "offering": offering,
        "indicator": indicator,
        "unit": unit,
        "trained": trained,
        "untrained": untrained,
        "periods": (q1, q2, q3, q4),
    }
