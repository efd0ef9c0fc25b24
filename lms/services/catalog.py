"""The regency-wide catalog: competencies, courses (with their target indicators), venues, trainers.

Maintained by the competency agency's coordinators and administrators (``can_manage_catalog``).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.models import Indicator
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.access import Access, access_for
from backend.people.models import Employee, OrgUnit, Position
from lms.access import can_manage_catalog
from lms.cache import changes_catalog
from lms.models import Competency, Course, CourseGapTarget, CourseIndicator, Trainer, Venue

# The system (seeding, imports, tasks) acts with every right.
SYSTEM = Access(user_id=None, is_superuser=True)

COMPETENCY_FIELDS = ["code", "name", "type", "description"]
COURSE_FIELDS = [
    "code",
    "title",
    "description",
    "channel",
    "type",
    "competency_type",
    "duration_minutes",
    "provider",
    "is_active",
]
COURSE_RELATIONS = ["competencies", "prerequisites", "mandatory_positions", "mandatory_units"]
VENUE_FIELDS = ["name", "address", "capacity", "org_unit", "is_active"]
TRAINER_FIELDS = ["employee", "name", "institution", "expertise", "email", "is_active"]

# A target indicator of a course and its weight (0.01–1).
TargetIndicator = tuple[Indicator, Decimal]
# A behaviour value or IKM element a course answers: (GapTargetKind, code, weight).
GapTarget = tuple[str, str, Decimal]


def actor_access(actor) -> Access:
    return SYSTEM if actor is None else access_for(actor)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))


def _require_catalog(actor) -> None:
    require(can_manage_catalog(actor_access(actor)), _("Only the competency agency maintains the training catalog."))


def record_update(*, instance, fields: list[str], data: dict[str, Any], actor, **options):
    """``model_update`` returning only the instance, as every catalog service answers."""
    return model_update(instance=instance, fields=fields, data=data, actor=actor, **options)[0]


# --- Competencies ----------------------------------------------------------------


@transaction.atomic
@changes_catalog
def competency_create(*, actor, code: str, name: str, type: str, description: str = "") -> Competency:
    _require_catalog(actor)
    competency = Competency(code=code, name=name, type=type, description=description)
    return model_create(instance=competency, fields=COMPETENCY_FIELDS, actor=actor)


@transaction.atomic
@changes_catalog
def competency_update(*, actor, competency: Competency, **changes) -> Competency:
    _require_catalog(actor)
    return record_update(instance=competency, fields=COMPETENCY_FIELDS, data=changes, actor=actor)


# --- Courses ---------------------------------------------------------------------


def _ids(objs: Iterable) -> list[int]:
    return sorted(obj.pk for obj in objs)


def _indicator_label(indicator_code: str, weight: Decimal) -> str:
    return f"{indicator_code} × {Decimal(weight).quantize(Decimal('0.01'))}"


def _course_indicator_rows(course: Course, targets: Iterable[TargetIndicator]) -> list[CourseIndicator]:
    rows, seen, errors = [], set(), []
    for indicator, weight in targets:
        if indicator.pk in seen:
            errors.append(_("%(indicator)s is listed twice.") % {"indicator": indicator.code})
            continue
        seen.add(indicator.pk)
        row = CourseIndicator(course=course, indicator=indicator, weight=Decimal(str(weight)))
        try:
            row.full_clean(exclude=["course"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.extend(f"{indicator.code}: {message}" for message in exc.messages)
        rows.append(row)
    if errors:
        raise ValidationError({"target_indicators": errors})
    return rows


def _course_gap_target_rows(course: Course, targets: Iterable[GapTarget]) -> list[CourseGapTarget]:
    rows, seen, errors = [], set(), []
    for kind, code, weight in targets:
        if (kind, code) in seen:
            errors.append(_("%(code)s is listed twice.") % {"code": code})
            continue
        seen.add((kind, code))
        row = CourseGapTarget(course=course, kind=kind, code=code, weight=Decimal(str(weight)))
        try:
            # The check that the code belongs to its kind is a database constraint: validated here.
            row.full_clean(exclude=["course"], validate_unique=False)
        except ValidationError as exc:
            errors.extend(f"{code}: {message}" for message in exc.messages)
        rows.append(row)
    if errors:
        raise ValidationError({"gap_targets": errors})
    return rows


def _set_gap_targets(course: Course, targets: Iterable[GapTarget] | None) -> dict[str, list]:
    if targets is None:
        return {}
    rows = _course_gap_target_rows(course, targets)
    before = sorted(_indicator_label(f"{r.kind}:{r.code}", r.weight) for r in course.gap_targets.all())
    after = sorted(_indicator_label(f"{r.kind}:{r.code}", r.weight) for r in rows)
    if before == after:
        return {}
    CourseGapTarget.objects.filter(course=course).delete()
    CourseGapTarget.objects.bulk_create(rows)
    return {"behaviour and IKM targets": [before, after]}


def _check_prerequisites(course: Course, prerequisites: list[Course]) -> None:
    """A course cannot require itself, directly or through its prerequisites' prerequisites."""
    if course.pk is None:
        return
    frontier = {p.pk for p in prerequisites}
    seen: set[int] = set()
    while frontier:
        if course.pk in frontier:
            raise ValidationError(
                {"prerequisites": _("A course cannot be its own prerequisite, directly or through another course.")}
            )
        seen |= frontier
        frontier = (
            set(
                Course.prerequisites.through.objects.filter(from_course_id__in=frontier).values_list(
                    "to_course_id", flat=True
                )
            )
            - seen
        )


def _set_relations(course: Course, relations: dict[str, list | None]) -> dict[str, list]:
    """Set the many-to-many relations given (None leaves one as it is); returns their changes."""
    changes = {}
    for name, objs in relations.items():
        if objs is None:
            continue
        manager = getattr(course, name)
        before = sorted(manager.values_list("pk", flat=True)) if course.pk else []
        manager.set(objs)
        after = _ids(objs)
        if before != after:
            changes[name] = [before, after]
    return changes


def _set_target_indicators(course: Course, targets: Iterable[TargetIndicator] | None) -> dict[str, list]:
    if targets is None:
        return {}
    rows = _course_indicator_rows(course, targets)
    existing = list(CourseIndicator.objects.filter(course=course).select_related("indicator"))
    before = sorted(_indicator_label(r.indicator.code, r.weight) for r in existing)
    after = sorted(_indicator_label(r.indicator.code, r.weight) for r in rows)
    if before == after:
        return {}
    CourseIndicator.objects.filter(course=course).delete()
    CourseIndicator.objects.bulk_create(rows)
    # Not a model field: the history shows it under this label.
    return {"target indicators": [before, after]}


@transaction.atomic
@changes_catalog
def course_create(
    *,
    actor,
    code: str,
    title: str,
    channel: str,
    type: str,
    competency_type: str,
    duration_minutes: int,
    description: str = "",
    provider: str = "",
    is_active: bool = True,
    competencies: Iterable[Competency] = (),
    prerequisites: Iterable[Course] = (),
    mandatory_positions: Iterable[Position] = (),
    mandatory_units: Iterable[OrgUnit] = (),
    target_indicators: Iterable[TargetIndicator] = (),
    gap_targets: Iterable[GapTarget] = (),
) -> Course:
    """A course with its competencies, prerequisites, whom it is mandatory for and the indicators it targets."""
    _require_catalog(actor)
    course = Course(
        code=code,
        title=title,
        description=description,
        channel=channel,
        type=type,
        competency_type=competency_type,
        duration_minutes=duration_minutes,
        provider=provider,
        is_active=is_active,
    )
    targets = list(target_indicators)
    _course_indicator_rows(course, targets)
    gaps = list(gap_targets)
    _course_gap_target_rows(course, gaps)
    course.full_clean()
    course.save()
    relations = {
        "competencies": list(competencies),
        "prerequisites": list(prerequisites),
        "mandatory_positions": list(mandatory_positions),
        "mandatory_units": list(mandatory_units),
    }
    changes = diff({}, snapshot(course, COURSE_FIELDS))
    changes.update(_set_relations(course, relations))
    changes.update(_set_target_indicators(course, targets))
    changes.update(_set_gap_targets(course, gaps))
    audit_record(obj=course, action=AuditEntry.Action.CREATE, actor=actor, changes=changes)
    return course


@transaction.atomic
@changes_catalog
def course_update(
    *,
    actor,
    course: Course,
    competencies: Iterable[Competency] | None = None,
    prerequisites: Iterable[Course] | None = None,
    mandatory_positions: Iterable[Position] | None = None,
    mandatory_units: Iterable[OrgUnit] | None = None,
    target_indicators: Iterable[TargetIndicator] | None = None,
    gap_targets: Iterable[GapTarget] | None = None,
    **changes,
) -> Course:
    """Change a course; relations left as None stay as they are. One history row for everything changed."""
    _require_catalog(actor)
    relations = {
        "competencies": None if competencies is None else list(competencies),
        "prerequisites": None if prerequisites is None else list(prerequisites),
        "mandatory_positions": None if mandatory_positions is None else list(mandatory_positions),
        "mandatory_units": None if mandatory_units is None else list(mandatory_units),
    }
    if relations["prerequisites"] is not None:
        _check_prerequisites(course, relations["prerequisites"])
    targets = None if target_indicators is None else list(target_indicators)
    extra = _set_relations(course, relations)
    extra.update(_set_target_indicators(course, targets))
    extra.update(_set_gap_targets(course, None if gap_targets is None else list(gap_targets)))
    return record_update(instance=course, fields=COURSE_FIELDS, data=changes, actor=actor, extra=extra)


# --- Venues ----------------------------------------------------------------------


@transaction.atomic
@changes_catalog
def venue_create(
    *,
    actor,
    name: str,
    capacity: int,
    address: str = "",
    org_unit: OrgUnit | None = None,
    is_active: bool = True,
) -> Venue:
    _require_catalog(actor)
    venue = Venue(name=name, capacity=capacity, address=address, org_unit=org_unit, is_active=is_active)
    return model_create(instance=venue, fields=VENUE_FIELDS, actor=actor)


@transaction.atomic
@changes_catalog
def venue_update(*, actor, venue: Venue, **changes) -> Venue:
    _require_catalog(actor)
    return record_update(instance=venue, fields=VENUE_FIELDS, data=changes, actor=actor)


# --- Trainers --------------------------------------------------------------------


def _copy_from_employee(data: dict) -> dict:
    """An employee trainer carries the employee's name (with titles) so lists need no join."""
    employee: Employee | None = data.get("employee")
    if employee is not None:
        data["name"] = employee.display_name
        if not data.get("email"):
            data["email"] = employee.email
    elif not (data.get("name") or "").strip():
        raise ValidationError({"name": _("An external trainer needs a name.")})
    return data


@transaction.atomic
@changes_catalog
def trainer_create(
    *,
    actor,
    name: str = "",
    employee: Employee | None = None,
    institution: str = "",
    expertise: str = "",
    email: str = "",
    is_active: bool = True,
) -> Trainer:
    """A trainer: an employee of the regency (name copied) or an external person (name given)."""
    _require_catalog(actor)
    data = _copy_from_employee(
        {
            "employee": employee,
            "name": name,
            "institution": institution,
            "expertise": expertise,
            "email": email,
            "is_active": is_active,
        }
    )
    return model_create(instance=Trainer(**data), fields=TRAINER_FIELDS, actor=actor)


@transaction.atomic
@changes_catalog
def trainer_update(*, actor, trainer: Trainer, **changes) -> Trainer:
    _require_catalog(actor)
    employee = changes.get("employee", trainer.employee)
    if employee is not None:
        changes["employee"] = employee
        changes.setdefault("email", trainer.email)
        changes = _copy_from_employee(changes)
    elif "name" in changes or "employee" in changes:
        changes.setdefault("name", trainer.name)
        changes = _copy_from_employee(changes)
    return record_update(instance=trainer, fields=TRAINER_FIELDS, data=changes, actor=actor)
