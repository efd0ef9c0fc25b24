"""Clashes at the time level: two sessions on the same date whose times overlap.

A venue or a trainer booked twice, or a participant expected in two places at once.
Sessions of cancelled offerings never clash. Touching sessions (one ends at 10:00, the
next starts at 10:00) do not overlap.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.people.models import Employee
from lms.choices import EnrollmentStatus, OfferingStatus
from lms.models import Enrollment, Session

VENUE = "venue"
TRAINER = "trainer"
PARTICIPANT = "participant"


@dataclass(frozen=True)
class Clash:
    kind: str
    # Translated, and names the other offering's code, the date, the times and who or what clashes.
    message: str
    session_id: int
    offering_id: int
    offering_code: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    venue_id: int | None = None
    trainer_id: int | None = None
    employee_id: int | None = None


def _when(session: Session) -> dict:
    return {
        "offering": session.offering.code,
        "date": date_format(session.date, "j M Y"),
        "start": f"{session.starts_at:%H:%M}",
        "end": f"{session.ends_at:%H:%M}",
    }


def _clash(kind: str, session: Session, message: str, **ids) -> Clash:
    return Clash(
        kind=kind,
        message=message,
        session_id=session.pk,
        offering_id=session.offering_id,
        offering_code=session.offering.code,
        date=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        **ids,
    )


def overlapping_sessions(
    *, date: datetime.date, starts_at: datetime.time, ends_at: datetime.time, exclude_session_id: int | None = None
) -> QuerySet[Session]:
    """Sessions of live offerings on ``date`` whose times overlap ``starts_at``–``ends_at``."""
    sessions = Session.objects.filter(date=date, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        offering__status=OfferingStatus.CANCELLED
    )
    if exclude_session_id is not None:
        sessions = sessions.exclude(pk=exclude_session_id)
    return sessions.order_by("starts_at", "pk")


def session_clashes(
    *,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    venue_id: int | None,
    trainer_id: int | None,
    offering_id: int | None,
    exclude_session_id: int | None = None,
) -> list[Clash]:
    """Every clash a session at this time, place and trainer would have (empty when none).

    ``venue_id`` is the effective venue: the session's own, or else its offering's. At most
    four queries: venue, trainer, then the overlapping sessions that share a participant and
    those participants.
    """
    if starts_at is None or ends_at is None or date is None or ends_at <= starts_at:
        return []
    overlapping = overlapping_sessions(
        date=date, starts_at=starts_at, ends_at=ends_at, exclude_session_id=exclude_session_id
    )
    clashes: list[Clash] = []
    if venue_id is not None:
        booked = (
            overlapping.annotate(effective_venue=Coalesce(F("venue_id"), F("offering__venue_id")))
            .filter(effective_venue=venue_id)
            .select_related("offering", "venue", "offering__venue")
        )
        for other in booked:
            venue = other.venue or other.offering.venue
            clashes.append(
                _clash(
                    VENUE,
                    other,
                    _("Venue %(venue)s is already booked by %(offering)s on %(date)s, %(start)s–%(end)s.")
                    % {"venue": venue.name, **_when(other)},
                    venue_id=venue_id,
                )
            )
    if trainer_id is not None:
        for other in overlapping.filter(trainer_id=trainer_id).select_related("offering", "trainer"):
            clashes.append(
                _clash(
                    TRAINER,
                    other,
                    _("Trainer %(trainer)s already teaches %(offering)s on %(date)s, %(start)s–%(end)s.")
                    % {"trainer": other.trainer.name, **_when(other)},
                    trainer_id=trainer_id,
                )
            )
    if offering_id is not None:
        clashes.extend(_participant_clashes(overlapping=overlapping, offering_id=offering_id))
    return clashes


def _participant_clashes(*, overlapping: QuerySet[Session], offering_id: int) -> list[Clash]:
    # Sessions of one offering running in parallel are its own tracks, not a participant's clash.
    enrolled_here = Enrollment.objects.filter(offering_id=offering_id, status=EnrollmentStatus.ENROLLED).values(
        "employee_id"
    )
    shared = Enrollment.objects.filter(
        offering_id=OuterRef("offering_id"), status=EnrollmentStatus.ENROLLED, employee_id__in=enrolled_here
    )
    sessions = list(overlapping.exclude(offering_id=offering_id).filter(Exists(shared)).select_related("offering"))
    if not sessions:
        return []
    people: dict[int, list[tuple[int, str]]] = {}
    for offering_id_, employee_id, name in (
        Enrollment.objects.filter(
            offering_id__in={s.offering_id for s in sessions},
            status=EnrollmentStatus.ENROLLED,
            employee_id__in=enrolled_here,
        )
        .order_by("employee__name")
        .values_list("offering_id", "employee_id", "employee__name")
    ):
        people.setdefault(offering_id_, []).append((employee_id, name))
    clashes = []
    for other in sessions:
        for employee_id, name in people.get(other.offering_id, []):
            clashes.append(
                _clash(
                    PARTICIPANT,
                    other,
                    _("%(person)s, enrolled here, also attends %(offering)s on %(date)s, %(start)s–%(end)s.")
                    % {"person": name, **_when(other)},
                    employee_id=employee_id,
                )
            )
    return clashes


def employee_clashes(*, employee_id: int, offering_id: int) -> list[Clash]:
    """Sessions of other offerings where the employee holds a seat (enrolled) that overlap this one's."""
    mine = Session.objects.filter(
        offering_id=offering_id,
        date=OuterRef("date"),
        starts_at__lt=OuterRef("ends_at"),
        ends_at__gt=OuterRef("starts_at"),
    )
    others = list(
        Session.objects.filter(
            offering__enrollments__employee_id=employee_id, offering__enrollments__status=EnrollmentStatus.ENROLLED
        )
        .exclude(offering_id=offering_id)
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .filter(Exists(mine))
        .select_related("offering")
        .order_by("date", "starts_at", "pk")
    )
    if not others:
        return []
    name = Employee.objects.values_list("name", flat=True).get(pk=employee_id)
    return [
        _clash(
            PARTICIPANT,
            other,
            _("%(person)s already holds a seat in %(offering)s, which meets on %(date)s, %(start)s–%(end)s.")
            % {"person": name, **_when(other)},
            employee_id=employee_id,
        )
        for other in others
    ]
