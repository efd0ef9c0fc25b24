"""Sessions laid out in time: the coordinator's week and month schedule, and the iCalendar feeds."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from backend.people.access import Access
from backend.people.models import Employee
from lms.access import can_manage_offerings, offerings_managed
from lms.choices import SEAT_STATUSES, OfferingStatus
from lms.models import Enrollment, Session

WEEK = "week"
MONTH = "month"


def _session_base() -> QuerySet[Session]:
    return Session.objects.select_related("offering__course", "offering__venue", "trainer", "venue")


def _own_sessions(employee_id: int) -> Q:
    """Sessions of offerings where the employee holds a seat, and sessions they teach."""
    seat = Enrollment.objects.filter(
        offering_id=OuterRef("offering_id"), employee_id=employee_id, status__in=SEAT_STATUSES
    )
    return Q(Exists(seat)) | Q(trainer__employee_id=employee_id)


def employee_session_list(*, employee_id: int) -> QuerySet[Session]:
    """The employee's own sessions (as a participant holding a seat or as the trainer), cancelled ones left out."""
    return (
        _session_base()
        .filter(_own_sessions(employee_id))
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .order_by("date", "starts_at", "pk")
    )


def schedule_session_list(*, access: Access, start: datetime.date, end: datetime.date) -> QuerySet[Session]:
    """Sessions from ``start`` to ``end`` (inclusive): a coordinator's offerings and everyone's own sessions."""
    scope = Q(pk__in=[])
    if can_manage_offerings(access):
        scope |= offerings_managed(access, prefix="offering__")
    if access.employee_id is not None:
        scope |= _own_sessions(access.employee_id)
    return (
        _session_base()
        .filter(date__gte=start, date__lte=end)
        .filter(scope)
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .order_by("date", "starts_at", "pk")
    )


@dataclass
class ScheduleDay:
    date: datetime.date
    # False for the days of the neighbouring months that fill a month grid's first and last week.
    in_range: bool
    is_today: bool
    sessions: list[Session] = field(default_factory=list)


@dataclass
class Schedule:
    view: str
    anchor: datetime.date
    start: datetime.date
    end: datetime.date
    weeks: list[list[ScheduleDay]]
    previous: datetime.date
    next: datetime.date
    session_count: int


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, 1)


def schedule_get(*, access: Access, view: str, anchor: datetime.date, today: datetime.date) -> Schedule:
    """A week (Monday to Sunday) or a month grid of whole weeks around ``anchor``, with its sessions (one query)."""
    if view == MONTH:
        first = anchor.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        grid_start = first - datetime.timedelta(days=first.weekday())
        grid_end = last + datetime.timedelta(days=6 - last.weekday())
        previous, following = _add_months(first, -1), _add_months(first, 1)
        in_range = (first, last)
    else:
        view = WEEK
        grid_start = anchor - datetime.timedelta(days=anchor.weekday())
        grid_end = grid_start + datetime.timedelta(days=6)
        previous, following = grid_start - datetime.timedelta(days=7), grid_start + datetime.timedelta(days=7)
        in_range = (grid_start, grid_end)
    days = {}
    day = grid_start
    while day <= grid_end:
        days[day] = ScheduleDay(date=day, in_range=in_range[0] <= day <= in_range[1], is_today=day == today)
        day += datetime.timedelta(days=1)
    sessions = list(schedule_session_list(access=access, start=grid_start, end=grid_end))
    for session in sessions:
        days[session.date].sessions.append(session)
    ordered = list(days.values())
    return Schedule(
        view=view,
        anchor=anchor,
        start=in_range[0],
        end=in_range[1],
        weeks=[ordered[i : i + 7] for i in range(0, len(ordered), 7)],
        previous=previous,
        next=following,
        session_count=sum(1 for s in sessions if in_range[0] <= s.date <= in_range[1]),
    )


def employee_feed_get(*, employee_id: int) -> Employee:
    """The active employee a calendar feed was issued for; anyone else is a 404 (the feed went stale)."""
    employee = Employee.objects.filter(pk=employee_id, is_active=True).first()
    if employee is None:
        raise Http404
    return employee
