"""Offerings with their sessions in bulk, refused on any venue or trainer clash.

Clashes are found in memory: the batch against itself and against the stored sessions of
live offerings in the batch's date range (one query), by the rule of
``lms.selectors.clashes``: same date, overlapping times (touching ones do not clash), the
effective venue being the session's own or else its offering's, cancelled offerings never
clashing. A session kept despite a clash carries its ``clash_override_reason``.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from backend.audit.services import diff, snapshot
from backend.people.models import OrgUnit
from lms.access import can_manage_unit_offerings
from lms.choices import OfferingStatus
from lms.models import Course, Offering, Session, Venue
from lms.services.bulk.common import (
    BATCH_SIZE,
    actor_access,
    db_date,
    db_time,
    insert_rows,
    raise_row_errors,
    record_created,
    require,
)
from lms.services.scheduling import OFFERING_FIELDS

COURSE = Offering._meta.get_field("course")
# A batch creates offerings up to running; finishing decides results (``offering_bulk_finish``).
CREATABLE_STATUSES = (OfferingStatus.DRAFT, OfferingStatus.PUBLISHED, OfferingStatus.RUNNING, OfferingStatus.CANCELLED)
SESSION_COLUMNS = [
    "offering",
    "date",
    "starts_at",
    "ends_at",
    "topic",
    "trainer",
    "venue",
    "clash_override_reason",
    "rotating_checkin",
]


@dataclass(frozen=True)
class SessionRow:
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    topic: str
    trainer_id: int | None = None
    # None: the offering's venue.
    venue_id: int | None = None
    clash_override_reason: str = ""
    rotating_checkin: bool = False


@dataclass(frozen=True)
class OfferingRow:
    course_id: int
    code: str
    start_date: datetime.date
    end_date: datetime.date
    capacity: int
    enroll_opens: datetime.date
    enroll_closes: datetime.date
    owner_unit_id: int
    status: str = OfferingStatus.DRAFT
    venue_id: int | None = None
    requires_approval: bool = False
    # None: the settings' defaults, as ``offering_create`` leaves them.
    min_attendance_pct: int | None = None
    pass_mark: int | None = None
    notes: str = ""
    created_by_id: int | None = None
    sessions: tuple[SessionRow, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Booking:
    offering: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    venue_id: int | None
    trainer_id: int | None
    overridden: bool


def _overlap(a: _Booking, b: _Booking) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _stored_bookings(first: datetime.date, last: datetime.date) -> list[_Booking]:
    rows = (
        Session.objects.filter(date__gte=first, date__lte=last)
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .annotate(effective_venue=Coalesce(F("venue_id"), F("offering__venue_id")))
        .values_list("offering__code", "date", "starts_at", "ends_at", "effective_venue", "trainer_id")
    )
    return [_Booking(code, d, s, e, v, t, False) for code, d, s, e, v, t in rows]


def _clashes(batch: list[_Booking], stored: list[_Booking]) -> dict[str, list[str]]:
    """Venue and trainer double bookings of the batch's sessions, by offering code."""
    by_key: dict[tuple, list[_Booking]] = defaultdict(list)
    for booking in stored:
        if booking.venue_id is not None:
            by_key[("venue", booking.venue_id, booking.date)].append(booking)
        if booking.trainer_id is not None:
            by_key[("trainer", booking.trainer_id, booking.date)].append(booking)
    problems: dict[str, list[str]] = defaultdict(list)
    for booking in batch:
        for kind, resource in (("venue", booking.venue_id), ("trainer", booking.trainer_id)):
            if resource is None:
                continue
            others = by_key[(kind, resource, booking.date)]
            clash = next((other for other in others if _overlap(booking, other)), None)
            if clash is not None and not booking.overridden:
                message = (
                    _("Venue double-booked with %(other)s on %(date)s, %(start)s–%(end)s.")
                    if kind == "venue"
                    else _("Trainer double-booked with %(other)s on %(date)s, %(start)s–%(end)s.")
                )
                problems[booking.offering].append(
                    message
                    % {
                        "other": clash.offering,
                        "date": booking.date.isoformat(),
                        "start": f"{clash.starts_at:%H:%M}",
                        "end": f"{clash.ends_at:%H:%M}",
                    }
                )
            others.append(booking)
    return problems


def _offering_problems(row: OfferingRow, course: Course | None, venue: Venue | None) -> list[str]:
    problems = []
    if course is None or not course.is_active:
        problems.append(_("Unknown or inactive course."))
    if row.status not in CREATABLE_STATUSES:
        problems.append(_("An offering is finished by evaluating it, not created finished."))
    if row.venue_id is not None and venue is None:
        problems.append(_("Unknown venue."))
    elif venue is not None and row.capacity > venue.capacity:
        problems.append(
            _("%(venue)s seats %(n)d; the offering cannot take more.") % {"venue": venue.name, "n": venue.capacity}
        )
    # The model's check constraints, in memory: validating them through the database costs a query each.
    if row.end_date < row.start_date:
        problems.append(_("The offering must end after it starts."))
    if row.enroll_closes < row.enroll_opens or row.enroll_opens > row.end_date:
        problems.append(_("Enrollment must open before it closes and before the offering ends."))
    if row.status != OfferingStatus.DRAFT and not row.sessions:
        problems.append(_("Only a draft may have no sessions."))
    for session in row.sessions:
        if not row.start_date <= session.date <= row.end_date:
            problems.append(
                _("A session on %(date)s would fall outside the offering's dates.") % {"date": session.date}
            )
        if session.ends_at <= session.starts_at:
            problems.append(_("A session must end after it starts."))
    return problems


@transaction.atomic
def offering_bulk_create(*, actor, rows: Iterable[OfferingRow], batch_size: int = BATCH_SIZE) -> list[Offering]:
    """Create offerings and their sessions; any clash, bad date or missing right refuses the whole batch."""
    access = actor_access(actor)
    rows = list(rows)
    units = OrgUnit.objects.in_bulk({r.owner_unit_id for r in rows})
    for unit_id in sorted({r.owner_unit_id for r in rows}):
        unit = units.get(unit_id)
        require(
            unit is not None and can_manage_unit_offerings(access, unit),
            _("Only coordinators of a unit schedule its offerings."),
        )
    courses = Course.objects.in_bulk({r.course_id for r in rows})
    venues = Venue.objects.in_bulk(
        {r.venue_id for r in rows if r.venue_id} | {s.venue_id for r in rows for s in r.sessions if s.venue_id}
    )
    offerings, bookings, errors = [], [], {}
    for index, row in enumerate(rows):
        label = f"row {index + 1} ({row.code})"
        offering = Offering(
            course_id=row.course_id,
            code=row.code,
            start_date=row.start_date,
            end_date=row.end_date,
            venue_id=row.venue_id,
            capacity=row.capacity,
            enroll_opens=row.enroll_opens,
            enroll_closes=row.enroll_closes,
            status=row.status,
            owner_unit_id=row.owner_unit_id,
            requires_approval=row.requires_approval,
            notes=row.notes,
            created_by_id=row.created_by_id,
        )
        if row.min_attendance_pct is not None:
            offering.min_attendance_pct = row.min_attendance_pct
        if row.pass_mark is not None:
            offering.pass_mark = row.pass_mark
        if row.course_id in courses:
            # Cached for the history's object names (``str(offering)`` names the course).
            COURSE.set_cached_value(offering, courses[row.course_id])
        problems = _offering_problems(row, courses.get(row.course_id), venues.get(row.venue_id))
        try:
            offering.full_clean(
                exclude=["course", "venue", "owner_unit", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            problems += exc.messages
        if problems:
            errors[label] = problems
        offerings.append(offering)
        if row.status != OfferingStatus.CANCELLED:
            bookings += [
                _Booking(
                    row.code,
                    s.date,
                    s.starts_at,
                    s.ends_at,
                    s.venue_id or row.venue_id,
                    s.trainer_id,
                    bool(s.clash_override_reason.strip()),
                )
                for s in row.sessions
            ]
    raise_row_errors(errors)
    if bookings:
        stored = _stored_bookings(min(b.date for b in bookings), max(b.date for b in bookings))
        raise_row_errors(dict(_clashes(bookings, stored)))

    Offering.objects.bulk_create(offerings, batch_size=batch_size)
    values = [
        (
            offering.pk,
            db_date(s.date),
            db_time(s.starts_at),
            db_time(s.ends_at),
            s.topic[:255],
            s.trainer_id,
            s.venue_id,
            s.clash_override_reason[:255],
            s.rotating_checkin,
        )
        for offering, row in zip(offerings, rows, strict=True)
        for s in row.sessions
    ]
    insert_rows(Session, SESSION_COLUMNS, values, batch_size=batch_size)
    sessions = {offering.code: len(row.sessions) for offering, row in zip(offerings, rows, strict=True)}
    fields = [*OFFERING_FIELDS, "status"]
    record_created(
        offerings,
        actor=actor,
        fields=fields,
        # The sessions are counted in their offering's history rather than given a row each.
        changes_for=lambda o: {**diff({}, snapshot(o, fields)), "sessions": [None, sessions[o.code]]},
    )
    return offerings
