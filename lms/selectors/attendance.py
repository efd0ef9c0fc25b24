"""Reads of the attendance slice: roll calls, attendance lists, results of an offering."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404

from backend.common.db import subquery_count
from backend.people.access import Access
from lms.access import can_manage_offerings, offerings_managed
from lms.checkin import CheckinCodeError, checkin_token_session_id
from lms.choices import ATTENDED_STATUSES, SEAT_STATUSES, EnrollmentStatus
from lms.models import Attendance, Enrollment, Offering, Session
from lms.rules import CompletionResult, attendance_pct, completion_result, gain_band, normalised_gain


def _session_count(offering_ref: str):
    return subquery_count(Session.objects.filter(offering=OuterRef(offering_ref)), outer_field="offering")


def _require_manager_role(access: Access) -> None:
    # Not a coordinator at all is the wrong role (403); a coordinator of another agency
    # is out of scope and gets the 404 of the filtered look-up below.
    if not can_manage_offerings(access):
        raise PermissionDenied


def session_managed_get(*, access: Access, pk) -> Session:
    """A session of an offering ``access`` manages, for its roll call and check-in screen."""
    _require_manager_role(access)
    try:
        return (
            Session.objects.select_related("offering__course", "offering__owner_unit", "trainer", "venue")
            .filter(offerings_managed(access, prefix="offering__"))
            .get(pk=pk)
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offering_managed_get(*, access: Access, pk) -> Offering:
    """An offering ``access`` manages, for its results, imports and finishing."""
    _require_manager_role(access)
    try:
        return (
            Offering.objects.select_related("course", "owner_unit", "venue")
            .annotate(session_count=_session_count("pk"))
            .filter(offerings_managed(access))
            .get(pk=pk)
        )
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class RollCallRow:
    enrollment: Enrollment
    attendance: Attendance | None


def roll_call_get(*, session: Session) -> list[RollCallRow]:
    """Every seat holder of the session's offering with their record for it (two queries)."""
    enrollments = (
        Enrollment.objects.filter(offering_id=session.offering_id, status__in=SEAT_STATUSES)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    records = {
        record.enrollment_id: record
        for record in Attendance.objects.filter(session=session).select_related("recorded_by__employee")
    }
    return [RollCallRow(enrollment=e, attendance=records.get(e.pk)) for e in enrollments]


def attendance_visible(access: Access, *, prefix: str = "") -> Q:
    """Who reads attendance: those who manage the offering, the participant themself, HR and administrators."""
    if access.user_id is None:
        return Q(**{f"{prefix}pk__in": []})
    if access.is_admin or access.is_hr:
        return Q(**{f"{prefix}pk__isnull": False})
    visible = offerings_managed(access, prefix=f"{prefix}session__offering__")
    if access.employee_id is not None:
        visible |= Q(**{f"{prefix}enrollment__employee_id": access.employee_id})
    return visible


def attendance_list(*, access: Access) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(attendance_visible(access))
        .select_related("session__offering", "enrollment__employee", "recorded_by__employee")
        .order_by("-session__date", "-session__starts_at", "enrollment__employee__name", "pk")
    )


def attendance_get(*, access: Access, pk) -> Attendance:
    try:
        return attendance_list(access=access).get(pk=pk)
    except (Attendance.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _attended():
    return subquery_count(
        Attendance.objects.filter(enrollment=OuterRef("pk"), status__in=ATTENDED_STATUSES), outer_field="enrollment"
    )


def with_attendance(queryset: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Annotate enrollments with ``attended`` (present or late) and ``session_total`` of their offering.

    Subqueries, not joins: the outer row count (and any pagination) stays that of the enrollments.
    """
    return queryset.annotate(attended=_attended(), session_total=_session_count("offering"))


def attendance_pct_by_enrollment(*, enrollment_ids) -> dict[int, Decimal | None]:
    """Attendance % (present + late over the offering's sessions) of each enrollment, in one query."""
    rows = with_attendance(Enrollment.objects.filter(pk__in=list(enrollment_ids))).values_list(
        "pk", "attended", "session_total"
    )
    return {pk: attendance_pct(attended, total) for pk, attended, total in rows}


@dataclass(frozen=True)
class ResultRow:
    enrollment: Enrollment
    attended: int
    attendance_pct: Decimal | None
    gain: Decimal | None
    gain_band: str
    # What finishing now would decide (for a finished offering: what was decided, from stored values).
    outcome: CompletionResult


@dataclass(frozen=True)
class OfferingResults:
    offering: Offering
    sessions: list[Session]
    rows: list[ResultRow]

    @property
    def last_session_date(self):
        return self.sessions[-1].date if self.sessions else None

    @property
    def passing(self) -> list[ResultRow]:
        return [row for row in self.rows if row.outcome.completed]

    @property
    def failing(self) -> list[ResultRow]:
        return [row for row in self.rows if not row.outcome.completed]

    @property
    def open_rows(self) -> list[ResultRow]:
        """Participants not decided yet: their scores may still change."""
        return [row for row in self.rows if row.enrollment.status == EnrollmentStatus.ENROLLED]


def offering_results_get(*, offering: Offering) -> OfferingResults:
    """Seat holders with attendance %, scores, gain and the completion verdict (two queries).

    Before finishing, the verdict is what ``offering_finish`` would decide now; afterwards the
    stored attendance % and status are shown, so later edits cannot rewrite what was decided.
    """
    sessions = list(Session.objects.filter(offering=offering).select_related("offering").order_by("date", "starts_at"))
    enrollments = (
        Enrollment.objects.filter(offering=offering, status__in=SEAT_STATUSES)
        .select_related("employee")
        .annotate(attended=_attended())
        .order_by("employee__name", "pk")
    )
    rows = []
    for enrollment in enrollments:
        decided = enrollment.status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED)
        if decided:
            pct = enrollment.attendance_pct
            completed = enrollment.status == EnrollmentStatus.COMPLETED
            outcome = CompletionResult(completed=completed, reasons=() if completed else (enrollment.result_reason,))
        else:
            pct = attendance_pct(enrollment.attended, len(sessions))
            outcome = completion_result(
                attendance=pct,
                post_test=enrollment.post_test,
                min_attendance=offering.min_attendance_pct,
                pass_mark=offering.pass_mark,
            )
        gain = normalised_gain(enrollment.pre_test, enrollment.post_test)
        rows.append(
            ResultRow(
                enrollment=enrollment,
                attended=enrollment.attended,
                attendance_pct=pct,
                gain=gain,
                gain_band=gain_band(gain),
                outcome=outcome,
            )
        )
    return OfferingResults(offering=offering, sessions=sessions, rows=rows)


@dataclass(frozen=True)
class SheetRow:
    nip: str
    name: str
    session: Session
    status: str


def attendance_sheet_get(*, offering: Offering) -> list[SheetRow]:
    """Every participant × session of an offering with what is recorded, for a fill-in sheet (three queries)."""
    sessions = list(Session.objects.filter(offering=offering).order_by("date", "starts_at"))
    participants = list(
        Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.ENROLLED)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    recorded = {
        (session_id, enrollment_id): status
        for session_id, enrollment_id, status in Attendance.objects.filter(session__offering=offering).values_list(
            "session_id", "enrollment_id", "status"
        )
    }
    return [
        SheetRow(
            nip=enrollment.employee.nip,
            name=enrollment.employee.name,
            session=session,
            status=recorded.get((session.pk, enrollment.pk), ""),
        )
        for session in sessions
        for enrollment in participants
    ]


def session_checkin_count(*, session: Session) -> tuple[int, int]:
    """(records, seat holders) of a session, for the check-in screen's live counter (one query)."""
    holders = subquery_count(
        Enrollment.objects.filter(offering=OuterRef("offering"), status=EnrollmentStatus.ENROLLED),
        outer_field="offering",
    )
    records = subquery_count(Attendance.objects.filter(session=OuterRef("pk")), outer_field="session")
    row = Session.objects.filter(pk=session.pk).annotate(r=records, h=holders).values_list("r", "h").first()
    return row or (0, 0)


def checkin_session_get(*, token: str) -> Session | None:
    """The session a check-in code names, for the page that asks to confirm; None for a forged code.

    Whether the code is still current, the session open and the person a participant is
    decided when they confirm (``attendance_checkin``), which says which it is.
    """
    try:
        session_id = checkin_token_session_id(token)
    except CheckinCodeError:
        return None
    return Session.objects.select_related("offering__course", "venue", "trainer").filter(pk=session_id).first()
