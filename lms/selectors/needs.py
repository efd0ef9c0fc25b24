"""The training-needs plan (AKPK) of an OPD for a year: PP 17/2020 Pasal 205–207.

The law asks each agency to plan development from its performance gaps (Pasal 206). The plan
has one row per gap — a (kind, code) pair — found among the employees of the OPD:

- **Period the plan rests on**: the latest period (by end date) with scores in the OPD among
  the periods of the plan year; when the plan year has no scores yet (planning next year, or
  early in the year) the latest scored period before it. ``TrainingNeedPlan.period`` names it.
- **Gaps**: ``backend.appraisal.selectors.gap_list`` for that period and the OPD's subtree
  (or everyone in scope when no OPD is chosen): indicators achieved below the weak threshold,
  BerAKHLAK values rated below expectation, IKM elements below threshold for service staff.
  Only active employees count. An employee counts once per row, with their largest size.
- **Employees**: those with the gap (the need); **mean gap** the mean of their sizes.
- **Answering courses**: active courses with a ``CourseIndicator`` on the indicator (by code)
  for indicator gaps, with a ``CourseGapTarget(kind, code)`` for behaviour and IKM gaps;
  heaviest weight first (the first is the one to schedule).
- **Covered**: employees with the gap holding a seat (``SEAT_STATUSES``: enrolled, completed,
  not completed) in an offering of an answering course that starts in the plan year
  (cancelled offerings aside). **Requested**: not covered, but pending or waitlisted there.
- **Open seats**: free seats (capacity − seat holders, never below 0) of the plan year's
  published or draft offerings of the answering courses that start after today. They are
  open to every OPD, and an offering answering two gaps counts in both rows: a ceiling, not
  a reservation.
- **Seats scheduled** = covered + open seats; **shortfall** = max(0, employees − scheduled).

Rows are sorted by shortfall, then employees, largest first.

Who sees it: HR, administrators and BKPSDM coordinators the whole regency; other coordinators
the subtrees they coordinate (not the people they supervise, nor themselves); supervisors
and ASN not at all (403). A unit outside one's scope is a 404.

Set-based: a fixed number of queries whatever the number of employees — the period, the
appraisal's gap queries (rules, weak scores, behaviour ratings, IKM surveys and answers, and
the service staff when an element is weak), the active employees, the two kinds of course
links, the enrollments, the open offerings.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.appraisal.models import Period
from backend.appraisal.selectors import gap_list, period_list, score_list
from backend.common.db import subquery_count
from backend.people.access import Access, employee_visibility, org_unit_within_scope
from backend.people.models import Employee, OrgUnit
from lms.access import can_manage_unit_offerings
from lms.choices import SEAT_STATUSES, EnrollmentStatus, GapKind, OfferingStatus
from lms.models import CourseGapTarget, CourseIndicator, Enrollment, Offering
from lms.selectors.budget import can_see_money
from lms.selectors.budget_funding import budget_funding_get
from lms.selectors.budget_realisation import budget_overdrawn_list
from lms.selectors.ledger import OPD_PATH_LENGTH

REQUEST_STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED)
OPEN_OFFERING_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.DRAFT)
CENT = Decimal("0.01")


class Cover:
    """Where an employee with a gap stands for this year's training on it."""

    COVERED = "covered"
    REQUESTED = "requested"
    NONE = "none"

    LABELS = {
        COVERED: _("Covered"),
        REQUESTED: _("Requested"),
        NONE: _("Not covered"),
    }


@dataclass(frozen=True)
class AnsweringCourse:
    id: int
    code: str
    title: str
    weight: Decimal


@dataclass(frozen=True)
class NeedHolder:
    """One employee with the gap: their size, and the offering covering (or requested) if any."""

    employee_id: int
    size: Decimal
    value: Decimal | None
    cover: str
    offering_code: str


@dataclass(frozen=True)
class TrainingNeed:
    kind: str
    code: str
    label: str
    courses: tuple[AnsweringCourse, ...]
    holders: tuple[NeedHolder, ...]
    open_seats: int

    @property
    def kind_label(self) -> str:
        return str(GapKind(self.kind).label)

    @property
    def employees(self) -> int:
        return len(self.holders)

    @property
    def mean_size(self) -> Decimal:
        return (sum((h.size for h in self.holders), Decimal(0)) / len(self.holders)).quantize(CENT)

    @property
    def covered(self) -> int:
        return sum(1 for h in self.holders if h.cover == Cover.COVERED)

    @property
    def requested(self) -> int:
        return sum(1 for h in self.holders if h.cover == Cover.REQUESTED)

    @property
    def seats_scheduled(self) -> int:
        return self.covered + self.open_seats

    @property
    def shortfall(self) -> int:
        return max(0, self.employees - self.seats_scheduled)

    @property
    def best_course(self) -> AnsweringCourse | None:
        return self.courses[0] if self.courses else None


@dataclass(frozen=True)
class NeedEmployee:
    """A row of the drill-down: who has the gap, how large, and whether training is in place."""

    employee: Employee
    kind: str
    code: str
    label: str
    size: Decimal
    value: Decimal | None
    cover: str
    offering_code: str

    @property
    def cover_label(self) -> str:
        return str(Cover.LABELS[self.cover])


@dataclass(frozen=True)
class TrainingNeedPlan:
    year: int
    org_unit: OrgUnit | None
    # None when nothing was ever scored in scope up to the plan year.
    period: Period | None
    rows: list[TrainingNeed]
    # Filled only when asked for (the drill-down and the export).
    employees: list[NeedEmployee]
    # Filled only when asked for (the page): what the OPD's budget still funds
    # (``lms.selectors.budget_funding``), or, without an OPD, the budgets in scope a cut overdrew.
    funding: object = None
    overdrawn: list = field(default_factory=list)

    @property
    def rests_on_earlier_year(self) -> bool:
        return self.period is not None and self.period.year < self.year


# --- Scope ------------------------------------------------------------------------


def can_see_training_needs(access: Access) -> bool:
    return access.is_admin or access.is_hr or access.is_coordinator


def _require(access: Access) -> None:
    if not can_see_training_needs(access):
        raise PermissionDenied


def _plan_access(access: Access) -> Access:
    if access.sees_all_employees:
        return access
    # A coordinator plans for the subtrees they coordinate: their own record and the team
    # they supervise elsewhere are not part of that agency's plan.
    return replace(access, employee_id=None, employee_unit_id=None, has_subordinates=False)


def training_need_unit_choices(*, access: Access) -> QuerySet[OrgUnit]:
    """The OPDs whose plan ``access`` may open: all of them, or those holding the units one coordinates."""
    opds = OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name")
    if access.sees_all_employees:
        return opds
    if not access.is_coordinator:
        return opds.none()
    return opds.filter(path__in=sorted({path[:OPD_PATH_LENGTH] for path in access.coordinated_paths}))


def training_need_unit_get(*, access: Access, pk) -> OrgUnit:
    """A unit in scope, or an OPD holding part of it (whose plan then shows that part): else 404."""
    _require(access)
    try:
        unit = OrgUnit.objects.select_related("parent").get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if org_unit_within_scope(access, unit) or any(path.startswith(unit.path) for path in access.coordinated_paths):
        return unit
    raise Http404


def need_offering_owner_id(access: Access, org_unit: OrgUnit | None) -> int | None:
    """The unit a new offering answering the plan of ``org_unit`` should belong to.

    The OPD itself when ``access`` may own offerings there; else the unit they coordinate
    (inside that OPD if any), else their own unit when they may own offerings there.
    """
    if org_unit is not None and can_manage_unit_offerings(access, org_unit):
        return org_unit.pk
    paired = list(zip(access.coordinated_unit_ids, access.coordinated_paths, strict=True))
    if org_unit is not None:
        inside = [unit_id for unit_id, path in paired if path.startswith(org_unit.path)]
        if inside:
            return inside[0]
    if paired:
        return paired[0][0]
    return access.employee_unit_id if access.is_admin else None


# --- The plan ---------------------------------------------------------------------


def _period(plan_access: Access, year: int, unit: OrgUnit | None):
    scores = score_list(access=plan_access).filter(period__year__lte=year)
    if unit is not None:
        scores = scores.filter(employee__unit__path__startswith=unit.path)
    latest = scores.order_by("-period__end_date", "-period__start_date").values("period_id")[:1]
    return period_list().filter(pk=Subquery(latest)).first()


def _employee_scope(plan_access: Access, unit: OrgUnit | None, *, prefix: str = "") -> Q:
    scope = employee_visibility(plan_access, prefix=prefix)
    if unit is not None:
        scope &= Q(**{f"{prefix}unit__path__startswith": unit.path})
    return scope


def _answering_courses(keys) -> dict[tuple[str, str], list[AnsweringCourse]]:
    indicator_codes = sorted({code for kind, code in keys if kind == GapKind.INDICATOR})
    other_codes = sorted({code for kind, code in keys if kind != GapKind.INDICATOR})
    found: dict[tuple[str, str], list[AnsweringCourse]] = defaultdict(list)
    if indicator_codes:
        links = CourseIndicator.objects.filter(indicator__code__in=indicator_codes, course__is_active=True).values_list(
            "indicator__code", "course_id", "course__code", "course__title", "weight"
        )
        for code, *course in links:
            found[(GapKind.INDICATOR, code)].append(AnsweringCourse(*course))
    if other_codes:
        targets = CourseGapTarget.objects.filter(code__in=other_codes, course__is_active=True).values_list(
            "kind", "code", "course_id", "course__code", "course__title", "weight"
        )
        for kind, code, *course in targets:
            if (kind, code) in keys:
                found[(kind, code)].append(AnsweringCourse(*course))
    return {key: sorted(courses, key=lambda c: (-c.weight, c.title, c.id)) for key, courses in found.items()}


def _enrollments(plan_access: Access, unit: OrgUnit | None, year: int, course_ids) -> dict[int, list[tuple]]:
    """Per employee in scope: (course id, offering code, status) of this year's seats and requests."""
    rows = (
        Enrollment.objects.filter(
            _employee_scope(plan_access, unit, prefix="employee__"),
            offering__course_id__in=course_ids,
            offering__start_date__year=year,
            status__in=[*SEAT_STATUSES, *REQUEST_STATUSES],
        )
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .order_by("offering__start_date", "offering__code")
        .values_list("employee_id", "offering__course_id", "offering__code", "status")
    )
    by_employee: dict[int, list[tuple]] = defaultdict(list)
    for employee_id, *rest in rows:
        by_employee[employee_id].append(tuple(rest))
    return by_employee


def _open_seats(year: int, course_ids) -> dict[int, int]:
    """Per course: free seats of this year's published or draft offerings starting after today."""
    taken = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("pk"), status__in=SEAT_STATUSES), outer_field="offering"
    )
    offerings = (
        Offering.objects.filter(
            course_id__in=course_ids,
            status__in=OPEN_OFFERING_STATUSES,
            start_date__gt=timezone.localdate(),
            start_date__year=year,
        )
        .annotate(taken=taken)
        .order_by()
        .values_list("course_id", "capacity", "taken")
    )
    free: dict[int, int] = defaultdict(int)
    for course_id, capacity, seats_taken in offerings:
        free[course_id] += max(0, capacity - seats_taken)
    return free


def _cover(enrollments: list[tuple], course_ids: set[int]) -> tuple[str, str]:
    relevant = [(code, status) for course_id, code, status in enrollments if course_id in course_ids]
    for code, status in relevant:
        if status in SEAT_STATUSES:
            return Cover.COVERED, code
    for code, _status in relevant:
        return Cover.REQUESTED, code
    return Cover.NONE, ""


def _gap_sizes(gaps, kind: str | None, code: str | None):
    """Per (kind, code): each employee's largest size (and value), and the gap's label."""
    sizes: dict[tuple[str, str], dict[int, tuple[Decimal, Decimal | None]]] = defaultdict(dict)
    labels: dict[tuple[str, str], str] = {}
    for gap in gaps:
        key = (gap.kind, gap.code)
        if kind is not None and key != (kind, code):
            continue
        labels.setdefault(key, str(gap.label))
        known = sizes[key].get(gap.employee_id)
        if known is None or gap.size > known[0]:
            sizes[key][gap.employee_id] = (gap.size, gap.value)
    return sizes, labels


def _active_people(plan_access: Access, unit: OrgUnit | None, holder_ids: set[int], *, load: bool):
    """The active employees among ``holder_ids``: loaded with their units, or only their ids."""
    if not holder_ids:
        return {}
    active = Employee.objects.filter(_employee_scope(plan_access, unit), is_active=True)
    if load:
        return {e.pk: e for e in active.filter(pk__in=sorted(holder_ids)).select_related("unit__parent")}
    # Ids only: all of the scope's rather than a long IN list of the holders'.
    return dict.fromkeys(active.values_list("pk", flat=True))


def _need_employees(row: TrainingNeed, people: dict[int, Employee]) -> list[NeedEmployee]:
    items = [
        NeedEmployee(people[h.employee_id], row.kind, row.code, row.label, h.size, h.value, h.cover, h.offering_code)
        for h in row.holders
    ]
    return sorted(items, key=lambda n: (-n.size, n.employee.name, n.employee.pk))


def training_need_plan(
    *,
    access: Access,
    year: int,
    org_unit: OrgUnit | None = None,
    with_employees: bool = False,
    kind: str | None = None,
    code: str | None = None,
    with_funding: bool = False,
) -> TrainingNeedPlan:
    """The plan of ``org_unit`` (resolved with ``training_need_unit_get``) or of all one sees, for ``year``.

    ``with_employees`` also loads who has each gap (instead of the active ids: same count);
    ``kind`` and ``code`` narrow the plan to one row (404 when nobody in scope has that gap).
    ``with_funding`` adds the budget's side (``lms.selectors.budget_funding``).
    """
    _require(access)
    plan_access = _plan_access(access)
    period = _period(plan_access, year, org_unit)
    sizes, labels = _gap_sizes(gap_list(access=plan_access, period=period, unit=org_unit) if period else [], kind, code)
    people = _active_people(plan_access, org_unit, {e for found in sizes.values() for e in found}, load=with_employees)
    sizes = {key: {e: s for e, s in found.items() if e in people} for key, found in sizes.items()}
    sizes = {key: found for key, found in sizes.items() if found}
    if kind is not None and not sizes:
        raise Http404

    courses = _answering_courses(set(sizes))
    course_ids = sorted({c.id for found in courses.values() for c in found})
    enrollments = _enrollments(plan_access, org_unit, year, course_ids) if course_ids else {}
    free = _open_seats(year, course_ids) if course_ids else {}
    rows = []
    for key, found in sizes.items():
        answering = tuple(courses.get(key, ()))
        answering_ids = {c.id for c in answering}
        holders = [
            NeedHolder(employee_id, size, value, *_cover(enrollments.get(employee_id, []), answering_ids))
            for employee_id, (size, value) in found.items()
        ]
        rows.append(
            TrainingNeed(
                kind=key[0],
                code=key[1],
                label=labels[key],
                courses=answering,
                holders=tuple(sorted(holders, key=lambda h: (-h.size, h.employee_id))),
                open_seats=sum(free.get(course_id, 0) for course_id in answering_ids),
            )
        )
    rows.sort(key=lambda r: (-r.shortfall, -r.employees, r.label, r.kind, r.code))
    employees = [item for row in rows for item in _need_employees(row, people)] if with_employees else []
    plan = TrainingNeedPlan(year=year, org_unit=org_unit, period=period, rows=rows, employees=employees)
    return _with_funding(plan, access) if with_funding else plan


def _with_funding(plan: TrainingNeedPlan, access: Access) -> TrainingNeedPlan:
    if plan.org_unit is None:
        overdrawn = budget_overdrawn_list(access=access, year=plan.year) if can_see_money(access) else []
        return replace(plan, overdrawn=overdrawn)
    funding = budget_funding_get(
        access=access,
        year=plan.year,
        opd=plan.org_unit,
        rows=plan.rows,
        regency_rows=lambda: training_need_plan(access=access, year=plan.year).rows,
    )
    return replace(plan, funding=funding)


def training_need_list(*, access: Access, year: int, org_unit: OrgUnit | None = None) -> list[TrainingNeed]:
    """The rows of the plan (see the module's definitions)."""
    return training_need_plan(access=access, year=year, org_unit=org_unit).rows


def training_need_employees(
    *, access: Access, year: int, org_unit: OrgUnit | None = None, kind: str, code: str
) -> tuple[TrainingNeed, list[NeedEmployee]]:
    """One row of the plan and the employees with that gap, largest gap first (404 if none)."""
    plan = training_need_plan(access=access, year=year, org_unit=org_unit, with_employees=True, kind=kind, code=code)
    return plan.rows[0], plan.employees
