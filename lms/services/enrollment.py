"""Enrollment: requests, approval, the need-ordered waitlist, cancellation and promotion.

Seats are race-free on PostgreSQL because every path that takes or frees a seat locks the
offering row first (``SELECT … FOR UPDATE``): requests, approvals, cancellations and seat
filling into one offering run one after another, each counting the seats the previous one
committed. The unique constraint per offering and employee is the second wall: a duplicate
that slips past the check is answered as "already enrolled", never as a server error.

Every status change goes through ``enrollment_transition`` (row and history together);
every notification is written in the same transaction and e-mailed after commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.people.access import access_for
from backend.people.choices import Role
from backend.people.models import Employee, RoleAssignment
from lms.access import can_approve_enrollment, can_manage_offering
from lms.choices import (
    CANCELLABLE_STATUSES,
    REOPENABLE_STATUSES,
    SEAT_STATUSES,
    EnrollmentSource,
    EnrollmentStatus,
    NotificationKind,
    OfferingStatus,
)
from lms.models import Course, Enrollment, Offering
from lms.selectors.enrollment import OPEN_OFFERING_STATUSES, WAITLIST_ORDER, self_enrollment_open
from lms.selectors.need import enrollment_need_get
from lms.services.notifications import notification_send
from lms.services.transitions import enrollment_transition


def _lock_offering(offering: Offering) -> Offering:
    """Lock the offering row: the one door every seat change goes through, in the same order."""
    locked = Offering.objects.select_for_update().get(pk=offering.pk)
    # The caller's instance may carry joins (course, owner unit) the lock query did not fetch.
    locked.course = offering.course
    locked.owner_unit = offering.owner_unit
    return locked


def _free_seats(offering: Offering, *, exclude_pk: int | None = None) -> int:
    taken = Enrollment.objects.filter(offering_id=offering.pk, status__in=SEAT_STATUSES)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return offering.capacity - taken.count()


def _stamp(enrollment: Enrollment) -> str:
    # A row is reused after a cancellation, so a notification's key names the moment of the change.
    return f"{enrollment.pk}:{int(enrollment.decided_at.timestamp() * 1_000_000)}"


def _notify_employee(enrollment: Enrollment, *, kind: str, title: str, body: str) -> None:
    notification_send(
        recipient=enrollment.employee.user,
        kind=kind,
        title=title,
        body=body,
        url=reverse("my-training"),
        dedupe_key=f"enrollment:{kind}:{_stamp(enrollment)}",
    )


def _course_label(offering: Offering) -> str:
    return f"{offering.course.title} ({offering.code})"


def _dates(offering: Offering) -> dict[str, str]:
    return {"start": date_format(offering.start_date, "j F Y"), "end": date_format(offering.end_date, "j F Y")}


def _seat_decision(
    enrollment: Enrollment, *, offering: Offering, actor, reason: str, extra_fields: tuple[str, ...] = ()
) -> Enrollment:
    """Give a seat if one is free and nobody is waiting, otherwise join the waitlist.

    The offering must be locked by the caller. If seats are free while people wait (a capacity
    was raised without filling), the newcomer joins the queue and the queue is filled in need order.
    """
    free = _free_seats(offering, exclude_pk=enrollment.pk)
    waiting = Enrollment.objects.filter(offering_id=offering.pk, status=EnrollmentStatus.WAITLISTED).exists()
    if free > 0 and not waiting:
        enrollment_transition(
            enrollment=enrollment,
            to_status=EnrollmentStatus.ENROLLED,
            actor=actor,
            reason=reason,
            extra_fields=extra_fields,
        )
        _notify_employee(
            enrollment,
            kind=NotificationKind.APPROVED,
            title=_("You are enrolled in %(course)s") % {"course": _course_label(offering)},
            body=_("Your seat is confirmed. The training runs from %(start)s to %(end)s.") % _dates(offering),
        )
        return enrollment
    enrollment_transition(
        enrollment=enrollment,
        to_status=EnrollmentStatus.WAITLISTED,
        actor=actor,
        reason=" · ".join(part for part in (reason, _("No seat free: waitlisted by need")) if part),
        extra_fields=extra_fields,
    )
    _notify_employee(
        enrollment,
        kind=NotificationKind.WAITLISTED,
        title=_("You are on the waitlist of %(course)s") % {"course": _course_label(offering)},
        body=_("The offering is full. The waitlist is ordered by need: %(reason)s")
        % {"reason": enrollment.need_reason},
    )
    if free > 0:
        _fill(offering, actor=actor)
        enrollment.refresh_from_db()
    return enrollment


def _fill(offering: Offering, *, actor) -> list[Enrollment]:
    """Promote the waitlist into the free seats, in need order. The offering must be locked."""
    free = _free_seats(offering)
    if free <= 0 or offering.status not in OPEN_OFFERING_STATUSES:
        return []
    promoted = []
    _refresh_needs(offering)
    waitlist = (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(offering_id=offering.pk, status=EnrollmentStatus.WAITLISTED)
        .select_related("employee__user")
        .order_by(*WAITLIST_ORDER)
    )
    for enrollment in waitlist:
        if len(promoted) >= free:
            break
        # Someone who took a seat in an overlapping class while waiting keeps their place in line
        # here but is passed over: a seat they cannot attend goes to the next in need.
        if _clash_messages(employee=enrollment.employee, offering=offering):
            continue
        enrollment_transition(
            enrollment=enrollment,
            to_status=EnrollmentStatus.ENROLLED,
            actor=actor,
            reason=_("Promoted from the waitlist"),
        )
        _notify_employee(
            enrollment,
            kind=NotificationKind.PROMOTED,
            title=_("A seat opened for you in %(course)s") % {"course": _course_label(offering)},
            body=_("You were next on the waitlist and are now enrolled. The training runs from %(start)s to %(end)s.")
            % _dates(offering),
        )
        promoted.append(enrollment)
    return promoted


def _refresh_needs(offering: Offering) -> None:
    """Re-measure the need of everyone waiting before a seat is given: JP earned or new scores since
    the request change who needs the seat most. Two queries per person waiting (waitlists are short)."""
    waiting = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(offering_id=offering.pk, status=EnrollmentStatus.WAITLISTED)
        .select_related("employee")
    )
    changed = []
    for enrollment in waiting:
        need = enrollment_need_get(employee=enrollment.employee, course=offering.course, year=offering.end_date.year)
        fresh = (need.gap, need.jp_deficit_minutes, need.reason)
        if fresh != (enrollment.need_gap, enrollment.need_jp_deficit_minutes, enrollment.need_reason):
            enrollment.need_gap, enrollment.need_jp_deficit_minutes, enrollment.need_reason = fresh
            changed.append(enrollment)
    Enrollment.objects.bulk_update(changed, ["need_gap", "need_jp_deficit_minutes", "need_reason"])


def _missing_prerequisites(*, course: Course, employee: Employee) -> list[Course]:
    completed = Enrollment.objects.filter(
        offering__course_id=OuterRef("pk"), employee_id=employee.pk, status=EnrollmentStatus.COMPLETED
    )
    return list(Course.objects.filter(required_by=course).exclude(Exists(completed)).order_by("title"))


def _clash_messages(*, employee: Employee, offering: Offering) -> list[str]:
    # The catalog slice owns clash detection; imported here so the two modules load independently.
    from lms.selectors.clashes import employee_clashes

    return [clash.message for clash in employee_clashes(employee_id=employee.pk, offering_id=offering.pk)]


def _offering_coordinator_users(offering: Offering):
    """Users coordinating the offering's unit or one above it; BKPSDM coordinators when there are none."""
    path = offering.owner_unit.path
    ancestor_paths = ["/".join(path.split("/")[:i]) + "/" for i in range(2, path.count("/") + 1)]
    assignments = RoleAssignment.objects.filter(role=Role.COORDINATOR).select_related("user")
    local = [a.user for a in assignments.filter(org_unit__path__in=ancestor_paths)]
    return local or [a.user for a in assignments.filter(org_unit__is_competency_agency=True)]


def _notify_approvers(enrollment: Enrollment, offering: Offering) -> None:
    supervisor = enrollment.employee.supervisor
    if supervisor is not None and supervisor.user_id is not None:
        recipients, url = [supervisor.user], reverse("approvals")
    else:
        recipients, url = _offering_coordinator_users(offering), reverse("offering-roster", args=[offering.pk])
    for user in {user.pk: user for user in recipients}.values():
        notification_send(
            recipient=user,
            kind=NotificationKind.PENDING,
            title=_("%(name)s asks to join %(course)s") % {"name": enrollment.employee.name, "course": offering.code},
            body=_("Please approve or reject the request for %(course)s. Need: %(reason)s")
            % {"course": _course_label(offering), "reason": enrollment.need_reason},
            url=url,
            dedupe_key=f"enrollment:pending:{_stamp(enrollment)}:{user.pk}",
        )


@transaction.atomic
def enrollment_request(
    *, offering: Offering, employee: Employee, actor, source: str, override_reason: str = ""
) -> Enrollment:
    """An employee asks for a seat (``source=self``) or a coordinator assigns one (``assigned``).

    Self-enrollment: published offerings, inside the enrollment window, into one's own name.
    Assignment (coordinators of the offering): also running offerings and outside the window,
    and a schedule clash may be overridden with a reason. Requests needing approval wait
    (PENDING); the rest get a seat or join the need-ordered waitlist.
    """
    access = access_for(actor)
    override_reason = override_reason.strip()
    if source == EnrollmentSource.ASSIGNED:
        if not can_manage_offering(access, offering):
            raise PermissionDenied(_("Only the offering's coordinators assign participants."))
        allowed = OPEN_OFFERING_STATUSES
    elif source == EnrollmentSource.SELF:
        if access.employee_id != employee.pk:
            raise PermissionDenied(_("You may only enroll yourself."))
        allowed = (OfferingStatus.PUBLISHED,)
        override_reason = ""
    else:
        raise ValidationError({"source": _("Unknown source of enrollment.")})

    offering = _lock_offering(offering)
    if offering.status not in allowed:
        raise ValidationError(
            _("This offering is %(status)s: it does not take enrollments.")
            % {"status": offering.get_status_display().lower()}
        )
    if source == EnrollmentSource.SELF and not self_enrollment_open(offering, today=timezone.localdate()):
        raise ValidationError(
            _("Enrollment is open from %(opens)s to %(closes)s.")
            % {
                "opens": date_format(offering.enroll_opens, "j F Y"),
                "closes": date_format(offering.enroll_closes, "j F Y"),
            }
        )

    enrollment = Enrollment.objects.select_for_update().filter(offering_id=offering.pk, employee_id=employee.pk).first()
    if enrollment is not None and enrollment.status not in REOPENABLE_STATUSES:
        raise ValidationError(
            _("%(name)s is already in this offering (%(status)s).")
            % {"name": employee.name, "status": enrollment.get_status_display().lower()}
        )

    missing = _missing_prerequisites(course=offering.course, employee=employee)
    if missing:
        raise ValidationError(
            _("Complete the prerequisites first: %(courses)s.") % {"courses": ", ".join(c.title for c in missing)}
        )

    clashes = _clash_messages(employee=employee, offering=offering)
    if clashes and not override_reason:
        raise ValidationError([_("Schedule clash: %(clash)s") % {"clash": message} for message in clashes])

    need = enrollment_need_get(employee=employee, course=offering.course, year=offering.end_date.year)
    if enrollment is None:
        enrollment = Enrollment(offering=offering, employee=employee)
    enrollment.source = source
    enrollment.requested_at = timezone.now()
    enrollment.need_gap = need.gap
    enrollment.need_jp_deficit_minutes = need.jp_deficit_minutes
    enrollment.need_reason = need.reason

    reason = _("Assigned by a coordinator") if source == EnrollmentSource.ASSIGNED else _("Requested by the employee")
    if clashes:
        reason = _("Clash overridden (%(clashes)s): %(reason)s") % {
            "clashes": "; ".join(clashes),
            "reason": override_reason,
        }
    extra = ("source", "requested_at", "need_gap", "need_jp_deficit_minutes", "need_reason")
    try:
        with transaction.atomic():
            if offering.requires_approval and source == EnrollmentSource.SELF:
                enrollment_transition(
                    enrollment=enrollment,
                    to_status=EnrollmentStatus.PENDING,
                    actor=actor,
                    reason=_("Awaiting the supervisor's approval"),
                    extra_fields=extra,
                )
                _notify_approvers(enrollment, offering)
                return enrollment
            return _seat_decision(enrollment, offering=offering, actor=actor, reason=reason, extra_fields=extra)
    except IntegrityError as exc:
        # Two requests for the same pair that both passed the check: the constraint decides.
        raise ValidationError(_("%(name)s is already in this offering.") % {"name": employee.name}) from exc


def _locked_enrollment(enrollment: Enrollment) -> tuple[Enrollment, Offering]:
    """Lock the offering first, then the enrollment, and return both fresh."""
    offering = _lock_offering(enrollment.offering)
    fresh = Enrollment.objects.select_for_update(of=("self",)).select_related("employee__user").get(pk=enrollment.pk)
    fresh.offering = offering
    return fresh, offering


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, actor) -> Enrollment:
    """The supervisor (or a coordinator of the offering) approves a request: it then gets a seat or waits."""
    if not can_approve_enrollment(access_for(actor), enrollment):
        raise PermissionDenied(_("Only the employee's supervisor or the offering's coordinators approve."))
    enrollment, offering = _locked_enrollment(enrollment)
    if enrollment.status != EnrollmentStatus.PENDING:
        raise ValidationError(_("Only a request awaiting approval can be approved."))
    if offering.status not in OPEN_OFFERING_STATUSES:
        raise ValidationError(_("This offering no longer takes participants."))
    return _seat_decision(enrollment, offering=offering, actor=actor, reason=_("Approved"))


@transaction.atomic
def enrollment_reject(*, enrollment: Enrollment, actor, reason: str) -> Enrollment:
    """Turn down a request or a waitlisted place, with the reason the employee will read."""
    if not can_approve_enrollment(access_for(actor), enrollment):
        raise PermissionDenied(_("Only the employee's supervisor or the offering's coordinators reject."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    enrollment, offering = _locked_enrollment(enrollment)
    if enrollment.status not in (EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED):
        raise ValidationError(_("Only a pending or waitlisted enrollment can be rejected."))
    enrollment_transition(enrollment=enrollment, to_status=EnrollmentStatus.REJECTED, actor=actor, reason=reason)
    _notify_employee(
        enrollment,
        kind=NotificationKind.REJECTED,
        title=_("Your enrollment in %(course)s was not approved") % {"course": _course_label(offering)},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return enrollment


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, actor, reason: str = "") -> Enrollment:
    """The employee withdraws, or a coordinator cancels; a freed seat goes to the next in line."""
    access = access_for(actor)
    own = access.employee_id is not None and access.employee_id == enrollment.employee_id
    if not (own or can_manage_offering(access, enrollment.offering)):
        raise PermissionDenied(_("Only the employee or the offering's coordinators cancel an enrollment."))
    enrollment, offering = _locked_enrollment(enrollment)
    if enrollment.status not in CANCELLABLE_STATUSES:
        raise ValidationError(
            _("A %(status)s enrollment cannot be cancelled.") % {"status": enrollment.get_status_display().lower()}
        )
    held_seat = enrollment.status in SEAT_STATUSES
    reason = reason.strip() or (_("Withdrawn by the employee") if own else _("Cancelled by a coordinator"))
    enrollment_transition(enrollment=enrollment, to_status=EnrollmentStatus.CANCELLED, actor=actor, reason=reason)
    if not own:
        _notify_employee(
            enrollment,
            kind=NotificationKind.CANCELLED,
            title=_("Your enrollment in %(course)s was cancelled") % {"course": _course_label(offering)},
            body=_("Reason: %(reason)s") % {"reason": reason},
        )
    if held_seat:
        _fill(offering, actor=actor)
    return enrollment


@transaction.atomic
def offering_fill_seats(*, offering: Offering, actor) -> list[Enrollment]:
    """Promote the waitlist into the free seats in need order (e.g. after a capacity increase).

    Callers decide who may trigger it (the catalog's ``offering_update``, the roster page);
    ``actor`` is recorded on each promotion.
    """
    return _fill(_lock_offering(offering), actor=actor)
