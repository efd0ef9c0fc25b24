"""Reads of enrollments: lists, the roster, "Pelatihan saya", approvals, notifications, reminders.

The waitlist is ordered by need (``WAITLIST_ORDER``): the gap on the course's target
indicators, then the JP deficit, then who asked first. A waitlisted row's position is
computed in the database as one correlated count, so lists stay one query whatever the page.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from backend.common.db import subquery_count
from backend.people.access import Access
from backend.people.models import Employee
from backend.people.selectors import employee_list
from lms.access import enrollments_visible, offerings_visible
from lms.choices import SEAT_STATUSES, EnrollmentStatus, OfferingStatus
from lms.models import Enrollment, EnrollmentTransition, Notification, Offering, Session
from lms.selectors.jp import JpProgress, jp_progress_get

# Highest need first; equal need goes to the earlier request; the primary key breaks exact ties.
WAITLIST_ORDER = ("-need_gap", "-need_jp_deficit_minutes", "requested_at", "pk")
# Offerings whose seats can still be taken or freed.
OPEN_OFFERING_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)
HISTORY_STATUSES = (
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.NOT_COMPLETED,
    EnrollmentStatus.CANCELLED,
    EnrollmentStatus.REJECTED,
)


def self_enrollment_open(offering: Offering, *, today: datetime.date) -> bool:
    """Whether an ASN may enroll themselves: the offering is published and the window is open."""
    return offering.status == OfferingStatus.PUBLISHED and offering.enroll_opens <= today <= offering.enroll_closes


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The waitlist -----------------------------------------------------------------


def _ahead_of_outer() -> Q:
    """Rows that come before the outer row in ``WAITLIST_ORDER``."""
    same_gap = Q(need_gap=OuterRef("need_gap"))
    same_deficit = same_gap & Q(need_jp_deficit_minutes=OuterRef("need_jp_deficit_minutes"))
    same_time = same_deficit & Q(requested_at=OuterRef("requested_at"))
    return (
        Q(need_gap__gt=OuterRef("need_gap"))
        | (same_gap & Q(need_jp_deficit_minutes__gt=OuterRef("need_jp_deficit_minutes")))
        | (same_deficit & Q(requested_at__lt=OuterRef("requested_at")))
        | (same_time & Q(pk__lt=OuterRef("pk")))
    )


def with_waitlist_position(queryset: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Annotate ``waitlist_position`` (1 = next in line) on waitlisted rows, None on the others."""
    ahead = Enrollment.objects.filter(
        _ahead_of_outer(), offering_id=OuterRef("offering_id"), status=EnrollmentStatus.WAITLISTED
    )
    return queryset.annotate(
        waitlist_position=Case(
            When(status=EnrollmentStatus.WAITLISTED, then=subquery_count(ahead, outer_field="offering") + 1),
            default=None,
            output_field=IntegerField(),
        )
    )


def waitlist_list(*, offering) -> QuerySet[Enrollment]:
    """The offering's waitlist, next in line first."""
    return (
        Enrollment.objects.filter(offering_id=offering.pk, status=EnrollmentStatus.WAITLISTED)
        .select_related("employee__user")
        .order_by(*WAITLIST_ORDER)
    )


def waitlist_position_get(*, enrollment: Enrollment) -> int | None:
    """The position of one enrollment on its offering's waitlist (None when not waitlisted)."""
    position = getattr(enrollment, "waitlist_position", None)
    if position is not None or enrollment.status != EnrollmentStatus.WAITLISTED:
        return position
    return (
        with_waitlist_position(Enrollment.objects.filter(pk=enrollment.pk))
        .values_list("waitlist_position", flat=True)
        .first()
    )


def seat_count(*, offering) -> int:
    return Enrollment.objects.filter(offering_id=offering.pk, status__in=SEAT_STATUSES).count()


# --- Lists ------------------------------------------------------------------------


def enrollment_list(*, access: Access) -> QuerySet[Enrollment]:
    """Enrollments ``access`` may read, with offering, course, employee and waitlist position."""
    return with_waitlist_position(
        Enrollment.objects.filter(enrollments_visible(access))
        .select_related("offering__course", "offering__owner_unit", "employee__unit")
        .order_by("-offering__start_date", "offering__code", "employee__name", "pk")
    )


def enrollment_get(*, access: Access, pk) -> Enrollment:
    """One readable enrollment with its history; anything else is a 404."""
    transitions = EnrollmentTransition.objects.select_related("actor").order_by("at", "pk")
    return _get(enrollment_list(access=access).prefetch_related(Prefetch("transitions", queryset=transitions)), pk)


def enrollable_offering_get(*, access: Access, pk) -> Offering:
    """An offering the caller may see (drafts only for those who manage them), or a 404."""
    return _get(Offering.objects.filter(offerings_visible(access)).select_related("course", "owner_unit"), pk)


def approval_list(*, access: Access) -> QuerySet[Enrollment]:
    """Requests waiting for the caller as supervisor: their direct subordinates' pending enrollments."""
    if access.employee_id is None:
        return Enrollment.objects.none()
    return (
        Enrollment.objects.filter(status=EnrollmentStatus.PENDING, employee__supervisor_id=access.employee_id)
        .select_related("offering__course", "offering__venue", "employee__position", "employee__unit")
        .order_by("requested_at", "pk")
    )


def assignable_employee_list(*, access: Access, query: str) -> list[Employee]:
    """Employees the coordinator sees matching a NIP (exactly) or a name (in part); at most 10."""
    query = "".join(query.split()) if query.replace(" ", "").isdigit() else query.strip()
    if not query:
        return []
    visible = employee_list(access=access).filter(is_active=True)
    if query.isdigit():
        return list(visible.filter(nip=query)[:10])
    return list(visible.filter(name__icontains=query)[:10])


# --- The roster -------------------------------------------------------------------


@dataclass
class Roster:
    offering: Offering
    seat_holders: list[Enrollment]
    pending: list[Enrollment]
    waitlist: list[Enrollment]
    closed: list[Enrollment]
    transitions: list[EnrollmentTransition]

    @property
    def seats_left(self) -> int:
        return max(0, self.offering.capacity - len(self.seat_holders))


def roster_get(*, offering: Offering, recent: int = 50) -> Roster:
    """Everyone in an offering, split by status, the waitlist in order (two queries)."""
    rows = list(
        Enrollment.objects.filter(offering_id=offering.pk)
        .select_related("employee__unit", "employee__position")
        .order_by(*WAITLIST_ORDER)
    )
    waitlist = [row for row in rows if row.status == EnrollmentStatus.WAITLISTED]
    for position, row in enumerate(waitlist, start=1):
        row.waitlist_position = position
    transitions = list(
        EnrollmentTransition.objects.filter(enrollment__offering_id=offering.pk)
        .select_related("enrollment__employee", "actor")
        .order_by("-at", "-pk")[:recent]
    )
    by_name = sorted(rows, key=lambda row: row.employee.name)
    return Roster(
        offering=offering,
        seat_holders=[row for row in by_name if row.status in SEAT_STATUSES],
        pending=sorted(
            (row for row in rows if row.status == EnrollmentStatus.PENDING), key=lambda row: row.requested_at
        ),
        waitlist=waitlist,
        closed=[row for row in by_name if row.status in (EnrollmentStatus.CANCELLED, EnrollmentStatus.REJECTED)],
        transitions=transitions,
    )


# --- "Pelatihan saya" -------------------------------------------------------------


@dataclass
class MyTraining:
    employee: Employee
    progress: JpProgress
    upcoming: list[Enrollment] = field(default_factory=list)
    pending: list[Enrollment] = field(default_factory=list)
    waitlisted: list[Enrollment] = field(default_factory=list)
    history: list[Enrollment] = field(default_factory=list)
    calendar_url: str | None = None


def _calendar_feed_url(employee) -> str:
    # The catalog slice owns the feed and its signed address.
    from lms.ical import calendar_feed_url

    return calendar_feed_url(employee)


def my_training_get(*, employee: Employee, year: int | None = None) -> MyTraining:
    """An ASN's training: upcoming sessions, requests, waitlist positions, history, JP progress."""
    today = timezone.localdate()
    sessions = Session.objects.select_related("venue", "trainer").order_by("date", "starts_at")
    rows = (
        with_waitlist_position(Enrollment.objects.filter(employee_id=employee.pk))
        # The certificate (certificates app) is shown beside a completed course.
        .select_related("offering__course", "offering__venue", "certificate")
        .prefetch_related(Prefetch("offering__sessions", queryset=sessions))
        .order_by("offering__start_date", "pk")
    )
    mine = MyTraining(employee=employee, progress=jp_progress_get(employee=employee, year=year or today.year))
    for row in rows:
        row.upcoming_sessions = [s for s in row.offering.sessions.all() if s.date >= today]
        if row.status == EnrollmentStatus.ENROLLED and row.offering.status in OPEN_OFFERING_STATUSES:
            mine.upcoming.append(row)
        elif row.status == EnrollmentStatus.PENDING:
            mine.pending.append(row)
        elif row.status == EnrollmentStatus.WAITLISTED:
            mine.waitlisted.append(row)
        else:
            mine.history.append(row)
    mine.history.reverse()
    mine.calendar_url = _calendar_feed_url(employee)
    return mine


# --- Notifications and reminders --------------------------------------------------


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody reads another's."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def notification_unsent_ids(*, older_than: datetime.timedelta) -> list[int]:
    """Notifications whose e-mail never went out (the broker was down when they were written)."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def session_reminder_list(*, day: datetime.date) -> list[tuple[Session, Enrollment]]:
    """Every (session, seat holder) pair of ``day``'s sessions in published or running offerings."""
    sessions = list(
        Session.objects.filter(date=day, offering__status__in=OPEN_OFFERING_STATUSES)
        .select_related("offering__course", "offering__venue", "venue")
        .order_by("starts_at", "pk")
    )
    enrollments = (
        Enrollment.objects.filter(offering_id__in={s.offering_id for s in sessions}, status=EnrollmentStatus.ENROLLED)
        .select_related("employee__user")
        .order_by("pk")
    )
    by_offering: dict[int, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_offering.setdefault(enrollment.offering_id, []).append(enrollment)
    return [(session, enrollment) for session in sessions for enrollment in by_offering.get(session.offering_id, [])]
