"""Read and check the attendance and test-score files of one offering.

The file reading (CSV or XLSX, comma or semicolon, byte-order mark, header aliases, line
numbers as a person sees them) is the appraisal import's (``backend.appraisal.imports``),
reused as is; this module adds the columns and the row checks. Every problem of every row
is collected before anything is written, and the look-ups are set-based: a fixed number of
queries whatever the length of the file. Nothing here writes; the services do.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.appraisal.imports import cells
from backend.appraisal.imports.lookups import in_chunks
from backend.appraisal.imports.parsing import FileRejected, Row, read_rows
from backend.appraisal.imports.result import ImportResult, RowError
from backend.appraisal.imports.spec import MAX_ROWS, Column
from backend.people.models import Employee
from backend.people.nip import format_nip
from lms.choices import AttendanceStatus, EnrollmentStatus
from lms.models import Attendance, Enrollment, Offering, Session

ATTENDANCE = "lms-attendance"
SCORES = "lms-scores"

_NIP_HELP = gettext_lazy("18 digits; spaces as printed are ignored. In Excel, format the column as Text.")
# The fill-in sheets carry the name so that people can find their rows; it is not checked.
_NAME_COLUMN = Column(
    "name", gettext_lazy("Name"), False, gettext_lazy("Optional, for reading only."), "Siti Rahmawati", ("nama",)
)

ATTENDANCE_COLUMNS = (
    Column("nip", gettext_lazy("NIP / NI PPPK"), True, _NIP_HELP, "197803152005012002", ("nip_ni_pppk", "ni_pppk")),
    Column(
        "session_date",
        gettext_lazy("Session date"),
        True,
        gettext_lazy("The date of a session of this offering: 2025-03-14 (or 14/03/2025)."),
        "2025-03-14",
        ("tanggal", "tanggal_sesi", "date", "tgl"),
    ),
    Column(
        "start_time",
        gettext_lazy("Start time"),
        True,
        gettext_lazy("The time the session starts, 24-hour clock: 08:00 (or 08.00)."),
        "08:00",
        ("jam_mulai", "mulai", "jam", "start", "time"),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        True,
        gettext_lazy("present, late, excused or absent (also hadir, terlambat, izin, tidak hadir)."),
        "hadir",
        ("kehadiran", "keterangan", "status_kehadiran"),
    ),
    _NAME_COLUMN,
)

SCORE_COLUMNS = (
    Column("nip", gettext_lazy("NIP / NI PPPK"), True, _NIP_HELP, "197803152005012002", ("nip_ni_pppk", "ni_pppk")),
    Column(
        "pre_test",
        gettext_lazy("Pre-test"),
        True,
        gettext_lazy("0 to 100, decimal comma or point; an empty cell keeps the score already entered."),
        "55",
        ("pre", "pretest", "nilai_pre_test", "nilai_awal"),
    ),
    Column(
        "post_test",
        gettext_lazy("Post-test"),
        True,
        gettext_lazy("0 to 100, decimal comma or point; an empty cell keeps the score already entered."),
        "78,5",
        ("post", "posttest", "nilai_post_test", "nilai_akhir"),
    ),
    _NAME_COLUMN,
)

_NIP, _NAME = gettext_lazy("NIP"), gettext_lazy("Name")
ATTENDANCE_PREVIEW_HEADINGS = (_NIP, _NAME, gettext_lazy("Session"), gettext_lazy("Status"))
SCORE_PREVIEW_HEADINGS = (_NIP, _NAME, gettext_lazy("Pre-test"), gettext_lazy("Post-test"))

# What people type in the status column, English and Indonesian, lower-cased with single spaces.
STATUS_WORDS = {
    **{str(value): str(value) for value in AttendanceStatus.values},
    "hadir": AttendanceStatus.PRESENT,
    "terlambat": AttendanceStatus.LATE,
    "telat": AttendanceStatus.LATE,
    "izin": AttendanceStatus.EXCUSED,
    "ijin": AttendanceStatus.EXCUSED,
    "sakit": AttendanceStatus.EXCUSED,
    "tidak hadir": AttendanceStatus.ABSENT,
    "alpa": AttendanceStatus.ABSENT,
    "alpha": AttendanceStatus.ABSENT,
}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$")
HUNDRED = Decimal(100)


@dataclass
class OfferingImportResult(ImportResult):
    """An import report whose column labels come from this module's columns."""

    columns: tuple[Column, ...] = ()

    def add_error(self, line: int, column: str, message: str) -> None:
        labels = {c.name: str(c.label) for c in self.columns}
        self.errors.append(RowError(line=line, column=column, message=str(message), label=labels.get(column, "")))

    def sort_errors(self) -> None:
        order = {column.name: index for index, column in enumerate(self.columns)}
        self.errors.sort(key=lambda error: (error.line, order.get(error.column, len(order))))


@dataclass(frozen=True)
class AttendanceLine:
    line: int
    session: Session
    enrollment: Enrollment
    status: str


@dataclass(frozen=True)
class ScoreLine:
    line: int
    enrollment: Enrollment
    pre_test: Decimal | None
    post_test: Decimal | None


@dataclass
class _Participants:
    """The offering's enrollments by NIP, and which other NIPs of the file exist at all."""

    by_nip: dict[str, Enrollment]
    known_nips: set[str] = field(default_factory=set)


def read_file(data: bytes, *, kind: str, dry_run: bool) -> tuple[list[Row], OfferingImportResult]:
    """The rows of an uploaded file and the report to fill; no rows when the file as a whole is refused."""
    if kind == ATTENDANCE:
        columns, headings = ATTENDANCE_COLUMNS, ATTENDANCE_PREVIEW_HEADINGS
    else:
        columns, headings = SCORE_COLUMNS, SCORE_PREVIEW_HEADINGS
    result = OfferingImportResult(kind=kind, dry_run=dry_run, columns=columns, preview_headings=headings)
    try:
        parsed = read_rows(data, columns=columns, max_rows=MAX_ROWS)
    except FileRejected as exc:
        result.errors = list(exc.errors)
        return [], result
    result.total = len(parsed.rows)
    if parsed.ignored:
        result.warnings.append(
            _("These columns were ignored: %(columns)s.") % {"columns": ", ".join(f"“{h}”" for h in parsed.ignored)}
        )
    return parsed.rows, result


def _nip(raw, line: int, result: OfferingImportResult) -> str:
    if cells.is_blank(raw):
        result.add_error(line, "nip", _("Empty; this column is required."))
        return ""
    try:
        value = cells.nip(raw)
    except cells.CellError as exc:
        result.add_error(line, "nip", exc.message)
        return ""
    if not (value.isdigit() and len(value) == 18):
        result.add_error(line, "nip", _("“%(value)s” is not a NIP: a NIP has 18 digits.") % {"value": value})
        return ""
    return value


def _participants(offering: Offering, nips: set[str]) -> _Participants:
    """Query 1: every enrollment of the offering; query 2 (per 5,000 NIPs): the other NIPs that exist."""
    enrollments = Enrollment.objects.filter(offering=offering).select_related("employee", "offering")
    participants = _Participants(by_nip={e.employee.nip: e for e in enrollments})
    others = nips - participants.by_nip.keys()
    participants.known_nips = {
        nip
        for chunk in in_chunks(others)
        for nip in Employee.objects.filter(nip__in=chunk).values_list("nip", flat=True)
    }
    return participants


def _participant(nip: str, participants: _Participants, line: int, result: OfferingImportResult):
    enrollment = participants.by_nip.get(nip)
    if enrollment is None:
        if nip in participants.known_nips:
            message = _("%(nip)s is not a participant of this offering.") % {"nip": format_nip(nip)}
        else:
            message = _("Unknown NIP: no employee has the NIP %(nip)s.") % {"nip": format_nip(nip)}
        result.add_error(line, "nip", message)
        return None
    if enrollment.status != EnrollmentStatus.ENROLLED:
        result.add_error(
            line,
            "nip",
            _("%(name)s is not a participant of this offering (status: %(status)s).")
            % {"name": enrollment.employee.name, "status": enrollment.get_status_display()},
        )
        return None
    return enrollment


def _time(value) -> datetime.time:
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    raw = cells.text(value)
    match = _TIME.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    raise cells.CellError(_("“%(value)s” is not a time. Write it like 08:00 or 13.30.") % {"value": raw})


def _status(value) -> str:
    raw = cells.text(value)
    status = STATUS_WORDS.get(" ".join(raw.lower().replace("_", " ").split()))
    if status is None:
        raise cells.CellError(
            _(
                "“%(value)s” is not a status. Use present, late, excused or absent "
                "(hadir, terlambat, izin, tidak hadir)."
            )
            % {"value": raw}
        )
    return status


def _cell(raw: dict, column: str, parse, line: int, result: OfferingImportResult):
    if cells.is_blank(raw.get(column)):
        result.add_error(line, column, _("Empty; this column is required."))
        return None
    try:
        return parse(raw[column])
    except cells.CellError as exc:
        result.add_error(line, column, exc.message)
        return None


def validate_attendance_rows(
    rows: list[Row], *, offering: Offering, result: OfferingImportResult
) -> list[AttendanceLine]:
    """Every problem goes to ``result``; returns the lines to write when there is none.

    Four queries whatever the number of rows: the offering's enrollments, the other NIPs,
    its sessions and the attendance already recorded (for the preview's "update").
    """
    parsed = []
    for line, raw in rows:
        nip = _nip(raw.get("nip"), line, result)
        day = _cell(raw, "session_date", cells.date, line, result)
        start = _cell(raw, "start_time", _time, line, result)
        status = _cell(raw, "status", _status, line, result)
        parsed.append((line, cells.text(raw.get("nip")), nip, day, start, status))

    participants = _participants(offering, {nip for _line, _text, nip, *_rest in parsed if nip})
    sessions = {(s.date, s.starts_at): s for s in Session.objects.filter(offering=offering).select_related("offering")}
    recorded = {
        (session_id, enrollment_id): status
        for session_id, enrollment_id, status in Attendance.objects.filter(session__offering=offering).values_list(
            "session_id", "enrollment_id", "status"
        )
    }

    ready, first_line = [], {}
    bad = result.lines_with_errors()
    for line, nip_text, nip, day, start, status in parsed:
        enrollment = _participant(nip, participants, line, result) if nip else None
        ok = line not in bad and enrollment is not None
        session = None
        if day is not None and start is not None:
            session = sessions.get((day, start))
            if session is None:
                ok = False
                result.add_error(
                    line,
                    "session_date",
                    _("No session of this offering starts on %(date)s at %(time)s.")
                    % {"date": day.isoformat(), "time": start.strftime("%H:%M")},
                )
        if enrollment is not None and session is not None:
            key = (session.pk, enrollment.pk)
            if key in first_line:
                ok = False
                result.add_error(
                    line,
                    "",
                    _("Duplicate row: line %(line)d has the same participant and session.") % {"line": first_line[key]},
                )
            else:
                first_line[key] = line
        action = ""
        if ok:
            before = recorded.get((session.pk, enrollment.pk))
            action = _("add") if before is None else (_("unchanged") if before == status else _("update"))
            result.created += before is None
            result.updated += before is not None and before != status
            result.unchanged += before == status
            ready.append(AttendanceLine(line=line, session=session, enrollment=enrollment, status=status))
        result.add_preview(
            line,
            [
                format_nip(nip) if nip else nip_text,
                enrollment.employee.name if enrollment else "",
                str(session) if session else "",
                AttendanceStatus(status).label if status else "",
            ],
            action=action,
            ok=ok,
        )
    result.sort_errors()
    return ready if result.ok else []


def validate_score_rows(rows: list[Row], *, offering: Offering, result: OfferingImportResult) -> list[ScoreLine]:
    """Two queries whatever the number of rows: the offering's enrollments and the other NIPs."""
    parsed = []
    for line, raw in rows:
        nip = _nip(raw.get("nip"), line, result)
        scores = {}
        for column in ("pre_test", "post_test"):
            scores[column] = None if cells.is_blank(raw.get(column)) else _score(raw[column], column, line, result)
        if cells.is_blank(raw.get("pre_test")) and cells.is_blank(raw.get("post_test")):
            result.add_error(line, "", _("No score: fill in the pre-test, the post-test or both."))
        parsed.append((line, nip, scores))

    participants = _participants(offering, {nip for _line, nip, _scores in parsed if nip})
    ready, first_line = [], {}
    bad = result.lines_with_errors()
    for line, nip, scores in parsed:
        enrollment = _participant(nip, participants, line, result) if nip else None
        ok = line not in bad and enrollment is not None
        if enrollment is not None:
            if enrollment.pk in first_line:
                ok = False
                duplicate = _("Duplicate row: line %(line)d has the same NIP.") % {"line": first_line[enrollment.pk]}
                result.add_error(line, "nip", duplicate)
            else:
                first_line[enrollment.pk] = line
        pre = post = None
        action = ""
        if ok:
            # An empty cell keeps what was entered before: a file of post-tests alone leaves pre-tests alone.
            pre = scores["pre_test"] if scores["pre_test"] is not None else enrollment.pre_test
            post = scores["post_test"] if scores["post_test"] is not None else enrollment.post_test
            unchanged = (pre, post) == (enrollment.pre_test, enrollment.post_test)
            action = _("unchanged") if unchanged else _("update")
            result.updated += not unchanged
            result.unchanged += unchanged
            ready.append(ScoreLine(line=line, enrollment=enrollment, pre_test=pre, post_test=post))
        result.add_preview(
            line,
            [format_nip(nip) if nip else "", enrollment.employee.name if enrollment else "", pre, post],
            action=action,
            ok=ok,
        )
    result.sort_errors()
    return ready if result.ok else []


def _score(value, column: str, line: int, result: OfferingImportResult) -> Decimal | None:
    try:
        score = cells.number(value)
    except cells.CellError as exc:
        result.add_error(line, column, exc.message)
        return None
    if not 0 <= score <= HUNDRED:
        result.add_error(line, column, _("“%(value)s” is not a score: use 0 to 100.") % {"value": cells.text(value)})
        return None
    return score
