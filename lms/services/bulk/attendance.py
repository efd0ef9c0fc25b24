"""Attendance in bulk, and finishing many offerings at once by the completion rule.

``offering_bulk_finish`` does for a batch of offerings what the attendance slice's
``offering_finish`` does for one: every seat holder (enrolled) is evaluated from their
attendance and post-test against the offering's minimum and pass mark, moves to completed
or not completed with the reason, and JP are credited only on completion (one ledger row
each, dated and titled as ``offering_finish`` writes them). It does so in a fixed number of
statements per batch and sends no notifications: it loads history, it does not announce it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
from backend.people.models import Employee
from lms.access import can_manage_offering
from lms.choices import (
    ATTENDED_STATUSES,
    AttendanceMethod,
    AttendanceStatus,
    EnrollmentStatus,
    LedgerSource,
    OfferingStatus,
)
from lms.models import Attendance, Enrollment, EnrollmentTransition, JpLedgerEntry, Offering, Session
from lms.rules import attendance_pct, completion_result
from lms.services.bulk.common import (
    BATCH_SIZE,
    actor_access,
    audit_rows,
    chunks,
    datetime_adapter,
    db_date,
    db_now,
    insert_rows,
    raise_row_errors,
    require,
)

ATTENDANCE_COLUMNS = ["session", "enrollment", "status", "method", "recorded_by", "recorded_at", "note"]
LEDGER_COLUMNS = ["employee", "year", "minutes", "source", "enrollment", "title", "date", "credited_at"]
FINISHABLE = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)
STATUSES, METHODS = frozenset(AttendanceStatus.values), frozenset(AttendanceMethod.values)
SESSION_OFFERING = Session._meta.get_field("offering")
LEDGER_EMPLOYEE = JpLedgerEntry._meta.get_field("employee")


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    session_id: int
    enrollment_id: int
    status: str
    method: str
    recorded_at: datetime.datetime
    recorded_by_id: int | None = None
    note: str = ""


@transaction.atomic
def attendance_bulk_create(*, actor, rows: Iterable[AttendanceRow], batch_size: int = BATCH_SIZE) -> int:
    """Load attendance records of seat holders (roll-call sheets, an earlier system).

    Like ``ikm_response_bulk_create``, the history counts what was loaded per session and by
    whom rather than writing a row per record: each record keeps its method and recorder.
    """
    as_db = datetime_adapter()
    access = actor_access(actor)
    rows = list(rows)
    sessions: dict[int, Session] = {}
    for ids in chunks(sorted({r.session_id for r in rows})):
        sessions.update(Session.objects.select_related("offering__owner_unit").in_bulk(ids))
    for offering in {s.offering_id: s.offering for s in sessions.values()}.values():
        require(can_manage_offering(access, offering), _("Only the coordinators of this offering may do this."))
    enrollments: dict[int, tuple[int, str]] = {}
    for ids in chunks(sorted({r.enrollment_id for r in rows})):
        enrollments.update(
            (pk, (offering_id, status))
            for pk, offering_id, status in Enrollment.objects.filter(pk__in=ids).values_list(
                "pk", "offering_id", "status"
            )
        )
    values, errors, seen, loaded = [], {}, set(), defaultdict(int)
    for index, row in enumerate(rows):
        session, enrollment = sessions.get(row.session_id), enrollments.get(row.enrollment_id)
        problems = []
        if session is None or enrollment is None:
            problems.append(_("Unknown session or enrollment."))
        elif enrollment[0] != session.offering_id or enrollment[1] != EnrollmentStatus.ENROLLED:
            problems.append(_("Only seat holders of the session's offering can have a record."))
        elif session.offering.status in (OfferingStatus.FINISHED, OfferingStatus.CANCELLED):
            problems.append(_("The offering is closed: its attendance can no longer change."))
        if row.status not in STATUSES or row.method not in METHODS:
            problems.append(_("Unknown status or method."))
        if (row.session_id, row.enrollment_id) in seen:
            problems.append(_("One record per participant and session."))
        seen.add((row.session_id, row.enrollment_id))
        if problems:
            errors[f"row {index + 1}"] = problems
            continue
        loaded[row.session_id] += 1
        values.append(
            (
                row.session_id,
                row.enrollment_id,
                row.status,
                row.method,
                row.recorded_by_id,
                as_db(row.recorded_at),
                row.note[:255],
            )
        )
    raise_row_errors(errors)
    insert_rows(Attendance, ATTENDANCE_COLUMNS, values, batch_size=batch_size)
    audit_bulk_record(
        objs=[sessions[pk] for pk in sorted(loaded)],
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda session: {"attendance": [None, loaded[session.pk]]},
        reason=_("Attendance loaded in bulk"),
    )
    return len(values)


@dataclass(frozen=True)
class FinishRow:
    offering_id: int
    # When the offering was finished (the history's time of each decision).
    at: datetime.datetime


def _finish_problems(offering: Offering | None, last_session: datetime.date | None, at) -> list[str]:
    if offering is None:
        return [_("Unknown offering.")]
    if offering.status not in FINISHABLE:
        return [_("Only a published or running offering can be finished.")]
    if last_session is None:
        return [_("The offering has no sessions, so there is no attendance to judge.")]
    if last_session > timezone.localdate(at):
        return [_("Finish the offering after its last session.")]
    return []


def _update_enrollments(decided: list[tuple], batch_size: int) -> None:
    quote = connection.ops.quote_name
    columns = ["status", "attendance_pct", "result_reason", "credited_minutes", "decided_at", "updated_at"]
    assignments = ", ".join(f"{quote(name)} = %s" for name in columns)
    sql = f"UPDATE {quote(Enrollment._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(decided), batch_size):
            cursor.executemany(sql, decided[start : start + batch_size])


@transaction.atomic
def offering_bulk_finish(*, actor, rows: Iterable[FinishRow], batch_size: int = BATCH_SIZE) -> list[Offering]:
    """Finish offerings: evaluate every seat holder, credit JP on completion, close the offerings."""
    as_db = datetime_adapter()
    access = actor_access(actor)
    rows = list(rows)
    ids = sorted({r.offering_id for r in rows})
    offerings, totals, last = {}, {}, {}
    for chunk in chunks(ids):
        offerings.update(Offering.objects.select_related("course", "owner_unit").in_bulk(chunk))
        for offering_id, count, latest in (
            Session.objects.filter(offering_id__in=chunk)
            .values("offering_id")
            .annotate(n=Count("pk"), last=Max("date"))
            .values_list("offering_id", "n", "last")
        ):
            totals[offering_id], last[offering_id] = count, latest
    errors = {}
    for row in rows:
        offering = offerings.get(row.offering_id)
        if offering is not None:
            require(can_manage_offering(access, offering), _("Only the coordinators of this offering may do this."))
        problems = _finish_problems(offering, last.get(row.offering_id), row.at)
        if problems:
            errors[offering.code if offering else str(row.offering_id)] = problems
    raise_row_errors(errors)

    at_of = {r.offering_id: r.at for r in rows}
    seated, attended = [], defaultdict(int)
    for chunk in chunks(ids):
        seated += Enrollment.objects.filter(offering_id__in=chunk, status=EnrollmentStatus.ENROLLED).values_list(
            "pk", "offering_id", "employee_id", "post_test"
        )
        attended.update(
            Attendance.objects.filter(enrollment__offering_id__in=chunk, status__in=ATTENDED_STATUSES)
            .values("enrollment_id")
            .annotate(n=Count("pk"))
            .values_list("enrollment_id", "n")
        )
    now = db_now()
    decided, transitions, ledger, counts = [], [], [], defaultdict(lambda: [0, 0])
    for pk, offering_id, employee_id, post_test in sorted(seated):
        offering, at = offerings[offering_id], as_db(at_of[offering_id])
        pct = attendance_pct(attended[pk], totals[offering_id])
        outcome = completion_result(
            attendance=pct,
            post_test=post_test,
            min_attendance=offering.min_attendance_pct,
            pass_mark=offering.pass_mark,
        )
        status = EnrollmentStatus.COMPLETED if outcome.completed else EnrollmentStatus.NOT_COMPLETED
        reason = "; ".join(outcome.reasons)[:255]
        minutes = offering.course.duration_minutes if outcome.completed else 0
        decided.append((status, pct, reason, minutes, at, now, pk))
        transitions.append(
            (pk, EnrollmentStatus.ENROLLED, status, actor.pk if actor else None, reason or _("Completed"), at)
        )
        counts[offering_id][1] += 1
        if outcome.completed:
            counts[offering_id][0] += 1
            ledger.append(
                (
                    employee_id,
                    offering.end_date.year,
                    minutes,
                    LedgerSource.COURSE,
                    pk,
                    offering.course.title[:255],
                    db_date(offering.end_date),
                    at,
                )
            )
    _update_enrollments(decided, batch_size)
    insert_rows(
        EnrollmentTransition,
        ["enrollment", "from_status", "to_status", "actor", "reason", "at"],
        transitions,
        batch_size=batch_size,
    )
    insert_rows(JpLedgerEntry, LEDGER_COLUMNS, ledger, batch_size=batch_size)
    _record_ledger(actor, ids, offerings)

    changes = {}
    for offering in offerings.values():
        changes[offering.pk] = {
            "status": [offering.status, OfferingStatus.FINISHED],
            "finished_at": [None, str(at_of[offering.pk])],
        }
        offering.status, offering.finished_at = OfferingStatus.FINISHED, at_of[offering.pk]
    Offering.objects.bulk_update(list(offerings.values()), ["status", "finished_at"], batch_size=500)
    audit_rows(
        list(offerings.values()),
        action=AuditEntry.Action.TRANSITION,
        actor=actor,
        changes_for=lambda o: changes[o.pk],
        reason_for=lambda o: (
            _("%(completed)d of %(total)d completed") % {"completed": counts[o.pk][0], "total": counts[o.pk][1]}
        ),
    )
    return [offerings[r.offering_id] for r in rows]


def ledger_changes(entry: JpLedgerEntry) -> dict:
    """What ``diff({}, snapshot(entry, LEDGER_FIELDS))`` gives, without the field API on every row
    (the ledger's fields name the enrollment or the activity, whichever the credit comes from)."""
    values = {
        "employee": entry.employee_id,
        "year": entry.year,
        "minutes": entry.minutes,
        "source": entry.source,
        "enrollment": entry.enrollment_id,
        "activity": entry.activity_id,
        "title": entry.title,
        "date": str(entry.date),
    }
    return {name: [None, value] for name, value in values.items() if value is not None}


def _record_ledger(actor, offering_ids: list[int], offerings: dict[int, Offering]) -> None:
    """One history row per credit, with the offering's code as the reason (as ``offering_finish`` writes)."""
    entries = []
    for chunk in chunks(offering_ids):
        entries += JpLedgerEntry.objects.filter(enrollment__offering_id__in=chunk).annotate(
            offering_id=F("enrollment__offering_id")
        )
    employees = Employee.objects.only("pk", "name", "front_title", "back_title", "nip").in_bulk(
        {e.employee_id for e in entries}
    )
    for entry in entries:
        LEDGER_EMPLOYEE.set_cached_value(entry, employees[entry.employee_id])
    audit_rows(
        entries,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=ledger_changes,
        reason_for=lambda entry: offerings[entry.offering_id].code,
    )
