"""Which courses answer whose gaps: the read side of the suggestion engine.

For each employee's gaps in the latest scored period (``backend.appraisal.selectors.gaps``),
the courses targeting the gap's indicator (``CourseIndicator``), behaviour value or IKM
element (``CourseGapTarget``) that have a published offering still to start and still
taking requests, leaving out

- courses the employee completed within ``LMS_SUGGESTION_RECENT_DAYS``, or is already
  enrolled in, waiting for, or waitlisted for;
- courses whose prerequisites the employee has not completed;
- offerings whose sessions overlap sessions where the employee already holds a seat
  (the earliest offering that fits is suggested).

Ranking: ``gap points × course weight × expected uplift``, where the expected uplift is the
course's measured change on that indicator (``lms.selectors.impact``) shrunk toward a prior:
``(prior × k + measured × n) / (k + n)`` with ``k = LMS_SUGGESTION_PRIOR_N`` and ``prior =
LMS_SUGGESTION_PRIOR_UPLIFT``. A course measured to do nothing sinks, one never measured
keeps the prior; a measured harm is floored at a tenth of a point so the course still ranks
(last) rather than vanishing without a word. Gap points: 100 − achievement for an
indicator, threshold − converted score for an IKM element, and for a behaviour value rated
below expectation the distance of the weak threshold from target (20 points by default).

A fixed number of queries whatever the number of employees; the rest is done in memory.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from backend.appraisal.models import Indicator, Period
from backend.appraisal.selectors import appraisal_rules_get
from backend.appraisal.selectors.gaps import Gap, gap_list
from backend.people.access import Access
from lms.choices import EnrollmentStatus, GapKind, GapTargetKind, OfferingStatus
from lms.models import Course, CourseGapTarget, CourseIndicator, Enrollment, Offering, Session
from lms.selectors.impact import course_indicator_uplifts

SYSTEM = Access(user_id=None, is_superuser=True)
HUNDRED = Decimal(100)
FLOOR = Decimal("0.1")
UPLIFTS_KEY = "lms:suggestions:uplifts"
# As long as the suggestions of a nightly run stand: the on-demand refreshes of the day rank with its uplifts.
UPLIFTS_SECONDS = 24 * 60 * 60
CENT = Decimal("0.01")
WAITING = (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    course_id: int
    offering_id: int
    gap: Gap
    weight: Decimal
    uplift: Decimal | None
    uplift_n: int
    expected_uplift: Decimal
    rank_score: Decimal


@dataclass(frozen=True)
class Candidates:
    period: Period
    # Employee → their best candidates (one per course), best first.
    by_employee: dict[int, list[Candidate]]
    # (employee, course) pairs the employee is already in: a suggestion for them was taken up.
    waiting: dict[tuple[int, int], int]
    employees: int


def expected_uplift(*, measured: float | None, n: int) -> Decimal:
    prior, k = Decimal(settings.LMS_SUGGESTION_PRIOR_UPLIFT), settings.LMS_SUGGESTION_PRIOR_N
    if measured is None or n == 0:
        return prior.quantize(CENT)
    return ((prior * k + Decimal(str(measured)) * n) / (k + n)).quantize(CENT)


def _targets() -> dict[tuple[str, str], list[tuple[int, Decimal]]]:
    """(gap kind, gap code) → the active courses answering it, with their weight."""
    answering: dict[tuple[str, str], list[tuple[int, Decimal]]] = defaultdict(list)
    for code, course, weight in CourseIndicator.objects.filter(course__is_active=True).values_list(
        "indicator__code", "course_id", "weight"
    ):
        answering[(GapKind.INDICATOR, code)].append((course, weight))
    kinds = {GapTargetKind.BEHAVIOUR: GapKind.BEHAVIOUR, GapTargetKind.IKM_ELEMENT: GapKind.IKM_ELEMENT}
    for kind, code, course, weight in CourseGapTarget.objects.filter(course__is_active=True).values_list(
        "kind", "code", "course_id", "weight"
    ):
        answering[(kinds[kind], code)].append((course, weight))
    return answering


def _open_offerings(course_ids: set[int], today: datetime.date) -> dict[int, list[int]]:
    """Course → its published offerings still to start and still taking requests, earliest first."""
    offerings: dict[int, list[int]] = defaultdict(list)
    for pk, course in (
        Offering.objects.filter(
            course_id__in=course_ids, status=OfferingStatus.PUBLISHED, start_date__gt=today, enroll_closes__gte=today
        )
        .order_by("start_date", "pk")
        .values_list("pk", "course_id")
    ):
        offerings[course].append(pk)
    return offerings


Slot = tuple[datetime.date, datetime.time, datetime.time]


def _sessions(offering_ids: set[int]) -> dict[int, list[Slot]]:
    slots: dict[int, list[Slot]] = defaultdict(list)
    for offering, date, starts, ends in Session.objects.filter(offering_id__in=offering_ids).values_list(
        "offering_id", "date", "starts_at", "ends_at"
    ):
        slots[offering].append((date, starts, ends))
    return slots


def _uplifts(*, everyone: bool) -> dict[tuple[int, int], tuple[float, int]]:
    """The measured uplifts: afresh for a run over everyone, else those of the last such run.

    Measuring reads every participant's and comparison employee's scores (about a second
    at 8,000 employees); one employee's refresh must not pay for that each time.
    """
    uplifts = None if everyone else cache.get(UPLIFTS_KEY)
    if uplifts is None:
        uplifts = course_indicator_uplifts(access=SYSTEM)
        cache.set(UPLIFTS_KEY, uplifts, UPLIFTS_SECONDS)
    return uplifts


def _clashes(mine: dict[datetime.date, list[tuple]], theirs: list[Slot]) -> bool:
    return any(s < e2 and s2 < e for d, s, e in theirs for s2, e2 in mine.get(d, ()))


def suggestion_candidates(*, today: datetime.date, employee_ids: list[int] | None = None) -> Candidates | None:
    """Every employee's (or the listed employees') best courses for their gaps; None without scores."""
    from lms.selectors.suggestions import gap_period_get

    period = gap_period_get()
    if period is None:
        return None
    if employee_ids is not None and len(employee_ids) == 1:
        gaps = gap_list(access=SYSTEM, period=period, employee_id=employee_ids[0])
    else:
        gaps = gap_list(access=SYSTEM, period=period)
        if employee_ids is not None:
            wanted = set(employee_ids)
            gaps = [g for g in gaps if g.employee_id in wanted]
    answering = _targets()
    course_ids = {course for options in answering.values() for course, _weight in options}
    offerings = _open_offerings(course_ids, today)
    gapped = {g.employee_id for g in gaps}
    people = Q(employee_id__in=employee_ids) if employee_ids is not None else Q()

    recent = today - datetime.timedelta(days=settings.LMS_SUGGESTION_RECENT_DAYS)
    completed: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    waiting: dict[tuple[int, int], int] = {}
    busy_offerings: dict[int, list[int]] = defaultdict(list)
    for pk, employee, course, offering, status, end in (
        Enrollment.objects.filter(people, status__in=[EnrollmentStatus.COMPLETED, *WAITING])
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .values_list("pk", "employee_id", "offering__course_id", "offering_id", "status", "offering__end_date")
    ):
        if employee not in gapped:
            continue
        if status == EnrollmentStatus.COMPLETED:
            completed[employee][course] = max(end, completed[employee].get(course, end))
            continue
        if end >= today:
            waiting[(employee, course)] = pk
            if status == EnrollmentStatus.ENROLLED:
                busy_offerings[employee].append(offering)
    prerequisites: dict[int, set[int]] = defaultdict(set)
    for course, required in Course.prerequisites.through.objects.filter(from_course_id__in=course_ids).values_list(
        "from_course_id", "to_course_id"
    ):
        prerequisites[course].add(required)
    slots = _sessions(
        {o for options in offerings.values() for o in options} | {o for v in busy_offerings.values() for o in v}
    )
    uplifts = _uplifts(everyone=employee_ids is None)
    indicator_ids = dict(
        Indicator.objects.filter(code__in={g.code for g in gaps if g.kind == GapKind.INDICATOR}).values_list(
            "code", "pk"
        )
    )
    behaviour_points = HUNDRED - appraisal_rules_get().weak_threshold

    by_employee: dict[int, dict[int, Candidate]] = defaultdict(dict)
    for gap in gaps:
        options = answering.get((gap.kind, gap.code))
        if not options:
            continue
        employee = gap.employee_id
        points = behaviour_points if gap.kind == GapKind.BEHAVIOUR else gap.size
        mine: dict[datetime.date, list[tuple]] = defaultdict(list)
        for offering in busy_offerings.get(employee, ()):
            for date, starts, ends in slots.get(offering, ()):
                mine[date].append((starts, ends))
        done = completed.get(employee, {})
        for course, weight in options:
            if (employee, course) in waiting or done.get(course, datetime.date.min) >= recent:
                continue
            if not prerequisites[course] <= set(done):
                continue
            fitting = next((o for o in offerings.get(course, ()) if not _clashes(mine, slots.get(o, []))), None)
            if fitting is None:
                continue
            measured, n = (
                uplifts.get((course, indicator_ids.get(gap.code)), (None, 0))
                if gap.kind == GapKind.INDICATOR
                else (None, 0)
            )
            expected = expected_uplift(measured=measured, n=n)
            rank = (points * weight * max(expected, FLOOR)).quantize(Decimal("0.001"))
            best = by_employee[employee].get(course)
            if best is None or rank > best.rank_score:
                by_employee[employee][course] = Candidate(
                    employee_id=employee,
                    course_id=course,
                    offering_id=fitting,
                    gap=gap,
                    weight=weight,
                    uplift=Decimal(str(round(measured, 2))) if measured is not None else None,
                    uplift_n=n,
                    expected_uplift=expected,
                    rank_score=rank,
                )
    limit = settings.LMS_SUGGESTIONS_PER_EMPLOYEE
    ranked = {
        employee: sorted(found.values(), key=lambda c: (-c.rank_score, c.course_id))[:limit]
        for employee, found in by_employee.items()
    }
    return Candidates(period=period, by_employee=ranked, waiting=waiting, employees=len(gapped))
