"""Reads of the catalog and the schedule, scoped by who asks.

Counts are correlated subqueries (``subquery_count``), never ``Count()`` over joins, so a
page of offerings costs the same number of queries whatever its size.
"""

import datetime

from django.db.models import Exists, ExpressionWrapper, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from backend.appraisal.models import Indicator
from backend.common.db import subquery_count
from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.access import can_manage_catalog, offerings_managed, offerings_visible
from lms.choices import SEAT_STATUSES, EnrollmentStatus, OfferingStatus
from lms.models import (
    Competency,
    Course,
    CourseGapTarget,
    CourseIndicator,
    Enrollment,
    Offering,
    Session,
    Trainer,
    Venue,
)

# Offerings still ahead or under way, as the catalog lists them.
LIVE_STATUSES = (OfferingStatus.DRAFT, OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Reference data -----------------------------------------------------------


def competency_list() -> QuerySet[Competency]:
    return Competency.objects.order_by("type", "name")


def competency_get(*, pk) -> Competency:
    return _get(competency_list(), pk)


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.select_related("org_unit").order_by("name")


def venue_get(*, pk) -> Venue:
    return _get(venue_list(), pk)


def trainer_list() -> QuerySet[Trainer]:
    return Trainer.objects.select_related("employee").order_by("name")


def trainer_get(*, pk) -> Trainer:
    return _get(trainer_list(), pk)


# --- Courses ------------------------------------------------------------------


def _upcoming_open_offerings():
    return subquery_count(
        Offering.objects.filter(
            course=OuterRef("pk"), status=OfferingStatus.PUBLISHED, start_date__gte=timezone.localdate()
        ),
        outer_field="course",
    )


def course_list(*, access: Access, with_relations: bool = False) -> QuerySet[Course]:
    """Courses with ``upcoming_offering_count`` (published, not yet started); inactive ones only for managers.

    Prefetches competencies and target indicators (one query each); ``with_relations`` adds
    prerequisites, mandatory positions, mandatory units and behaviour/IKM targets (one query each).
    """
    courses = Course.objects.annotate(upcoming_offering_count=_upcoming_open_offerings()).prefetch_related(
        "competencies",
        Prefetch(
            "target_indicators",
            queryset=CourseIndicator.objects.select_related("indicator").order_by("-weight", "indicator__code"),
        ),
    )
    if with_relations:
        courses = courses.prefetch_related(
            Prefetch("prerequisites", queryset=Course.objects.order_by("title")),
            "mandatory_positions",
            Prefetch("mandatory_units", queryset=OrgUnit.objects.select_related("parent").order_by("path")),
            Prefetch("gap_targets", queryset=CourseGapTarget.objects.order_by("kind", "code")),
        )
    if not can_manage_catalog(access):
        courses = courses.filter(is_active=True)
    return courses.order_by("title", "pk")


def course_summary_list(*, access: Access) -> QuerySet[Course]:
    """Courses as a list shows them: competencies prefetched, target indicators counted (a subquery)."""
    targets = subquery_count(CourseIndicator.objects.filter(course=OuterRef("pk")), outer_field="course")
    courses = (
        Course.objects.annotate(upcoming_offering_count=_upcoming_open_offerings(), target_indicator_count=targets)
        .prefetch_related("competencies")
        .order_by("title", "pk")
    )
    if not can_manage_catalog(access):
        courses = courses.filter(is_active=True)
    return courses


def course_get(*, access: Access, pk) -> Course:
    """One course with everything its page shows; an inactive course is a 404 except for managers."""
    return _get(course_list(access=access, with_relations=True), pk)


def targeted_indicator_choices() -> QuerySet[Indicator]:
    """Active indicators at least one course targets: the choices of the catalog's indicator filter."""
    return (
        Indicator.objects.filter(Exists(CourseIndicator.objects.filter(indicator=OuterRef("pk"))), is_active=True)
        .select_related("org_unit")
        .order_by("name", "org_unit__path")
    )


def indicator_choices() -> QuerySet[Indicator]:
    """Active indicators a course may target, grouped by name (one per OPD in a regency's SKP)."""
    return Indicator.objects.filter(is_active=True).select_related("org_unit").order_by("name", "org_unit__path")


def indicator_label(indicator: Indicator) -> str:
    """An indicator as a picker shows it: the same name recurs in every OPD, so the unit tells them apart."""
    return f"{indicator.name} · {indicator.org_unit.name}"


# --- Offerings ----------------------------------------------------------------


def _with_counts(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    seats = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("pk"), status__in=SEAT_STATUSES), outer_field="offering"
    )
    waitlist = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("pk"), status=EnrollmentStatus.WAITLISTED), outer_field="offering"
    )
    sessions = subquery_count(Session.objects.filter(offering=OuterRef("pk")), outer_field="offering")
    return offerings.annotate(seats_taken=seats, waitlist_count=waitlist, session_count=sessions).annotate(
        seats_left=Greatest(
            ExpressionWrapper(F("capacity") - F("seats_taken"), output_field=IntegerField()),
            Value(0),
            output_field=IntegerField(),
        )
    )


def offering_list(*, access: Access) -> QuerySet[Offering]:
    """Offerings ``access`` may see (drafts only for those who manage them), with seat and session counts.

    ``seats_taken`` counts enrolled, completed and not-completed participants (each held a seat);
    ``seats_left`` never goes below zero.
    """
    return _with_counts(
        Offering.objects.filter(offerings_visible(access)).select_related("course", "venue", "owner_unit__parent")
    ).order_by("start_date", "code")


def offering_get(*, access: Access, pk) -> Offering:
    return _get(offering_list(access=access), pk)


def offering_managed_list(*, access: Access) -> QuerySet[Offering]:
    """The offerings ``access`` manages, for writes: anything else is out of scope (404)."""
    return offering_list(access=access).filter(offerings_managed(access))


def offering_managed_get(*, access: Access, pk) -> Offering:
    return _get(offering_managed_list(access=access), pk)


def offering_catalog_list(*, access: Access) -> QuerySet[Offering]:
    """What the catalog page lists: offerings not yet over (drafts for their managers), soonest first."""
    return offering_list(access=access).filter(status__in=LIVE_STATUSES, end_date__gte=timezone.localdate())


# --- Sessions -----------------------------------------------------------------


def _session_base() -> QuerySet[Session]:
    return Session.objects.select_related("offering__course", "offering__venue", "trainer", "venue")


def session_list(*, access: Access) -> QuerySet[Session]:
    """Sessions of the offerings ``access`` may see, with offering, course, trainer and venue joined."""
    return _session_base().filter(offerings_visible(access, prefix="offering__")).order_by("date", "starts_at", "pk")


def session_get(*, access: Access, pk) -> Session:
    return _get(session_list(access=access), pk)


def session_managed_get(*, access: Access, pk) -> Session:
    return _get(session_list(access=access).filter(offerings_managed(access, prefix="offering__")), pk)


def offering_session_list(*, offering: Offering) -> QuerySet[Session]:
    """An offering's sessions (call with an offering already resolved through the caller's scope)."""
    return _session_base().filter(offering=offering).order_by("date", "starts_at", "pk")


def offering_course_list(*, access: Access, course: Course) -> QuerySet[Offering]:
    """A course's offerings the caller may see, newest first."""
    return offering_list(access=access).filter(course=course).order_by("-start_date", "code")


def offering_enrollment_get(*, offering: Offering, employee_id: int | None) -> Enrollment | None:
    """The employee's enrollment in ``offering`` (any status), or None."""
    if employee_id is None:
        return None
    return Enrollment.objects.filter(offering=offering, employee_id=employee_id).first()


def offering_unit_choices(*, access: Access) -> QuerySet[OrgUnit]:
    """The units whose offerings ``access`` may schedule (the owning-unit choices of a new offering)."""
    units = OrgUnit.objects.select_related("parent").order_by("path")
    if access.is_admin or access.coordinates_all:
        return units
    if not access.is_coordinator:
        return units.none()
    scope = Q(pk__in=[])
    for path in access.coordinated_paths:
        scope |= Q(path__startswith=path)
    return units.filter(scope)


def offering_upcoming_managed_list(*, access: Access, days: int) -> QuerySet[Offering]:
    """The offerings ``access`` manages that run now or start within ``days``, with pending requests counted."""
    today = timezone.localdate()
    pending = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("pk"), status=EnrollmentStatus.PENDING), outer_field="offering"
    )
    return (
        offering_managed_list(access=access)
        .filter(
            status__in=[OfferingStatus.DRAFT, OfferingStatus.PUBLISHED, OfferingStatus.RUNNING],
            end_date__gte=today,
            start_date__lte=today + datetime.timedelta(days=days),
        )
        .annotate(pending_count=pending)
    )
