"""External JP claims and in-app notifications in bulk.

A claim's JP are priced here by the stored conversion table, its caps and the monthly
session cap over the employee's verified claims (``activity_claim_get``'s rule), never taken
from the caller; a verified claim is credited in the ledger for the year it ended, as
``external_activity_verify`` credits it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from backend.people.models import Employee
from lms.choices import ActivityKind, ActivityStatus, LedgerSource, NotificationKind
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry, Notification
from lms.rules import Conversion, activity_minutes
from lms.selectors.ledger import capped_sessions
from lms.services.bulk.attendance import ledger_changes
from lms.services.bulk.common import (
    BATCH_SIZE,
    actor_access,
    chunks,
    datetime_adapter,
    db_date,
    insert_rows,
    raise_row_errors,
    record_created,
    require,
)
from lms.services.ledger import ACTIVITY_FIELDS, LEDGER_FIELDS

ACTIVITY_COLUMNS = [
    "employee",
    "kind",
    "title",
    "organiser",
    "start_date",
    "end_date",
    "units",
    "is_international",
    "evidence_file",
    "evidence_url",
    "claimed_minutes",
    "status",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "submitted_at",
]
ACTIVITY_EMPLOYEE = ExternalActivity._meta.get_field("employee")
ACTIVITY_STATUSES, KINDS = frozenset(ActivityStatus.values), frozenset(ActivityKind.values)
NOTIFICATION_KINDS = frozenset(NotificationKind.values)
LEDGER_EMPLOYEE = JpLedgerEntry._meta.get_field("employee")


@dataclass(frozen=True, slots=True)
class ActivityRow:
    employee_id: int
    kind: str
    title: str
    organiser: str
    start_date: datetime.date
    end_date: datetime.date
    submitted_at: datetime.datetime
    units: int | None = None
    is_international: bool = False
    evidence_url: str = ""
    status: str = ActivityStatus.SUBMITTED
    reviewed_by_id: int | None = None
    reviewed_at: datetime.datetime | None = None
    review_note: str = ""


def _activity_problems(row: ActivityRow, conversion: JpConversion | None) -> list[str]:
    problems = []
    if conversion is None:
        problems.append(_("The JP table has no row for this activity."))
    if row.end_date < row.start_date:
        problems.append(_("The activity cannot end before it starts."))
    if row.submitted_at.date() < row.end_date:
        problems.append(_("JP are claimed once the activity is over."))
    if row.status not in ACTIVITY_STATUSES:
        problems.append(_("Unknown status."))
    elif row.status != ActivityStatus.SUBMITTED and (row.reviewed_at is None or row.reviewed_at < row.submitted_at):
        problems.append(_("A reviewed claim needs the time of its review, after it was submitted."))
    if row.status == ActivityStatus.REJECTED and not row.review_note.strip():
        problems.append(_("Say why the claim is rejected."))
    if not (row.evidence_url or "").startswith("https://"):
        problems.append(_("Give the evidence link."))
    return problems


def _priced(rows: list[ActivityRow], conversions: dict[str, JpConversion]) -> list[tuple[int, int | None]]:
    """(minutes, counted sessions) of each row, the monthly cap filled in the order claims were verified."""
    prior: dict[tuple[int, str], list] = defaultdict(list)
    capped_kinds = {kind for kind, c in conversions.items() if c.max_units_per_month}
    stored = ExternalActivity.objects.filter(
        employee_id__in={r.employee_id for r in rows}, kind__in=capped_kinds, status=ActivityStatus.VERIFIED
    ).order_by("reviewed_at", "pk")
    for employee_id, kind, first, last, units in stored.values_list(
        "employee_id", "kind", "start_date", "end_date", "units"
    ):
        prior[(employee_id, kind)].append((first, last, units or 1))
    order = sorted(range(len(rows)), key=lambda i: (rows[i].reviewed_at or rows[i].submitted_at, i))
    priced: dict[int, tuple[int, int | None]] = {}
    for index in order:
        row, conversion = rows[index], conversions[rows[index].kind]
        units, sessions = row.units, None
        if conversion.max_units_per_month:
            key = (row.employee_id, row.kind)
            sessions = capped_sessions(
                prior=prior[key],
                cap=conversion.max_units_per_month,
                start=row.start_date,
                end=row.end_date,
                units=row.units or 1,
            )
            units = sessions
            if row.status == ActivityStatus.VERIFIED:
                prior[key].append((row.start_date, row.end_date, row.units or 1))
        minutes = 0
        if sessions != 0:
            minutes = activity_minutes(
                conversion=Conversion(conversion.basis, conversion.jp, conversion.max_units_per_month),
                start=row.start_date,
                end=row.end_date,
                units=units,
                international=row.is_international,
                international_bonus_pct=settings.LMS_INTERNATIONAL_BONUS_PCT,
            )
        priced[index] = (minutes, sessions)
    return [priced[i] for i in range(len(rows))]


def _activity_changes(activity: ExternalActivity) -> dict:
    """What ``diff({}, snapshot(activity, ACTIVITY_FIELDS))`` gives, without the field API on every row."""
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS if name not in ("employee", "evidence_file")}
    values["employee"] = activity.employee_id
    values = {name: str(v) if isinstance(v, datetime.date) else v for name, v in values.items()}
    return {name: [None, value] for name, value in values.items() if value is not None}


@transaction.atomic
def external_activity_bulk_create(
    *, actor, rows: Iterable[ActivityRow], batch_size: int = BATCH_SIZE
) -> list[ExternalActivity]:
    """Load JP claims as submitted, verified or rejected; verified ones are credited in the ledger."""
    as_db = datetime_adapter()
    access = actor_access(actor)
    require(access.is_admin or access.is_hr, _("Only HR loads JP claims in bulk."))
    rows = list(rows)
    conversions = {c.kind: c for c in JpConversion.objects.all()}
    employees = Employee.objects.only("pk", "name", "front_title", "back_title", "nip").in_bulk(
        {r.employee_id for r in rows}
    )
    reviewers = set(
        get_user_model()
        .objects.filter(pk__in={r.reviewed_by_id for r in rows if r.reviewed_by_id})
        .values_list("pk", flat=True)
    )
    errors = {}
    for index, row in enumerate(rows):
        problems = _activity_problems(row, conversions.get(row.kind))
        if row.employee_id not in employees:
            problems.append(_("Unknown employee."))
        if row.kind not in KINDS:
            problems.append(_("Unknown activity."))
        if row.reviewed_by_id is not None and row.reviewed_by_id not in reviewers:
            problems.append(_("Unknown reviewer."))
        if problems:
            errors[f"row {index + 1} ({row.title[:40]})"] = problems
    raise_row_errors(errors)
    priced = _priced(rows, conversions)
    for index, (row, (minutes, _sessions)) in enumerate(zip(rows, priced, strict=True)):
        if row.status == ActivityStatus.VERIFIED and minutes == 0:
            errors[f"row {index + 1} ({row.title[:40]})"] = [_("The monthly session cap leaves this claim no JP.")]
    raise_row_errors(errors)

    values = [
        (
            row.employee_id,
            row.kind,
            row.title[:255],
            row.organiser[:200],
            db_date(row.start_date),
            db_date(row.end_date),
            row.units,
            row.is_international,
            "",
            row.evidence_url,
            minutes,
            row.status,
            row.reviewed_by_id,
            as_db(row.reviewed_at),
            row.review_note[:255],
            as_db(row.submitted_at),
        )
        for row, (minutes, _sessions) in zip(rows, priced, strict=True)
    ]
    employee_ids = sorted({row.employee_id for row in rows})
    before = set()
    for ids in chunks(employee_ids):
        before.update(ExternalActivity.objects.filter(employee_id__in=ids).values_list("pk", flat=True))
    insert_rows(ExternalActivity, ACTIVITY_COLUMNS, values, batch_size=batch_size)
    activities = []
    for ids in chunks(employee_ids):
        activities += [
            a for a in ExternalActivity.objects.filter(employee_id__in=ids).order_by("pk") if a.pk not in before
        ]
    for activity in activities:
        ACTIVITY_EMPLOYEE.set_cached_value(activity, employees[activity.employee_id])
    record_created(activities, actor=actor, fields=ACTIVITY_FIELDS, changes_for=_activity_changes)

    credits = [
        (
            a.employee_id,
            a.end_date.year,
            a.claimed_minutes,
            LedgerSource.ACTIVITY,
            a.pk,
            a.title,
            db_date(a.end_date),
            as_db(a.reviewed_at),
        )
        for a in activities
        if a.status == ActivityStatus.VERIFIED
    ]
    insert_rows(
        JpLedgerEntry,
        ["employee", "year", "minutes", "source", "activity", "title", "date", "credited_at"],
        credits,
        batch_size=batch_size,
    )
    entries = []
    verified = [a.pk for a in activities if a.status == ActivityStatus.VERIFIED]
    for ids in chunks(verified):
        entries += list(JpLedgerEntry.objects.filter(activity_id__in=ids).order_by("pk"))
    for entry in entries:
        LEDGER_EMPLOYEE.set_cached_value(entry, employees[entry.employee_id])
    record_created(entries, actor=actor, fields=LEDGER_FIELDS, changes_for=ledger_changes)
    return activities


@dataclass(frozen=True, slots=True)
class NotificationRow:
    recipient_id: int
    kind: str
    title: str
    dedupe_key: str
    created_at: datetime.datetime
    body: str = ""
    url: str = ""
    read_at: datetime.datetime | None = None


@transaction.atomic
def notification_bulk_create(*, actor, rows: Iterable[NotificationRow]) -> int:
    """Load past notifications into the in-app list (the demo's, an earlier system's).

    They are history, not news: each counts as already e-mailed, so the background sweep of
    unsent notifications never mails them now. Keys already present are skipped, as
    ``notification_send`` skips them.
    """
    as_db = datetime_adapter()
    require(actor_access(actor).is_admin, _("Only an administrator loads notifications."))
    rows = list(rows)
    known = set()
    for keys in chunks(sorted({r.dedupe_key[:120] for r in rows})):
        known.update(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    errors, values = {}, []
    for index, row in enumerate(rows):
        key = row.dedupe_key[:120]
        if row.kind not in NOTIFICATION_KINDS:
            errors[f"row {index + 1}"] = [_("Unknown kind of notification.")]
        if key in known:
            continue
        known.add(key)
        created = as_db(row.created_at)
        read = as_db(row.read_at)
        values.append(
            (row.recipient_id, row.kind, row.title[:255], row.body, row.url[:255], key, created, read, created)
        )
    raise_row_errors(errors)
    insert_rows(
        Notification,
        ["recipient", "kind", "title", "body", "url", "dedupe_key", "created_at", "read_at", "emailed_at"],
        values,
        batch_size=BATCH_SIZE,
    )
    return len(values)
