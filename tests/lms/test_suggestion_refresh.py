"""What keeps a nightly refresh cheap: unchanged rows are only stamped, and one employee's refresh
reuses the uplifts the last run over everyone measured (``make bench``, suggestions)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.models import CourseIndicator, Suggestion
from lms.selectors import suggestion_engine
from lms.services.suggestions import suggestions_compute
from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def two_weak():
    quarter = PeriodFactory(year=2026, number=3)
    indicator = IndicatorFactory()
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator, weight=Decimal("0.8"))
    start = TODAY + datetime.timedelta(days=14)
    offering = OfferingFactory(
        course=course,
        start_date=start,
        end_date=start,
        enroll_opens=TODAY - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
    )
    SessionFactory(offering=offering, date=start)
    people = [EmployeeFactory(), EmployeeFactory()]
    for person, achievement in zip(people, (60, 70), strict=True):
        ScoreFactory(employee=person, indicator=indicator, period=quarter, target=100, realisasi=achievement)
    return people


def _at(hour: int):
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(hour)))


def test_an_unchanged_refresh_stamps_the_rows_and_a_changed_one_rewrites_them(two_weak):
    suggestions_compute(trigger="nightly", now=_at(1))
    before = {s.pk: s.rank_score for s in Suggestion.objects.all()}

    run = suggestions_compute(trigger="nightly", now=_at(2))

    assert (run.created, run.updated, run.lapsed) == (0, 2, 0)
    assert {s.pk: s.rank_score for s in Suggestion.objects.all()} == before
    assert set(Suggestion.objects.values_list("computed_at", flat=True)) == {_at(2)}

    CourseIndicator.objects.update(weight=Decimal("0.4"))
    run = suggestions_compute(trigger="nightly", now=_at(3))

    assert (run.created, run.updated) == (0, 2)
    assert {s.pk: s.rank_score for s in Suggestion.objects.all()} == {pk: rank / 2 for pk, rank in before.items()}
    assert set(Suggestion.objects.values_list("computed_at", flat=True)) == {_at(3)}


def test_one_employees_refresh_reuses_the_uplifts_of_the_last_run_over_everyone(two_weak, monkeypatch):
    measured = []

    def uplifts(*, access):
        measured.append(access)
        return {}

    monkeypatch.setattr(suggestion_engine, "course_indicator_uplifts", uplifts)

    # Without a run over everyone yet, one employee's refresh measures them itself.
    suggestions_compute(trigger="on_demand", employee_ids=[two_weak[0].pk])
    suggestions_compute(trigger="nightly")
    suggestions_compute(trigger="on_demand", employee_ids=[two_weak[0].pk])
    suggestions_compute(trigger="on_demand", employee_ids=[two_weak[1].pk])
    assert len(measured) == 2

    # Each run over everyone measures afresh.
    suggestions_compute(trigger="nightly")
    assert len(measured) == 3
