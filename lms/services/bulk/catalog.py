"""The training catalog in bulk: competencies, venues, trainers and courses with their relations.

Each row is validated like the single-row services of the catalog slice validate it, but in
memory (the database constraints still guard uniqueness); relations are inserted in one
statement per relation, and every created object gets its history row.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.models import Indicator
from backend.audit.services import diff, snapshot
from backend.people.models import Employee
from lms.access import can_manage_catalog
from lms.choices import KLASIKAL_TYPES, Channel
from lms.models import Competency, Course, CourseGapTarget, CourseIndicator, Trainer, Venue
from lms.services.bulk.common import actor_access, raise_row_errors, record_created, require
from lms.services.catalog import COMPETENCY_FIELDS, COURSE_FIELDS, TRAINER_FIELDS, VENUE_FIELDS


def _require_catalog(actor) -> None:
    require(can_manage_catalog(actor_access(actor)), _("Only the competency agency maintains the training catalog."))


def _clean(obj, label: str, errors: dict, exclude: tuple[str, ...] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors[label] = exc.messages


@dataclass(frozen=True)
class CompetencyRow:
    code: str
    name: str
    type: str
    description: str = ""


@transaction.atomic
def competency_bulk_create(*, actor, rows: Iterable[CompetencyRow]) -> dict[str, Competency]:
    _require_catalog(actor)
    competencies, errors = [], {}
    for index, row in enumerate(rows):
        competency = Competency(code=row.code, name=row.name, type=row.type, description=row.description)
        _clean(competency, f"row {index + 1} ({row.code})", errors)
        competencies.append(competency)
    raise_row_errors(errors)
    Competency.objects.bulk_create(competencies)
    record_created(competencies, actor=actor, fields=COMPETENCY_FIELDS)
    return {c.code: c for c in competencies}


@dataclass(frozen=True)
class VenueRow:
    name: str
    capacity: int
    address: str = ""
    org_unit_id: int | None = None


@transaction.atomic
def venue_bulk_create(*, actor, rows: Iterable[VenueRow]) -> list[Venue]:
    _require_catalog(actor)
    venues, errors = [], {}
    for index, row in enumerate(rows):
        venue = Venue(name=row.name, capacity=row.capacity, address=row.address, org_unit_id=row.org_unit_id)
        _clean(venue, f"row {index + 1} ({row.name})", errors, exclude=("org_unit",))
        venues.append(venue)
    raise_row_errors(errors)
    Venue.objects.bulk_create(venues)
    record_created(venues, actor=actor, fields=VENUE_FIELDS)
    return venues


@dataclass(frozen=True)
class TrainerRow:
    # Ignored for an employee: the trainer carries the employee's name, as ``trainer_create`` does.
    name: str = ""
    employee_id: int | None = None
    institution: str = ""
    expertise: str = ""
    email: str = ""


@transaction.atomic
def trainer_bulk_create(*, actor, rows: Iterable[TrainerRow]) -> list[Trainer]:
    _require_catalog(actor)
    rows = list(rows)
    employees = Employee.objects.in_bulk({r.employee_id for r in rows if r.employee_id is not None})
    trainers, errors = [], {}
    for index, row in enumerate(rows):
        label = f"row {index + 1} ({row.name or row.employee_id})"
        employee = employees.get(row.employee_id) if row.employee_id is not None else None
        if row.employee_id is not None and employee is None:
            errors[label] = [_("Unknown employee.")]
            continue
        name = employee.display_name if employee else row.name.strip()
        if not name:
            errors[label] = [_("An external trainer needs a name.")]
            continue
        trainer = Trainer(
            employee=employee,
            name=name,
            institution=row.institution,
            expertise=row.expertise,
            email=row.email or (employee.email if employee else ""),
        )
        _clean(trainer, label, errors, exclude=("employee",))
        trainers.append(trainer)
    raise_row_errors(errors)
    Trainer.objects.bulk_create(trainers)
    record_created(trainers, actor=actor, fields=TRAINER_FIELDS)
    return trainers


@dataclass(frozen=True)
class CourseRow:
    code: str
    title: str
    type: str
    competency_type: str
    duration_minutes: int
    provider: str = ""
    description: str = ""
    is_active: bool = True
    # Competency codes; prerequisite course codes (in this batch or stored).
    competencies: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    mandatory_position_ids: tuple[int, ...] = ()
    mandatory_unit_ids: tuple[int, ...] = ()
    # (indicator id, weight 0.01–1).
    targets: tuple[tuple[int, Decimal], ...] = ()
    # (GapTargetKind, BerAKHLAK value or IKM element, weight 0.01–1).
    gap_targets: tuple[tuple[str, str, Decimal], ...] = ()


def _course_problems(row: CourseRow, *, competencies, indicators, known_courses) -> list[str]:
    problems = []
    unknown = sorted(set(row.competencies) - set(competencies))
    if unknown:
        problems.append(_("Unknown competencies: %(codes)s.") % {"codes": ", ".join(unknown)})
    missing = sorted(set(row.prerequisites) - known_courses)
    if missing:
        problems.append(_("Unknown prerequisites: %(codes)s.") % {"codes": ", ".join(missing)})
    if row.code in row.prerequisites:
        problems.append(_("A course cannot be its own prerequisite, directly or through another course."))
    seen = set()
    for indicator_id, weight in row.targets:
        if indicator_id not in indicators or indicator_id in seen:
            problems.append(_("Unknown or repeated target indicator %(id)s.") % {"id": indicator_id})
        elif not Decimal(0) < Decimal(str(weight)) <= Decimal(1):
            problems.append(_("A weight lies between 0.01 and 1."))
        seen.add(indicator_id)
    return problems


def _cycle(rows: list[CourseRow]) -> str | None:
    """The code of a course that requires itself through the batch's prerequisites, if any."""
    graph = {row.code: set(row.prerequisites) for row in rows}
    for start in graph:
        frontier, seen = set(graph[start]), set()
        while frontier:
            if start in frontier:
                return start
            seen |= frontier
            frontier = set().union(*(graph.get(code, set()) for code in frontier)) - seen
    return None


@transaction.atomic
def course_bulk_create(*, actor, rows: Iterable[CourseRow]) -> dict[str, Course]:
    """Create courses with competencies, prerequisites, mandatory posts and units, and target indicators."""
    _require_catalog(actor)
    rows = list(rows)
    competencies = {c.code: c.pk for c in Competency.objects.filter(code__in={c for r in rows for c in r.competencies})}
    indicators = Indicator.objects.in_bulk({i for r in rows for i, _w in r.targets})
    prerequisite_codes = {code for r in rows for code in r.prerequisites}
    stored = dict(Course.objects.filter(code__in=prerequisite_codes).values_list("code", "pk"))
    known_courses = set(stored) | {r.code for r in rows}
    courses, errors = [], {}
    for index, row in enumerate(rows):
        label = f"row {index + 1} ({row.code})"
        course = Course(
            code=row.code,
            title=row.title,
            description=row.description,
            # The channel follows from the type (PP 17/2020): the caller cannot contradict it.
            channel=Channel.KLASIKAL if row.type in KLASIKAL_TYPES else Channel.NONKLASIKAL,
            type=row.type,
            competency_type=row.competency_type,
            duration_minutes=row.duration_minutes,
            provider=row.provider,
            is_active=row.is_active,
        )
        problems = _course_problems(row, competencies=competencies, indicators=indicators, known_courses=known_courses)
        try:
            course.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems += exc.messages
        for kind, code, weight in row.gap_targets:
            try:
                # The database's check that the code belongs to its kind, asked before writing.
                CourseGapTarget(course=course, kind=kind, code=code, weight=Decimal(str(weight))).full_clean(
                    exclude=["course"], validate_unique=False
                )
            except ValidationError as exc:
                problems += [f"{code}: {message}" for message in exc.messages]
        if problems:
            errors[label] = problems
        courses.append(course)
    cyclic = _cycle(rows)
    if cyclic:
        errors[cyclic] = [_("A course cannot be its own prerequisite, directly or through another course.")]
    raise_row_errors(errors)
    Course.objects.bulk_create(courses)
    pks = {**stored, **{c.code: c.pk for c in courses}}

    through = Course.competencies.through
    through.objects.bulk_create(
        [
            through(course_id=c.pk, competency_id=competencies[code])
            for c, r in zip(courses, rows, strict=True)
            for code in r.competencies
        ]
    )
    through = Course.prerequisites.through
    through.objects.bulk_create(
        [
            through(from_course_id=c.pk, to_course_id=pks[code])
            for c, r in zip(courses, rows, strict=True)
            for code in r.prerequisites
        ]
    )
    through = Course.mandatory_positions.through
    through.objects.bulk_create(
        [
            through(course_id=c.pk, position_id=pk)
            for c, r in zip(courses, rows, strict=True)
            for pk in r.mandatory_position_ids
        ]
    )
    through = Course.mandatory_units.through
    through.objects.bulk_create(
        [
            through(course_id=c.pk, orgunit_id=pk)
            for c, r in zip(courses, rows, strict=True)
            for pk in r.mandatory_unit_ids
        ]
    )
    CourseIndicator.objects.bulk_create(
        [
            CourseIndicator(course_id=c.pk, indicator_id=indicator_id, weight=Decimal(str(weight)))
            for c, r in zip(courses, rows, strict=True)
            for indicator_id, weight in r.targets
        ],
        batch_size=2000,
    )
    CourseGapTarget.objects.bulk_create(
        [
            CourseGapTarget(course_id=c.pk, kind=kind, code=code, weight=Decimal(str(weight)))
            for c, r in zip(courses, rows, strict=True)
            for kind, code, weight in r.gap_targets
        ]
    )

    by_code = {r.code: r for r in rows}

    def changes(course: Course) -> dict:
        # What ``course_create`` records: the fields, then each relation set, then the targets.
        row = by_code[course.code]
        values = diff({}, snapshot(course, COURSE_FIELDS))
        relations = {
            "competencies": sorted(competencies[code] for code in row.competencies),
            "prerequisites": sorted(pks[code] for code in row.prerequisites),
            "mandatory_positions": sorted(row.mandatory_position_ids),
            "mandatory_units": sorted(row.mandatory_unit_ids),
        }
        values.update({name: [[], ids] for name, ids in relations.items() if ids})
        if row.targets:
            labels = sorted(
                f"{indicators[i].code} × {Decimal(str(w)).quantize(Decimal('0.01'))}" for i, w in row.targets
            )
            values["target indicators"] = [[], labels]
        if row.gap_targets:
            values["behaviour and IKM targets"] = [
                [],
                sorted(f"{k}:{c} × {Decimal(str(w)).quantize(Decimal('0.01'))}" for k, c, w in row.gap_targets),
            ]
        return values

    record_created(courses, actor=actor, fields=COURSE_FIELDS, changes_for=changes)
    return {c.code: c for c in courses}
