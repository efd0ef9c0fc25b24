"""Attendance, tests and completion of the seat holders of a simulated offering.

Most participants attend nearly every session; a few struggle (and mostly fail the
attendance minimum). Post-tests rise from the pre-tests by a normalised gain around 0.6.
The completion rule is the one ``offering_finish`` applies, so the plan knows who earns JP
before the database decides it again.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from lms.choices import AttendanceMethod, AttendanceStatus, EnrollmentStatus
from lms.demo.offerings import PAST, RUNNING, PlannedOffering
from lms.demo.world import Mark, PlannedEnrollment, World
from lms.rules import attendance_pct, completion_result

S = EnrollmentStatus
CENT = Decimal("0.01")
STRUGGLING_SHARE = 0.08
ATTENDANCE_STATUSES = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)
# Chances (in %) of present, late, excused and absent at a session, for most and for those who struggle.
ATTENDANCE_USUAL = (94, 3, 2, 1)
ATTENDANCE_STRUGGLING = (58, 8, 14, 20)


def _score(value: float) -> Decimal:
    return (Decimal(str(round(min(100.0, max(0.0, value)) * 2) / 2))).quantize(CENT, rounding=ROUND_HALF_UP)


def _mark(world: World, offering: PlannedOffering, index: int, status: str, person, coordinator) -> Mark:
    rng, slot = world.rng, offering.sessions[index].slot
    start = world.moment(slot.date, slot.starts_at.hour)
    roll = rng.random()
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) and slot.date.year >= 2025 and roll < 0.35:
        minutes = rng.randint(-15, 10) if status == AttendanceStatus.PRESENT else rng.randint(20, 50)
        return Mark(index, status, AttendanceMethod.QR, start + datetime.timedelta(minutes=minutes), person.user_id)
    imported = world.moment(slot.date + datetime.timedelta(days=1), 10, rng.randint(0, 59))
    if roll > 0.9 and imported <= world.now:
        return Mark(index, status, AttendanceMethod.CSV, imported, coordinator)
    return Mark(
        index, status, AttendanceMethod.ROLL_CALL, start + datetime.timedelta(minutes=rng.randint(10, 40)), coordinator
    )


def _statuses(world: World, count: int, outcome: str | None) -> list[str]:
    rng = world.rng
    if outcome in ("completed", "enrolled"):
        return [AttendanceStatus.PRESENT] * count
    if outcome == "not_completed":
        missed = count - int(count * 0.6)
        return (
            [AttendanceStatus.PRESENT] * (count - missed)
            + [AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT] * (missed // 2)
            + [AttendanceStatus.ABSENT] * (missed % 2)
        )
    weights = ATTENDANCE_STRUGGLING if rng.random() < STRUGGLING_SHARE else ATTENDANCE_USUAL
    return rng.choices(ATTENDANCE_STATUSES, weights=weights, k=count)


def attend(world: World, offering: PlannedOffering, rows: list[PlannedEnrollment], forced: dict[int, str]) -> None:
    """Book the seat holders' time; give them records for the sessions held, tests and the verdict."""
    rng, now = world.rng, world.now
    coordinator = world.coordinator(offering.owner)
    held = [i for i, s in enumerate(offering.sessions) if world.moment(s.slot.date, s.slot.ends_at.hour) <= now]
    for row in rows:
        if row.status != S.ENROLLED:
            continue
        world.book.take_person(row.employee_id, offering.slots)
        if offering.phase not in (PAST, RUNNING) or not held:
            continue
        person, outcome = world.regency.by_pk[row.employee_id], forced.get(row.employee_id)
        statuses = _statuses(world, len(held), outcome)
        row.marks = [
            _mark(world, offering, i, status, person, coordinator) for i, status in zip(held, statuses, strict=True)
        ]
        struggling = statuses.count(AttendanceStatus.PRESENT) < 0.75 * len(statuses)
        row.pre = _score(60 if outcome else rng.gauss(55, 12))
        if offering.phase != PAST:
            continue
        if outcome == "completed":
            row.post = _score(85)
        elif outcome == "not_completed":
            row.post = _score(72)
        elif rng.random() > 0.005:
            gain = rng.gauss(0.35, 0.2) if struggling else rng.gauss(0.6, 0.15)
            row.post = _score(float(row.pre) + max(-0.1, min(0.95, gain)) * (100 - float(row.pre)))
        attended = sum(1 for s in statuses if s in (AttendanceStatus.PRESENT, AttendanceStatus.LATE))
        result = completion_result(
            attendance=attendance_pct(attended, len(offering.sessions)),
            post_test=row.post,
            min_attendance=offering.min_attendance or settings.LMS_MIN_ATTENDANCE_PCT,
            pass_mark=offering.pass_mark or settings.LMS_PASS_MARK,
        )
        row.completed = result.completed
        row.result_reason = "; ".join(result.reasons)[:255]
        if result.completed:
            world.credit(row.employee_id, offering.end.year, offering.finish_at.date(), offering.course.minutes)
            world.completed.setdefault(row.employee_id, {})[offering.course.spec.code] = offering.end
