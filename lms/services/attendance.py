"""Attendance: roll call, QR self check-in and CSV import.

One record per participant and session (a database constraint); each keeps how it was
recorded and by whom, and every creation or change leaves a history row saying who
changed it from what to what. Only seat holders (ENROLLED) of the session's offering can
have a record, and nothing changes any more once the offering is finished or cancelled:
its results were computed from these records.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.appraisal.imports.result import WHOLE_FILE
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, audit_record, diff, snapshot
from backend.people.access import Access, access_for
from lms.access import can_manage_offering
from lms.checkin import CheckinCodeError, checkin_token_read, session_window
from lms.choices import AttendanceMethod, AttendanceStatus, EnrollmentStatus, OfferingStatus
from lms.imports import ATTENDANCE, OfferingImportResult, read_file, validate_attendance_rows
from lms.models import Attendance, Enrollment, Offering, Session

AUDIT_FIELDS = ["status", "method", "recorded_by"]
# The system (seeding, tasks) acts with every right.
SYSTEM = Access(user_id=None, is_superuser=True)
CLOSED_STATUSES = (OfferingStatus.FINISHED, OfferingStatus.CANCELLED)


def actor_access(actor) -> Access:
    return SYSTEM if actor is None else access_for(actor)


def require_manager(actor, offering: Offering) -> None:
    if not can_manage_offering(actor_access(actor), offering):
        raise PermissionDenied(_("Only the coordinators of this offering may do this."))


def closed_problem(offering: Offering) -> str | None:
    if offering.status in CLOSED_STATUSES:
        return _("%(offering)s is %(status)s: its attendance and scores can no longer change.") % {
            "offering": offering.code,
            "status": offering.get_status_display().lower(),
        }
    return None


def lock_open_offering(offering: Offering) -> Offering:
    """Lock the offering row (finishing takes the same lock) and refuse a closed one."""
    locked = Offering.objects.select_for_update(of=("self",)).select_related("course", "owner_unit").get(pk=offering.pk)
    if problem := closed_problem(locked):
        raise ValidationError(problem)
    return locked


def _check(record: Attendance) -> None:
    # The related rows were just loaded and the one-per-session rule is the upsert's and the
    # database's: checking them again here would cost queries per row of a 500-person roll call.
    record.full_clean(
        exclude=["session", "enrollment", "recorded_by"], validate_unique=False, validate_constraints=False
    )


def _recorder(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _upsert(
    *, entries: list[tuple[Session, Enrollment, str]], actor, method: str, reason: str = ""
) -> list[Attendance]:
    """Create or change the records of ``entries`` in bulk, with one history row per record touched.

    A record whose status is already the one given is left as it was (its method and recorder
    stay those of whoever recorded it first). The same statements whatever the number of
    entries: the existing records (locked), one insert, one update, the history rows.
    """
    existing = {
        (record.session_id, record.enrollment_id): record
        for record in Attendance.objects.select_for_update().filter(
            session_id__in={session.pk for session, _e, _s in entries},
            enrollment_id__in={enrollment.pk for _s, enrollment, _st in entries},
        )
    }
    recorder, now = _recorder(actor), timezone.now()
    created, updated, before, touched = [], [], {}, []
    for session, enrollment, status in entries:
        record = existing.get((session.pk, enrollment.pk))
        if record is None:
            record = Attendance(
                session=session, enrollment=enrollment, status=status, method=method, recorded_by=recorder
            )
            created.append(record)
        else:
            # The loaded rows, so that naming the record in its history costs no query.
            record.session, record.enrollment = session, enrollment
            if record.status == status:
                touched.append(record)
                continue
            before[record.pk] = snapshot(record, AUDIT_FIELDS)
            record.status, record.method, record.recorded_by, record.recorded_at = status, method, recorder, now
            updated.append(record)
        _check(record)
        touched.append(record)
    try:
        with transaction.atomic():
            Attendance.objects.bulk_create(created, batch_size=1000)
    except IntegrityError:
        raise ValidationError(
            _("Someone else recorded attendance for the same people at the same moment. Nothing was saved; try again.")
        ) from None
    if created and created[0].pk is None:
        _fetch_pks(created)
    Attendance.objects.bulk_update(updated, ["status", "method", "recorded_by", "recorded_at"], batch_size=1000)
    audit_bulk_record(
        objs=created,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda record: diff({}, snapshot(record, AUDIT_FIELDS)),
        reason=reason,
    )
    audit_bulk_record(
        objs=updated,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda record: diff(before[record.pk], snapshot(record, AUDIT_FIELDS)),
        reason=reason,
    )
    return touched


def _fetch_pks(created: list[Attendance]) -> None:
    """Databases that do not return ids from a bulk insert: read them back by the natural key."""
    rows = Attendance.objects.filter(session_id__in={r.session_id for r in created}).values_list(
        "session_id", "enrollment_id", "pk"
    )
    keys = {(session_id, enrollment_id): pk for session_id, enrollment_id, pk in rows}
    for record in created:
        record.pk = keys[(record.session_id, record.enrollment_id)]


@transaction.atomic
def attendance_record_bulk(
    *, session: Session, marks: dict[int, str], actor, method: str = AttendanceMethod.ROLL_CALL, reason: str = ""
) -> list[Attendance]:
    """Record the roll call of ``session``: ``marks`` maps enrollment ids to attendance statuses.

    Only seat holders of the session's offering may be marked; any other id, or an unknown
    status, refuses the whole call (nothing is written) naming each problem.
    """
    require_manager(actor, session.offering)
    offering = lock_open_offering(session.offering)
    problems, wanted = [], {}
    for key, status in marks.items():
        try:
            enrollment_id = int(key)
        except (TypeError, ValueError):
            problems.append(_("“%(value)s” is not an enrollment.") % {"value": key})
            continue
        if status not in AttendanceStatus.values:
            problems.append(
                _("“%(status)s” is not an attendance status (enrollment %(id)s).") % {"status": status, "id": key}
            )
            continue
        wanted[enrollment_id] = status
    seat_holders = {
        enrollment.pk: enrollment
        for enrollment in Enrollment.objects.filter(
            pk__in=list(wanted), offering=offering, status=EnrollmentStatus.ENROLLED
        ).select_related("employee", "offering")
    }
    outsiders = sorted(set(wanted) - seat_holders.keys())
    if outsiders:
        problems.append(
            _("Not participants of %(offering)s: enrollment %(ids)s.")
            % {"offering": offering.code, "ids": ", ".join(str(pk) for pk in outsiders)}
        )
    if problems:
        raise ValidationError({"marks": problems})
    session.offering = offering
    entries = [(session, seat_holders[pk], wanted[pk]) for pk in sorted(wanted)]
    return _upsert(entries=entries, actor=actor, method=method, reason=reason)


class CheckinRefused(ValidationError):
    """A QR check-in that cannot be accepted; ``code`` says which rule refused it."""


def _refuse(code: str, **params) -> CheckinRefused:
    messages = {
        "invalid": _("This check-in code is not valid. Scan the code on the session screen again."),
        "stale": _("This check-in code has expired because the code on the screen changed. Scan it again."),
        "not_open": _("Check-in for this session is not open yet: it opens at %(at)s."),
        "expired": _("Check-in for this session has closed: it closed at %(at)s."),
        "not_participant": _("You are not a participant of this offering, so you cannot check in to its session."),
        "already_recorded": _("Your attendance for this session is already recorded (%(status)s)."),
    }
    return CheckinRefused(messages[code] % params if params else messages[code], code=code)


def _local(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@transaction.atomic
def attendance_checkin(*, token: str, user, now: datetime.datetime | None = None) -> Attendance:
    """Check the signed-in ``user`` in to the session ``token`` names, by QR.

    Accepted only with a genuine (and, when rotating, current) code, inside the session's
    window (start − grace … end + grace, local time), for a seat holder of the offering
    who has no record for the session yet — a second scan, from any device, is refused.
    Present, or late when more than ``LMS_CHECKIN_LATE_AFTER_MINUTES`` after the start.
    """
    now = now or timezone.now()
    try:
        code = checkin_token_read(token, now=now)
    except CheckinCodeError as exc:
        raise _refuse(exc.code) from None
    session = Session.objects.select_related("offering").filter(pk=code.session_id).first()
    if session is None:
        raise _refuse("invalid")
    if session.rotating_checkin and code.step is None:
        raise _refuse("stale")
    opens, starts, closes = session_window(session)
    if now < opens:
        raise _refuse("not_open", at=_local(opens))
    if now > closes or session.offering.status in CLOSED_STATUSES:
        raise _refuse("expired", at=_local(closes))
    # Locked so that two scans of the same person at once (two phones) queue behind each other.
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("employee", "offering")
        .filter(
            offering_id=session.offering_id,
            employee__user=user,
            employee__is_active=True,
            status=EnrollmentStatus.ENROLLED,
        )
        .first()
    )
    if enrollment is None:
        raise _refuse("not_participant")
    existing = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    if existing is not None:
        raise _refuse("already_recorded", status=existing.get_status_display().lower())
    late_after = starts + datetime.timedelta(minutes=settings.LMS_CHECKIN_LATE_AFTER_MINUTES)
    record = Attendance(
        session=session,
        enrollment=enrollment,
        status=AttendanceStatus.LATE if now > late_after else AttendanceStatus.PRESENT,
        method=AttendanceMethod.QR,
        recorded_by=user,
    )
    _check(record)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise _refuse("already_recorded", status=_("recorded just now")) from None
    audit_record(
        obj=record, action=AuditEntry.Action.CREATE, actor=user, changes=diff({}, snapshot(record, AUDIT_FIELDS))
    )
    return record


@transaction.atomic
def attendance_import(
    *, offering: Offering, actor, data: bytes, dry_run: bool, source: str = ""
) -> OfferingImportResult:
    """Import an attendance file (NIP, session date, start time, status) for ``offering``.

    Every row is checked first; a file with a single bad row writes nothing and names every
    bad row with its line and reason. ``dry_run`` checks and previews without writing.
    """
    require_manager(actor, offering)
    rows, result = read_file(data, kind=ATTENDANCE, dry_run=dry_run)
    if not rows:
        return result
    # The preview only reads; the import locks the offering so that finishing cannot interleave.
    offering = offering if dry_run else Offering.objects.select_for_update().get(pk=offering.pk)
    if problem := closed_problem(offering):
        result.add_error(WHOLE_FILE, "", problem)
        return result
    lines = validate_attendance_rows(rows, offering=offering, result=result)
    if dry_run or not result.ok:
        return result
    reason = _("Imported from %(file)s") % {"file": source} if source else _("Imported from a file")
    try:
        with transaction.atomic():
            _upsert(
                entries=[(line.session, line.enrollment, line.status) for line in lines],
                actor=actor,
                method=AttendanceMethod.CSV,
                reason=reason,
            )
    except ValidationError as exc:
        for message in exc.messages:
            result.add_error(WHOLE_FILE, "", message)
        result.created = result.updated = result.unchanged = 0
        return result
    result.written = True
    return result
