"""Enrollments with their history in bulk: loading requests, approvals and the waitlist as they happened.

Each row carries its transitions (who, when, to what, why); the service checks that they
follow the enrollment life cycle, that the seats held in an offering never exceeded its
capacity at any moment of the batch's history, and that nobody ends up holding seats in
two offerings whose sessions overlap. Completion is not loaded: ``offering_bulk_finish``
decides it from attendance and tests, as finishing an offering does.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from lms.access import can_manage_offering
from lms.choices import CANCELLABLE_STATUSES, SEAT_STATUSES, EnrollmentSource, EnrollmentStatus, OfferingStatus
from lms.models import Enrollment, EnrollmentTransition, Offering, Session
from lms.services.bulk.common import (
    BATCH_SIZE,
    actor_access,
    chunks,
    datetime_adapter,
    db_now,
    insert_rows,
    raise_row_errors,
    require,
    score_value,
)

S = EnrollmentStatus
# The life cycle a loaded history must follow; completion is decided by finishing the offering.
ALLOWED = {
    "": {S.PENDING, S.ENROLLED, S.WAITLISTED},
    S.PENDING: {S.ENROLLED, S.WAITLISTED, S.REJECTED, S.CANCELLED},
    S.WAITLISTED: {S.ENROLLED, S.REJECTED, S.CANCELLED},
    S.ENROLLED: {S.CANCELLED},
    S.CANCELLED: {S.PENDING, S.ENROLLED, S.WAITLISTED},
    S.REJECTED: {S.PENDING, S.ENROLLED, S.WAITLISTED},
}
ENROLLMENT_COLUMNS = [
    "offering",
    "employee",
    "status",
    "source",
    "requested_at",
    "need_gap",
    "need_jp_deficit_minutes",
    "need_reason",
    "pre_test",
    "post_test",
    "result_reason",
    "credited_minutes",
    "decided_at",
    "updated_at",
]
TRANSITION_COLUMNS = ["enrollment", "from_status", "to_status", "actor", "reason", "at"]
NEED_LIMIT = Decimal(10) ** 6
SOURCES = frozenset(EnrollmentSource.values)


@dataclass(frozen=True, slots=True)
class Step:
    to_status: str
    at: datetime.datetime
    actor_id: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    offering_id: int
    employee_id: int
    source: str
    requested_at: datetime.datetime
    # The enrollment's history, oldest first; its last step is the status it ends in.
    history: tuple[Step, ...]
    need_gap: Decimal = Decimal(0)
    need_jp_deficit_minutes: int = 0
    need_reason: str = ""
    pre_test: Decimal | None = None
    post_test: Decimal | None = None


def _history_problems(row: EnrollmentRow, users: set[int]) -> list[str]:
    problems, status, when = [], "", row.requested_at
    if not row.history:
        return [_("An enrollment needs at least one status.")]
    for step in row.history:
        if step.to_status not in ALLOWED.get(status, ()):
            problems.append(_("No move from “%(from)s” to “%(to)s”.") % {"from": status or "∅", "to": step.to_status})
        if step.at < when:
            problems.append(_("The history must run forward in time."))
        if step.actor_id is not None and step.actor_id not in users:
            problems.append(_("Unknown user %(id)s.") % {"id": step.actor_id})
        status, when = step.to_status, step.at
    return problems


def _row_problems(row: EnrollmentRow, offering: Offering | None, users: set[int]) -> list[str]:
    problems = []
    if offering is None:
        return [_("Unknown offering.")]
    if offering.status in (OfferingStatus.DRAFT, OfferingStatus.FINISHED):
        problems.append(
            _("This offering is %(status)s: it does not take enrollments.")
            % {"status": offering.get_status_display().lower()}
        )
    if (
        offering.status == OfferingStatus.CANCELLED
        and row.history
        and row.history[-1].to_status in CANCELLABLE_STATUSES
    ):
        problems.append(_("Enrollments of a cancelled offering end cancelled or rejected."))
    if row.source not in SOURCES:
        problems.append(_("Unknown source of enrollment."))
    if not (0 <= row.need_gap < NEED_LIMIT) or row.need_jp_deficit_minutes < 0:
        problems.append(_("The need is out of range."))
    for label, value in ((_("Pre-test"), row.pre_test), (_("Post-test"), row.post_test)):
        try:
            score_value(value)
        except (ValueError, ArithmeticError):
            problems.append(_("%(test)s must be a score from 0 to 100 with at most 2 decimals.") % {"test": label})
    return problems + _history_problems(row, users)


def _capacity_problems(rows: list[EnrollmentRow], offerings: dict[int, Offering]) -> dict[str, list[str]]:
    """Offerings whose seats, at any moment of the loaded history, would exceed their capacity."""
    events: dict[int, list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for row in rows:
        status = ""
        for step in row.history:
            held, holds = status in SEAT_STATUSES, step.to_status in SEAT_STATUSES
            if held != holds:
                events[row.offering_id].append((step.at, 1 if holds else -1))
            status = step.to_status
    taken = defaultdict(int)
    taken.update(
        Enrollment.objects.filter(offering_id__in=list(events), status__in=SEAT_STATUSES)
        .values("offering_id")
        .annotate(n=Count("pk"))
        .values_list("offering_id", "n")
    )
    problems = {}
    for offering_id, changes in events.items():
        seats = taken[offering_id]
        # Seats freed at the same moment count before seats taken.
        for _at, change in sorted(changes):
            seats += change
            if seats > offerings[offering_id].capacity:
                problems[offerings[offering_id].code] = [
                    _("More seats than the capacity of %(n)d would be held.") % {"n": offerings[offering_id].capacity}
                ]
                break
    return problems


def _slots(offering_ids: set[int]) -> dict[int, list[tuple[datetime.date, datetime.time, datetime.time]]]:
    slots = defaultdict(list)
    for offering_ids_chunk in chunks(sorted(offering_ids)):
        for offering_id, date, start, end in (
            Session.objects.filter(offering_id__in=offering_ids_chunk)
            .exclude(offering__status=OfferingStatus.CANCELLED)
            .values_list("offering_id", "date", "starts_at", "ends_at")
        ):
            slots[offering_id].append((date, start, end))
    return slots


def _clash_problems(rows: list[EnrollmentRow], offerings: dict[int, Offering]) -> dict[str, list[str]]:
    """Employees who would hold seats (enrolled) in two offerings meeting at the same time."""
    seats = defaultdict(set)
    for row in rows:
        if row.history[-1].to_status == S.ENROLLED:
            seats[row.employee_id].add(row.offering_id)
    batch = {row.offering_id for row in rows}
    for employee_ids in chunks(sorted(seats)):
        for employee_id, offering_id in (
            Enrollment.objects.filter(employee_id__in=employee_ids, status=S.ENROLLED)
            .exclude(offering_id__in=batch)
            .values_list("employee_id", "offering_id")
        ):
            seats[employee_id].add(offering_id)
    slots = _slots({o for held in seats.values() for o in held})
    spans = {o: (min(d for d, _s, _e in s), max(d for d, _s, _e in s)) for o, s in slots.items()}
    problems = defaultdict(list)
    for employee_id, held in seats.items():
        held = sorted(o for o in held if o in spans)
        for i, first in enumerate(held):
            for second in held[i + 1 :]:
                if spans[first][0] > spans[second][1] or spans[second][0] > spans[first][1]:
                    continue
                busy = {(d, s, e) for d, s, e in slots[first]}
                if any(d == d2 and s < e2 and s2 < e for d, s, e in busy for d2, s2, e2 in slots[second]):
                    code = offerings[first].code if first in offerings else offerings[second].code
                    problems[code].append(
                        _("Employee %(id)s would hold seats in two offerings meeting at the same time.")
                        % {"id": employee_id}
                    )
    return problems


@transaction.atomic
def enrollment_bulk_create(
    *, actor, rows: Iterable[EnrollmentRow], batch_size: int = BATCH_SIZE
) -> dict[tuple[int, int], int]:
    """Create enrollments with their transitions; returns the new ids by (offering id, employee id)."""
    as_db = datetime_adapter()
    access = actor_access(actor)
    rows = list(rows)
    offerings = Offering.objects.select_related("owner_unit").in_bulk({r.offering_id for r in rows})
    for offering in offerings.values():
        require(can_manage_offering(access, offering), _("Only the offering's coordinators assign participants."))
    actors = {s.actor_id for r in rows for s in r.history if s.actor_id is not None}
    users = set(get_user_model().objects.filter(pk__in=actors).values_list("pk", flat=True))
    errors, seen = {}, set()
    for index, row in enumerate(rows):
        problems = _row_problems(row, offerings.get(row.offering_id), users)
        if (row.offering_id, row.employee_id) in seen:
            problems.append(_("This employee is enrolled twice in this offering."))
        seen.add((row.offering_id, row.employee_id))
        if problems:
            errors[f"row {index + 1}"] = problems
    raise_row_errors(errors)
    raise_row_errors(_capacity_problems(rows, offerings))
    raise_row_errors(_clash_problems(rows, offerings))

    now = db_now()
    values = [
        (
            r.offering_id,
            r.employee_id,
            r.history[-1].to_status,
            r.source,
            as_db(r.requested_at),
            Decimal(r.need_gap).quantize(Decimal("0.01")),
            r.need_jp_deficit_minutes,
            r.need_reason[:500],
            score_value(r.pre_test),
            score_value(r.post_test),
            "",
            0,
            as_db(r.history[-1].at),
            now,
        )
        for r in rows
    ]
    insert_rows(Enrollment, ENROLLMENT_COLUMNS, values, batch_size=batch_size)
    pks = {}
    for offering_ids in chunks(sorted(offerings)):
        pks.update(
            ((offering_id, employee_id), pk)
            for offering_id, employee_id, pk in Enrollment.objects.filter(offering_id__in=offering_ids).values_list(
                "offering_id", "employee_id", "pk"
            )
        )
    transitions = []
    for row in rows:
        pk, status = pks[(row.offering_id, row.employee_id)], ""
        for step in row.history:
            transitions.append((pk, status, step.to_status, step.actor_id, step.reason[:500], as_db(step.at)))
            status = step.to_status
    insert_rows(EnrollmentTransition, TRANSITION_COLUMNS, transitions, batch_size=batch_size)
    return {key: pks[key] for key in seen}
