"""The suggestion engine: which courses are suggested to whom, in which order, and how status survives."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lms.choices import SuggestionStatus
from lms.models import CourseGapTarget, Suggestion, SuggestionRun
from lms.selectors.suggestion_engine import expected_uplift
from lms.selectors.suggestions import suggestion_reason
from lms.services.suggestions import suggestion_dismiss, suggestions_compute
from tests.factories import (
    AnnualPeriodFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    EvaluationFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Offerings are placed relative to the day the suite runs: the engine looks ahead from today.
TODAY = timezone.localdate()


@pytest.fixture
def now():
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(2, 0)))


@pytest.fixture
def quarter():
    return PeriodFactory(year=2026, number=3)


def _offering(course, *, start=TODAY + datetime.timedelta(days=14), **kwargs):
    offering = OfferingFactory(
        course=course,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        enroll_opens=min(TODAY, start) - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
        **kwargs,
    )
    SessionFactory(offering=offering, date=start)
    return offering


def _weak(employee, indicator, period, achievement):
    return ScoreFactory(employee=employee, indicator=indicator, period=period, target=100, realisasi=achievement)


def _compute(now, **kwargs):
    return suggestions_compute(trigger="nightly", now=now, **kwargs)


def test_a_weak_indicator_suggests_a_course_with_an_open_offering_and_says_why(quarter, now):
    person = EmployeeFactory()
    indicator = IndicatorFactory(name="Rata-rata waktu penyelesaian izin")
    _weak(person, indicator, quarter, 62)
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator, weight=Decimal("0.8"))
    offering = _offering(course)

    run = _compute(now)

    [suggestion] = Suggestion.objects.all()
    assert (suggestion.employee, suggestion.course, suggestion.offering) == (person, course, offering)
    assert suggestion.gap_size == Decimal("38.00")
    assert suggestion.period == quarter
    assert suggestion.uplift is None
    assert suggestion.expected_uplift == Decimal("5.00")
    assert suggestion.rank_score == Decimal("38") * Decimal("0.8") * Decimal("5")
    assert (run.created, run.updated, run.lapsed, run.employees) == (1, 0, 0, 1)
    with translation.override("id"):
        reason = suggestion_reason(suggestion)
    assert reason.startswith("Capaian “Rata-rata waktu penyelesaian izin” 62 % dari target")
    assert "belum diukur" in reason


def test_nothing_is_suggested_without_an_open_offering(quarter, now):
    person = EmployeeFactory()
    indicator = IndicatorFactory()
    _weak(person, indicator, quarter, 50)
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    _offering(course, status="draft")
    _offering(CourseFactory(), status="published")  # answers nothing
    closed = _offering(course)
    closed.enroll_closes = TODAY - datetime.timedelta(days=1)
    closed.save()
    _compute(now)
    assert not Suggestion.objects.exists()


def test_strong_indicators_suggest_nothing(quarter, now):
    person = EmployeeFactory()
    indicator = IndicatorFactory()
    _weak(person, indicator, quarter, 85)
    CourseIndicatorFactory(course=_offering(CourseFactory()).course, indicator=indicator)
    _compute(now)
    assert not Suggestion.objects.exists()


def test_ranked_by_gap_weight_and_evidence(quarter, now, settings):
    settings.LMS_SUGGESTIONS_PER_EMPLOYEE = 2
    person = EmployeeFactory()
    deep, shallow = IndicatorFactory(), IndicatorFactory()
    _weak(person, deep, quarter, 40)
    _weak(person, shallow, quarter, 75)
    for indicator, weight in ((deep, "1"), (shallow, "1"), (deep, "0.1")):
        course = CourseFactory()
        CourseIndicatorFactory(course=course, indicator=indicator, weight=Decimal(weight))
        _offering(course)
    _compute(now)
    ranked = list(Suggestion.objects.filter(status="suggested").order_by("-rank_score"))
    # 60 × 1, then 25 × 1 (60 × 0.1 = 6 falls beyond the limit of 2).
    assert [s.gap_size for s in ranked] == [Decimal("60.00"), Decimal("25.00")]


def test_measured_uplift_is_shrunk_toward_the_prior(settings):
    settings.LMS_SUGGESTION_PRIOR_UPLIFT = 5
    settings.LMS_SUGGESTION_PRIOR_N = 20
    assert expected_uplift(measured=None, n=0) == Decimal("5.00")
    # Few participants: close to the prior; many: close to the measurement.
    assert expected_uplift(measured=15.0, n=5) == Decimal("7.00")
    assert expected_uplift(measured=15.0, n=180) == Decimal("14.00")
    assert expected_uplift(measured=-5.0, n=20) == Decimal("0.00")


def test_completed_recently_enrolled_or_missing_prerequisites_are_left_out(quarter, now):
    person = EmployeeFactory()
    indicator = IndicatorFactory()
    _weak(person, indicator, quarter, 50)
    done, waiting, advanced, fine = (CourseFactory() for _ in range(4))
    advanced.prerequisites.add(CourseFactory())
    for course in (done, waiting, advanced, fine):
        CourseIndicatorFactory(course=course, indicator=indicator)
        _offering(course)
    past = _offering(done, start=TODAY - datetime.timedelta(days=100), status="finished")
    EnrollmentFactory(offering=past, employee=person, status="completed", credited_minutes=900)
    EnrollmentFactory(offering=waiting.offerings.get(), employee=person, status="waitlisted")
    _compute(now)
    assert list(Suggestion.objects.values_list("course", flat=True)) == [fine.pk]


def test_an_offering_clashing_with_the_employees_seats_gives_way_to_a_later_one(quarter, now):
    person = EmployeeFactory()
    indicator = IndicatorFactory()
    _weak(person, indicator, quarter, 50)
    busy_day = TODAY + datetime.timedelta(days=10)
    EnrollmentFactory(offering=_offering(CourseFactory(), start=busy_day), employee=person)
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    _offering(course, start=busy_day)
    later = _offering(course, start=busy_day + datetime.timedelta(days=20))
    _compute(now)
    assert Suggestion.objects.get(course=course).offering == later


def test_a_behaviour_value_rated_below_suggests_a_course_answering_it(quarter, now):
    person = EmployeeFactory()
    _weak(person, IndicatorFactory(), quarter, 95)
    EvaluationFactory(
        employee=person,
        period=AnnualPeriodFactory(year=2026),
        behaviour_rating="below",
        result_rating="meets",
        behaviour={"kolaboratif": "below"},
    )
    course = CourseFactory()
    CourseGapTarget.objects.create(course=course, kind="behaviour", code="kolaboratif", weight=1)
    _offering(course)
    _compute(now)
    suggestion = Suggestion.objects.get()
    assert (suggestion.gap_kind, suggestion.gap_code, suggestion.gap_label) == (
        "behaviour",
        "kolaboratif",
        "Kolaboratif",
    )
    # Rated below expectation counts like an indicator at the weak threshold: 100 − 80.
    assert suggestion.rank_score == Decimal("20") * 1 * Decimal("5")


def test_status_survives_recomputation(quarter, now):
    person = EmployeeFactory(user=UserFactory())
    indicator, other = IndicatorFactory(), IndicatorFactory()
    score = _weak(person, indicator, quarter, 50)
    _weak(person, other, quarter, 50)
    kept, dismissed, taken = CourseFactory(), CourseFactory(), CourseFactory()
    for course in (kept, dismissed, taken):
        CourseIndicatorFactory(course=course, indicator=indicator if course is not dismissed else other)
        _offering(course)
    _compute(now)
    assert Suggestion.objects.filter(status="suggested").count() == 3

    suggestion_dismiss(suggestion=Suggestion.objects.get(course=dismissed), actor=person.user, reason="Sudah paham")
    enrollment = EnrollmentFactory(offering=taken.offerings.get(), employee=person, status="pending")
    second = _compute(now)
    statuses = dict(Suggestion.objects.values_list("course", "status"))
    assert statuses == {
        kept.pk: SuggestionStatus.SUGGESTED,
        dismissed.pk: SuggestionStatus.DISMISSED,
        taken.pk: SuggestionStatus.ENROLLED,
    }
    assert Suggestion.objects.get(course=taken).enrollment == enrollment
    assert second.created == 0

    # The gap closes: the open suggestion lapses, the others keep their status ...
    score.realisasi = score.achievement = Decimal(90)
    score.save()
    third = _compute(now)
    assert Suggestion.objects.get(course=kept).status == SuggestionStatus.LAPSED
    assert third.lapsed == 1
    # ... and it comes back, the same row, when the gap opens again.
    score.realisasi = score.achievement = Decimal(60)
    score.save()
    _compute(now)
    assert Suggestion.objects.get(course=kept).status == SuggestionStatus.SUGGESTED
    assert Suggestion.objects.count() == 3
    assert SuggestionRun.objects.count() == 4


def test_on_demand_for_one_employee_leaves_the_others_alone(quarter, now):
    indicator = IndicatorFactory()
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    _offering(course)
    one, two = EmployeeFactory(), EmployeeFactory()
    _weak(one, indicator, quarter, 50)
    _weak(two, indicator, quarter, 50)
    run = _compute(now, employee_ids=[one.pk])
    assert list(Suggestion.objects.values_list("employee", flat=True)) == [one.pk]
    assert run.employee == one


def test_queries_do_not_grow_with_the_number_of_employees(quarter, now, django_assert_num_queries):
    indicator = IndicatorFactory()
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    _offering(course)

    def people(count):
        for _ in range(count):
            _weak(EmployeeFactory(), indicator, quarter, 50)

    people(2)
    _compute(now)
    # Gaps: 1 gap period, 2 weak threshold, 3 indicator gaps, 4 behaviour gaps, 5 IKM surveys,
    # 6 IKM answers. Courses: 7 indicator targets, 8 behaviour/IKM targets, 9 open offerings,
    # 10 the employees' enrollments, 11 prerequisites, 12 sessions. Evidence (impact): 13 scored
    # periods, 14 target indicators, 15 seats, 16 indicator ids of the gaps, 17 weak threshold.
    # Writes: 18 existing suggestions (locked), 19 insert new, 20 update the others, 21 the run;
    # 22–23 the savepoint of the service's transaction (inside the test's) and its release.
    for more in (3, 6):
        people(more)
        with django_assert_num_queries(23):
            _compute(now)


def test_the_nightly_task_is_scheduled_and_safe_to_run_twice(quarter, settings):
    from lms.tasks import compute_suggestions_task

    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("compute_suggestions_task"))
    assert entry["task"] == "lms.tasks.compute_suggestions_task"
    indicator = IndicatorFactory()
    course = CourseFactory()
    CourseIndicatorFactory(course=course, indicator=indicator)
    _offering(course)
    _weak(EmployeeFactory(), indicator, quarter, 50)
    assert compute_suggestions_task.delay().get() == 1
    assert compute_suggestions_task.delay().get() == 1
    assert Suggestion.objects.count() == 1
    assert SuggestionRun.objects.filter(trigger="nightly").count() == 2


def test_on_demand_through_the_task_records_who_asked(quarter):
    from lms.tasks import compute_suggestions_task

    person = EmployeeFactory(user=UserFactory())
    _weak(person, IndicatorFactory(), quarter, 50)
    compute_suggestions_task.delay(person.pk, person.user.pk).get()
    run = SuggestionRun.objects.get()
    assert (run.trigger, run.employee, run.actor) == ("on_demand", person, person.user)


@pytest.mark.parametrize(
    ("uplift", "n", "expected"),
    [
        (None, 0, "dampaknya pada indikator ini belum diukur"),
        (Decimal("2.95"), 1, "baru 1 peserta sebelumnya"),
        (Decimal("9.00"), 41, "pelatihan ini menaikkan indikator ini rata-rata 9 poin pada 41 peserta sebelumnya"),
        (Decimal("2.94"), 12, "rata-rata 2,9 poin pada 12 peserta"),
        (Decimal("-1.25"), 30, "(-1,3 poin)"),
    ],
)
def test_the_evidence_is_stated_only_from_the_minimum_n(settings, uplift, n, expected):
    settings.LMS_IMPACT_MIN_N = 10
    suggestion = Suggestion(
        gap_kind="indicator", gap_label="Waktu izin", gap_value=Decimal("79.94"), uplift=uplift, uplift_n=n
    )
    with translation.override("id"):
        reason = suggestion_reason(suggestion)
    assert reason.startswith("Capaian “Waktu izin” 79,9 % dari target — ")
    assert expected in reason


@pytest.mark.parametrize(
    ("value", "text"),
    [("62.00", "62"), ("79.89", "79,9"), ("79.96", "79,96"), ("62.04", "62,04"), ("71.25", "71,3")],
)
def test_achievements_read_as_the_score_pages_round_them_but_never_reach_a_whole_they_miss(value, text):
    from lms.selectors.suggestions import achievement_text

    with translation.override("id"):
        assert achievement_text(Decimal(value)) == text
