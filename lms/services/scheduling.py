"""Offerings (angkatan) and their sessions: create, change, publish, start, cancel.

An offering belongs to an owning unit; its coordinators (``can_manage_unit_offerings``)
schedule it. A session must lie within its offering's dates and is refused when it
clashes (venue or trainer booked twice, a participant in two places at once) unless
the coordinator keeps it with a reason, which is stored on the session and in its history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit
from lms.access import can_manage_unit_offerings
from lms.cache import changes_catalog
from lms.choices import (
    CANCELLABLE_STATUSES,
    SEAT_STATUSES,
    EnrollmentStatus,
    NotificationKind,
    OfferingStatus,
)
from lms.models import Attendance, Course, Enrollment, Offering, Session, Trainer, Venue
from lms.selectors.clashes import Clash, session_clashes
from lms.services.budget_commitments import budget_commit, budget_commitment_follow, budget_commitment_release
from lms.services.catalog import actor_access, record_update, require
from lms.services.notifications import notification_send
from lms.services.transitions import enrollment_transition

OFFERING_FIELDS = [
    "course",
    "code",
    "start_date",
    "end_date",
    "venue",
    "capacity",
    "enroll_opens",
    "enroll_closes",
    "owner_unit",
    "requires_approval",
    "min_attendance_pct",
    "pass_mark",
    "notes",
]
SESSION_FIELDS = [
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
# Changing any of these may create a clash, so the check runs again.
SESSION_TIME_PLACE = ("date", "starts_at", "ends_at", "trainer", "venue")
CLOSED_STATUSES = (OfferingStatus.FINISHED, OfferingStatus.CANCELLED)


def _require_unit(actor, unit: OrgUnit) -> None:
    require(
        can_manage_unit_offerings(actor_access(actor), unit),
        _("Only coordinators of %(unit)s schedule its offerings.") % {"unit": unit.name},
    )


def _require_open(offering: Offering) -> None:
    if offering.status in CLOSED_STATUSES:
        raise ValidationError(
            _("%(code)s is %(status)s and can no longer be changed.")
            % {"code": offering.code, "status": offering.get_status_display().lower()}
        )


def _lock(offering: Offering) -> Offering:
    return (
        Offering.objects.select_for_update(of=("self",))
        .select_related("course", "owner_unit", "venue")
        .get(pk=offering.pk)
    )


def _check_venue_capacity(*, venue: Venue | None, capacity: int | None) -> None:
    if venue is not None and capacity is not None and capacity > venue.capacity:
        raise ValidationError(
            {
                "capacity": _("%(venue)s seats %(n)d; the offering cannot take more.")
                % {"venue": venue.name, "n": venue.capacity}
            }
        )


def _seats_taken(offering: Offering) -> int:
    return Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES).count()


def _transition(*, offering: Offering, to_status: str, actor, reason: str = "") -> Offering:
    before = offering.status
    offering.status = to_status
    offering.full_clean()
    offering.save(update_fields=["status"])
    audit_record(
        obj=offering,
        action=AuditEntry.Action.TRANSITION,
        actor=actor,
        changes={"status": [before, to_status]},
        reason=reason,
    )
    return offering


# --- Offerings -------------------------------------------------------------------


@transaction.atomic
@changes_catalog
def offering_create(
    *,
    actor,
    course: Course,
    code: str,
    start_date: datetime.date,
    end_date: datetime.date,
    capacity: int,
    enroll_opens: datetime.date,
    enroll_closes: datetime.date,
    owner_unit: OrgUnit,
    venue: Venue | None = None,
    requires_approval: bool = False,
    min_attendance_pct: int | None = None,
    pass_mark: int | None = None,
    notes: str = "",
) -> Offering:
    """A new offering, as a draft: it is published once it has sessions."""
    _require_unit(actor, owner_unit)
    if not course.is_active:
        raise ValidationError({"course": _("%(course)s is no longer offered.") % {"course": course.title}})
    _check_venue_capacity(venue=venue, capacity=capacity)
    offering = Offering(
        course=course,
        code=code,
        start_date=start_date,
        end_date=end_date,
        venue=venue,
        capacity=capacity,
        enroll_opens=enroll_opens,
        enroll_closes=enroll_closes,
        owner_unit=owner_unit,
        requires_approval=requires_approval,
        notes=notes,
        status=OfferingStatus.DRAFT,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # Left out, the completion rule takes the model's defaults (the settings).
    if min_attendance_pct is not None:
        offering.min_attendance_pct = min_attendance_pct
    if pass_mark is not None:
        offering.pass_mark = pass_mark
    offering.full_clean()
    offering.save()
    audit_record(
        obj=offering,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes=diff({}, snapshot(offering, [*OFFERING_FIELDS, "status"])),
    )
    return offering


@transaction.atomic
@changes_catalog
def offering_update(*, actor, offering: Offering, reason: str = "", **changes) -> Offering:
    """Change an open offering. More seats promote the waitlist (the enrollment slice's ``offering_fill_seats``)."""
    _require_unit(actor, offering.owner_unit)
    if "owner_unit" in changes:
        _require_unit(actor, changes["owner_unit"])
    current = _lock(offering)
    _require_open(current)
    old_capacity = current.capacity

    def check(updated: Offering) -> None:
        _check_venue_capacity(venue=updated.venue, capacity=updated.capacity)
        if updated.capacity is not None and updated.capacity < old_capacity:
            taken = _seats_taken(updated)
            if updated.capacity < taken:
                raise ValidationError(
                    {"capacity": _("%(n)d seats are taken; the capacity cannot go below that.") % {"n": taken}}
                )
        if updated.start_date and updated.end_date:
            outside = (
                Session.objects.filter(offering=updated)
                .exclude(date__gte=updated.start_date, date__lte=updated.end_date)
                .order_by("date")
                .first()
            )
            if outside is not None:
                raise ValidationError(
                    {
                        "start_date": _("A session on %(date)s would fall outside the offering's dates.")
                        % {"date": date_format(outside.date, "j M Y")}
                    }
                )

    updated = record_update(
        instance=current,
        fields=OFFERING_FIELDS,
        data=changes,
        actor=actor,
        before_clean=check,
        reason=reason,
    )
    # A new start year or owning OPD draws on another budget.
    budget_commitment_follow(actor=actor, offering=updated)
    if updated.capacity > old_capacity and updated.status in (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING):
        # Imported where used: enrollment builds on the catalog, so the catalog must not need it to load.
        from lms.services.enrollment import offering_fill_seats

        offering_fill_seats(offering=updated, actor=actor)
    return updated


@transaction.atomic
@changes_catalog
def offering_publish(*, actor, offering: Offering, override_reason: str = "") -> Offering:
    """Draft → published: employees see it and may enroll within its window. Needs at least one session.

    Its planned cost is committed against its OPD's budget (``lms.services.budget_commitments.budget_commit``):
    beyond what is left, only an administrator publishes, with ``override_reason``.
    """
    _require_unit(actor, offering.owner_unit)
    offering = _lock(offering)
    if offering.status != OfferingStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published; %(code)s is %(status)s.") % _status(offering))
    if not Session.objects.filter(offering=offering).exists():
        raise ValidationError(_("Add at least one session before publishing %(code)s.") % {"code": offering.code})
    if not offering.course.is_active:
        raise ValidationError(_("%(course)s is no longer offered.") % {"course": offering.course.title})
    budget_commit(actor=actor, offering=offering, override_reason=override_reason)
    return _transition(offering=offering, to_status=OfferingStatus.PUBLISHED, actor=actor)


@transaction.atomic
@changes_catalog
def offering_start(*, actor, offering: Offering) -> Offering:
    """Published → running: the classes have begun."""
    _require_unit(actor, offering.owner_unit)
    offering = _lock(offering)
    if offering.status != OfferingStatus.PUBLISHED:
        raise ValidationError(_("Only a published offering can start; %(code)s is %(status)s.") % _status(offering))
    return _transition(offering=offering, to_status=OfferingStatus.RUNNING, actor=actor)


def _status(offering: Offering) -> dict:
    return {"code": offering.code, "status": offering.get_status_display().lower()}


@transaction.atomic
@changes_catalog
def offering_cancel(*, actor, offering: Offering, reason: str) -> Offering:
    """Cancel an offering: every pending, enrolled or waitlisted participant is cancelled and told why."""
    _require_unit(actor, offering.owner_unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the offering is cancelled: the participants are told.")})
    # The offering row is the lock enrollments take too: no one enrolls while it is cancelled.
    offering = _lock(offering)
    _require_open(offering)
    _transition(offering=offering, to_status=OfferingStatus.CANCELLED, actor=actor, reason=reason)
    budget_commitment_release(actor=actor, offering=offering, reason=reason)
    enrollments = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(offering=offering, status__in=CANCELLABLE_STATUSES)
        .select_related("employee__user")
        .order_by("pk")
    )
    url = reverse("offering-detail", args=[offering.pk])
    title = _("%(course)s (%(code)s) is cancelled") % {"course": offering.course.title, "code": offering.code}
    for enrollment in enrollments:
        enrollment_transition(enrollment=enrollment, to_status=EnrollmentStatus.CANCELLED, actor=actor, reason=reason)
        notification_send(
            recipient=enrollment.employee.user,
            kind=NotificationKind.CANCELLED,
            title=title,
            body=reason,
            url=url,
            dedupe_key=f"offering-cancelled:{offering.pk}:{enrollment.pk}",
        )
    return offering


# --- Sessions --------------------------------------------------------------------


def _check_within(offering: Offering, date: datetime.date | None) -> None:
    if date is not None and not (offering.start_date <= date <= offering.end_date):
        raise ValidationError(
            {
                "date": _("The session must lie within the offering's dates (%(start)s – %(end)s).")
                % {"start": date_format(offering.start_date, "j M Y"), "end": date_format(offering.end_date, "j M Y")}
            }
        )


def _check_times(starts_at: datetime.time | None, ends_at: datetime.time | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session ends after it starts.")})


def _lock_resources(*, venue_id: int | None, trainer_id: int | None) -> None:
    """Serialise bookings of one venue or trainer, so two coordinators cannot both take the same hour."""
    if venue_id is not None:
        list(Venue.objects.select_for_update().filter(pk=venue_id).values_list("pk", flat=True))
    if trainer_id is not None:
        list(Trainer.objects.select_for_update().filter(pk=trainer_id).values_list("pk", flat=True))


def _clashes_or_override(
    *, offering: Offering, session: Session, exclude_session_id: int | None, override_reason: str
) -> tuple[list[Clash], str]:
    """The clashes of ``session`` (refused unless overridden) and the history reason that records them."""
    venue_id = session.venue_id or offering.venue_id
    _lock_resources(venue_id=venue_id, trainer_id=session.trainer_id)
    clashes = session_clashes(
        date=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        venue_id=venue_id,
        trainer_id=session.trainer_id,
        offering_id=offering.pk,
        exclude_session_id=exclude_session_id,
    )
    override_reason = (override_reason or "").strip()
    if not clashes:
        return [], ""
    if not override_reason:
        raise ValidationError([ValidationError(clash.message, code="clash") for clash in clashes])
    kept = "; ".join(clash.message for clash in clashes)
    return clashes, _("Kept despite clashes (%(clashes)s): %(reason)s") % {"clashes": kept, "reason": override_reason}


@transaction.atomic
@changes_catalog
def session_create(
    *,
    actor,
    offering: Offering,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    topic: str,
    trainer: Trainer | None = None,
    venue: Venue | None = None,
    rotating_checkin: bool = False,
    override_reason: str = "",
) -> Session:
    """A session of an offering, refused on a clash unless ``override_reason`` keeps it."""
    _require_unit(actor, offering.owner_unit)
    offering = _lock(offering)
    _require_open(offering)
    _check_within(offering, date)
    _check_times(starts_at, ends_at)
    session = Session(
        offering=offering,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        topic=topic,
        trainer=trainer,
        venue=venue,
        rotating_checkin=rotating_checkin,
    )
    clashes, reason = _clashes_or_override(
        offering=offering, session=session, exclude_session_id=None, override_reason=override_reason
    )
    if clashes:
        session.clash_override_reason = override_reason.strip()[:255]
    return model_create(instance=session, fields=SESSION_FIELDS, actor=actor, reason=reason)


@transaction.atomic
@changes_catalog
def session_update(*, actor, session: Session, override_reason: str = "", **changes) -> Session:
    """Change a session. A new time, place or trainer is checked for clashes again."""
    offering = session.offering
    _require_unit(actor, offering.owner_unit)
    offering = _lock(offering)
    _require_open(offering)
    if "offering" in changes or "clash_override_reason" in changes:
        raise TypeError("a session's offering and override are not changed directly")
    reason = ""
    if any(name in changes and changes[name] != getattr(session, name) for name in SESSION_TIME_PLACE):
        prospective = Session(
            offering=offering,
            **{name: changes.get(name, getattr(session, name)) for name in SESSION_TIME_PLACE},
        )
        _check_within(offering, prospective.date)
        _check_times(prospective.starts_at, prospective.ends_at)
        clashes, reason = _clashes_or_override(
            offering=offering, session=prospective, exclude_session_id=session.pk, override_reason=override_reason
        )
        changes["clash_override_reason"] = override_reason.strip()[:255] if clashes else ""
    session, _changes = model_update(instance=session, fields=SESSION_FIELDS, data=changes, actor=actor, reason=reason)
    return session


@transaction.atomic
@changes_catalog
def session_delete(*, actor, session: Session, reason: str = "") -> None:
    """Remove a session that has no attendance yet; a published offering keeps at least one."""
    offering = session.offering
    _require_unit(actor, offering.owner_unit)
    offering = _lock(offering)
    _require_open(offering)
    if Attendance.objects.filter(session=session).exists():
        raise ValidationError(_("Attendance was recorded for this session: it can no longer be removed."))
    if (
        offering.status != OfferingStatus.DRAFT
        and not Session.objects.filter(offering=offering).exclude(pk=session.pk).exists()
    ):
        raise ValidationError(_("A published offering keeps at least one session."))
    audit_record(
        obj=session,
        action=AuditEntry.Action.DELETE,
        actor=actor,
        changes={name: [value, None] for name, value in snapshot(session, SESSION_FIELDS).items()},
        reason=reason,
    )
    session.delete()
