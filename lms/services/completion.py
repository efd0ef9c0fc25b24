"""Test scores and the completion of an offering.

Completion (DOMAIN.md, *lulus*): attendance at or above the offering's minimum and a
post-test at or above its pass mark. Finishing an offering decides every seat holder once,
credits JP only to those who completed (one ledger row per enrollment) and tells each
participant the result; finishing it again changes nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.appraisal.imports.result import WHOLE_FILE
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, audit_record, diff, snapshot
from lms.choices import EnrollmentStatus, LedgerSource, NotificationKind, OfferingStatus
from lms.imports import SCORES, OfferingImportResult, read_file, validate_score_rows
from lms.models import Enrollment, JpLedgerEntry, Offering, Session
from lms.rules import attendance_pct, completion_result, format_jp
from lms.selectors.attendance import with_attendance
from lms.services.attendance import closed_problem, lock_open_offering, require_manager
from lms.services.notifications import Message, notification_send_bulk
from lms.services.transitions import enrollment_transition_bulk

SCORE_FIELDS = ["pre_test", "post_test"]
LEDGER_FIELDS = ["employee", "year", "minutes", "source", "enrollment", "title", "date"]
FINISHABLE_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _score(value, enrollment_id, label: str, problems: list[str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        score = None
    if score is None or not score.is_finite() or not 0 <= score <= HUNDRED or score != score.quantize(CENT):
        problems.append(
            _("%(test)s of enrollment %(id)s: “%(value)s” is not a score from 0 to 100 with at most 2 decimals.")
            % {"test": label, "id": enrollment_id, "value": value}
        )
        return None
    return score.quantize(CENT)


def _write_scores(*, pairs: list[tuple[Enrollment, Decimal | None, Decimal | None]], actor, reason: str) -> None:
    """Save changed scores in one update, with one history row per enrollment changed."""
    changed, before, now = [], {}, timezone.now()
    for enrollment, pre, post in pairs:
        if (enrollment.pre_test, enrollment.post_test) == (pre, post):
            continue
        before[enrollment.pk] = snapshot(enrollment, SCORE_FIELDS)
        enrollment.pre_test, enrollment.post_test, enrollment.updated_at = pre, post, now
        # The related rows are the ones just loaded; the score ranges are also database constraints.
        enrollment.full_clean(exclude=["offering", "employee"], validate_unique=False, validate_constraints=False)
        changed.append(enrollment)
    Enrollment.objects.bulk_update(changed, [*SCORE_FIELDS, "updated_at"], batch_size=1000)
    audit_bulk_record(
        objs=changed,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda enrollment: diff(before[enrollment.pk], snapshot(enrollment, SCORE_FIELDS)),
        reason=reason,
    )


@transaction.atomic
def enrollment_scores_save(
    *, offering: Offering, scores: dict[int, tuple], actor, reason: str = ""
) -> list[Enrollment]:
    """Set the pre-test and post-test (0–100, or None for no score) of seat holders of ``offering``.

    ``scores`` maps enrollment ids to ``(pre, post)``. Any bad value or an enrollment that
    is not a seat holder refuses the whole call, naming each problem.
    """
    require_manager(actor, offering)
    offering = lock_open_offering(offering)
    problems, wanted = [], {}
    for key, pair in scores.items():
        try:
            enrollment_id = int(key)
            pre, post = pair
        except (TypeError, ValueError):
            problems.append(_("“%(value)s”: give an enrollment id with a pre-test and a post-test.") % {"value": key})
            continue
        wanted[enrollment_id] = (_score(pre, key, _("Pre-test"), problems), _score(post, key, _("Post-test"), problems))
    enrollments = {
        enrollment.pk: enrollment
        for enrollment in Enrollment.objects.select_for_update(of=("self",))
        .filter(pk__in=list(wanted), offering=offering, status=EnrollmentStatus.ENROLLED)
        .select_related("employee", "offering")
    }
    outsiders = sorted(set(wanted) - enrollments.keys())
    if outsiders:
        problems.append(
            _("Not participants of %(offering)s: enrollment %(ids)s.")
            % {"offering": offering.code, "ids": ", ".join(str(pk) for pk in outsiders)}
        )
    if problems:
        raise ValidationError({"scores": problems})
    pairs = [(enrollments[pk], *wanted[pk]) for pk in sorted(wanted)]
    _write_scores(pairs=pairs, actor=actor, reason=reason)
    return [enrollment for enrollment, _pre, _post in pairs]


@transaction.atomic
def enrollment_scores_import(
    *, offering: Offering, actor, data: bytes, dry_run: bool, source: str = ""
) -> OfferingImportResult:
    """Import a score file (NIP, pre_test, post_test); a single bad row writes nothing and every one is named."""
    require_manager(actor, offering)
    rows, result = read_file(data, kind=SCORES, dry_run=dry_run)
    if not rows:
        return result
    offering = offering if dry_run else Offering.objects.select_for_update().get(pk=offering.pk)
    if problem := closed_problem(offering):
        result.add_error(WHOLE_FILE, "", problem)
        return result
    lines = validate_score_rows(rows, offering=offering, result=result)
    if dry_run or not result.ok:
        return result
    reason = _("Imported from %(file)s") % {"file": source} if source else _("Imported from a file")
    pairs = [(line.enrollment, line.pre_test, line.post_test) for line in lines]
    _write_scores(pairs=pairs, actor=actor, reason=reason)
    result.written = True
    return result


def _finish_problem(
    offering: Offering, last_session: tuple[datetime.date, datetime.time] | None, now: datetime.datetime
) -> str | None:
    if offering.status not in FINISHABLE_STATUSES:
        return _("Only a published or running offering can be finished; %(offering)s is %(status)s.") % {
            "offering": offering.code,
            "status": offering.get_status_display().lower(),
        }
    if last_session is None:
        return _("%(offering)s has no sessions, so there is no attendance to judge.") % {"offering": offering.code}
    last_day, last_end = last_session
    if (last_day, last_end) > (now.date(), now.time()) or offering.end_date > now.date():
        return _("%(offering)s runs until %(date)s %(time)s: finish it after that.") % {
            "offering": offering.code,
            "date": formats.date_format(max(last_day, offering.end_date), "SHORT_DATE_FORMAT"),
            "time": formats.time_format(last_end, "H:i"),
        }
    return None


@transaction.atomic
def offering_finish(*, offering: Offering, actor, today: datetime.date | None = None) -> Offering:
    """Finish ``offering``: decide every seat holder, credit JP on completion, notify each result.

    Idempotent: an offering already finished is returned unchanged. The evaluation reads
    every seat holder with their attendance in one query; ledger rows and history are
    written in bulk, as are the status changes with their history and the result notices, so
    a class of 500 costs about as many queries as a class of 5.
    """
    require_manager(actor, offering)
    offering = Offering.objects.select_for_update(of=("self",)).select_related("course").get(pk=offering.pk)
    if offering.status == OfferingStatus.FINISHED:
        return offering
    # ``today`` (tests, back-dated finishing) means the end of that day.
    now = (
        timezone.localtime()
        if today is None
        else datetime.datetime.combine(today, datetime.time.max, tzinfo=timezone.get_current_timezone())
    )
    last_session = (
        Session.objects.filter(offering=offering).order_by("-date", "-ends_at").values_list("date", "ends_at").first()
    )
    if problem := _finish_problem(offering, last_session, now):
        raise ValidationError(problem)

    enrollments = list(
        with_attendance(
            Enrollment.objects.select_for_update(of=("self",))
            .filter(offering=offering, status=EnrollmentStatus.ENROLLED)
            .select_related("employee__user")
        ).order_by("pk")
    )
    course = offering.course
    ledger, changes = [], []
    for enrollment in enrollments:
        enrollment.offering = offering
        pct = attendance_pct(enrollment.attended, enrollment.session_total)
        outcome = completion_result(
            attendance=pct,
            post_test=enrollment.post_test,
            min_attendance=offering.min_attendance_pct,
            pass_mark=offering.pass_mark,
        )
        enrollment.attendance_pct = pct
        enrollment.credited_minutes = course.duration_minutes if outcome.completed else 0
        enrollment.result_reason = "; ".join(outcome.reasons)[:255]
        to_status = EnrollmentStatus.COMPLETED if outcome.completed else EnrollmentStatus.NOT_COMPLETED
        changes.append((enrollment, to_status, enrollment.result_reason or _("Completed")))
        if outcome.completed:
            ledger.append(
                JpLedgerEntry(
                    employee=enrollment.employee,
                    year=offering.end_date.year,
                    minutes=course.duration_minutes,
                    source=LedgerSource.COURSE,
                    enrollment=enrollment,
                    title=course.title[:255],
                    date=offering.end_date,
                )
            )
    decided = enrollment_transition_bulk(
        changes=changes, actor=actor, extra_fields=("attendance_pct", "result_reason", "credited_minutes")
    )
    closed = _close_waiting(offering, actor)
    for entry in ledger:
        entry.full_clean(
            exclude=["employee", "enrollment", "activity"], validate_unique=False, validate_constraints=False
        )
    # PostgreSQL and SQLite both return the new ids, which the history rows need.
    JpLedgerEntry.objects.bulk_create(ledger, batch_size=1000)
    audit_bulk_record(
        objs=ledger,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=lambda entry: diff({}, snapshot(entry, LEDGER_FIELDS)),
        reason=offering.code,
    )
    notification_send_bulk(
        messages=[_result_message(offering, enrollment) for enrollment in decided]
        + [_closed_message(offering, enrollment) for enrollment in closed]
    )

    before = snapshot(offering, ["status", "finished_at"])
    offering.status, offering.finished_at = OfferingStatus.FINISHED, timezone.now()
    offering.full_clean()
    offering.save(update_fields=["status", "finished_at"])
    audit_record(
        obj=offering,
        action=AuditEntry.Action.TRANSITION,
        actor=actor,
        changes=diff(before, snapshot(offering, ["status", "finished_at"])),
        reason=_("%(completed)d of %(total)d completed") % {"completed": len(ledger), "total": len(decided)},
    )
    return offering


def _close_waiting(offering: Offering, actor) -> list[Enrollment]:
    """Requests still waiting when the class is over can no longer get a seat: close them, with the reason."""
    waiting = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(offering=offering, status__in=[EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED])
        .select_related("employee__user")
        .order_by("pk")
    )
    reason = _("The offering has finished.")
    return enrollment_transition_bulk(
        changes=[(enrollment, EnrollmentStatus.CANCELLED, reason) for enrollment in waiting], actor=actor
    )


def _closed_message(offering: Offering, enrollment: Enrollment) -> Message:
    values = {"course": offering.course.title, "code": offering.code}
    return Message(
        recipient=enrollment.employee.user,
        kind=NotificationKind.CANCELLED,
        title=_("Request closed: %(course)s") % values,
        body=_(
            "%(course)s (%(code)s) has finished before a seat came free for you. Look for another class in the catalog."
        )
        % values,
        url=reverse("catalog"),
        dedupe_key=f"closed:{enrollment.pk}",
    )


def _result_message(offering: Offering, enrollment: Enrollment) -> Message:
    course = offering.course
    values = {"course": course.title, "code": offering.code}
    if enrollment.status == EnrollmentStatus.COMPLETED:
        title = _("Completed: %(course)s") % values
        body = _(
            "You completed %(course)s (%(code)s). %(jp)s JP have been credited to your development record for %(year)s."
        ) % {**values, "jp": format_jp(enrollment.credited_minutes), "year": offering.end_date.year}
    else:
        title = _("Not completed: %(course)s") % values
        body = _("You did not complete %(course)s (%(code)s): %(reasons)s. No JP are credited for it.") % {
            **values,
            "reasons": enrollment.result_reason,
        }
    return Message(
        recipient=enrollment.employee.user,
        kind=NotificationKind.RESULT,
        title=title,
        body=body,
        url=reverse("my-training"),
        dedupe_key=f"result:{enrollment.pk}",
    )
