"""Who asked for a seat in each offering, what became of the request, and how each participant did.

Offerings are simulated in the order they start. For each, requests are drawn mostly among
employees with a gap on the course's target indicators (the appraisal demo's scores of the
latest quarter before enrollment opened), weighted by their agency's training culture; then
the requests play out as the enrollment service would decide them: approval where the
offering asks for it, a seat while seats are free and nobody waits, otherwise the waitlist,
and a withdrawal hands its seat to the first in need order. Seat holders get a record for
every session held, pre- and post-tests, and, once the offering is over, the completion
rule's verdict: the JP they earn feed the need of their next requests. Pure: no database.
"""

import datetime
import heapq
import itertools
from decimal import Decimal

from django.conf import settings

from lms.choices import CourseType, EnrollmentSource, EnrollmentStatus
from lms.demo.offerings import CANCELLED, DRAFT, PAST, RUNNING, PlannedOffering
from lms.demo.results import attend
from lms.demo.world import PlannedEnrollment, World, need_of
from lms.rules import JP_MINUTES
from lms.services.bulk import Step

S = EnrollmentStatus
CENT = Decimal("0.01")
# Weight of a candidate without a gap, and of one with a gap before its points: gaps dominate the draw.
BASE_WEIGHT = 1.0
GAP_WEIGHT = 12.0
CATCH_UP_TYPES = frozenset({CourseType.SEMINAR, CourseType.SOSIALISASI, CourseType.E_LEARNING, CourseType.DISTANCE})
MAX_GAP_WEIGHT = 40
ASSIGNED_SHARE = 0.2
WITHDRAW_SHARE = 0.05
REJECT_SHARE = 0.08
REJECTIONS = (
    "Beban kerja unit sedang tinggi; diusulkan mengikuti angkatan berikutnya.",
    "Belum sesuai dengan rencana pengembangan jabatan tahun ini.",
    "Pegawai dijadwalkan bertugas lapangan pada tanggal pelatihan.",
)
WITHDRAWALS = (
    "Bertugas ke luar daerah pada tanggal pelatihan.",
    "Sakit, dengan surat keterangan dokter.",
    "Ada kegiatan kantor yang tidak dapat ditinggalkan.",
)
NO_SEAT = "Angkatan telah dimulai tanpa kursi yang kosong."


def _eligible(world: World, offering: PlannedOffering, employee_id: int) -> bool:
    done = world.completed.get(employee_id, {})
    if offering.course.spec.code in done:
        return False
    if any(done.get(code, offering.start) >= offering.start for code in offering.course.spec.prerequisites):
        return False
    return offering.phase == CANCELLED or world.book.person_free(employee_id, offering.slots)


def _draw(world: World, offering: PlannedOffering, count: int) -> list[int]:
    """``count`` employees, mostly with a gap on the course's targets (Efraimidis–Spirakis weighted draw)."""
    regency, rng, course = world.regency, world.rng, offering.course
    quarter = regency.quarter_before(offering.opens)
    audience = course.audience
    allowed = set(audience)
    gapped = set()
    if quarter is not None:
        for indicator_id in course.targets:
            gapped.update(e for e in regency.below[quarter].get(indicator_id, ()) if e in allowed)
    others = rng.sample(audience, min(len(audience), 4 * count + 10))
    candidates = [e for e in dict.fromkeys([*sorted(gapped), *others]) if e not in world.reserved]
    mandatory = {regency.units[code][0] for code in course.spec.mandatory_units if code in regency.units}
    year = offering.end.year
    target = settings.LMS_PNS_TARGET_JP * JP_MINUTES
    catch_up = 4.0 if course.spec.type in CATCH_UP_TYPES else 0.8
    keyed = []
    for employee_id in candidates:
        if not _eligible(world, offering, employee_id):
            continue
        person = regency.by_pk[employee_id]
        gap = sum(
            (Decimal(100) - a) * w for _n, a, w in regency.need_items(employee_id, course.targets, offering.opens)
        )
        # By lot: every employee with a gap is as likely as the next, however large the gap.
        size = 0.0 if offering.by_lot else min(float(gap), MAX_GAP_WEIGHT)
        need = GAP_WEIGHT + size if gap > 0 else BASE_WEIGHT
        weight = world.opd_factor.get(person.opd, 1.0) * need
        # Coordinators look after those still short of this year's JP, above all in the open
        # seminars and e-learning that serve to catch up.
        earned = world.credited(employee_id, year, offering.opens)
        weight *= 0.35 if earned >= target else 1 + catch_up * (target - earned) / target
        if person.unit_id in mandatory or regency.units.get(person.opd, (None,))[0] in mandatory:
            weight *= 3
        keyed.append((rng.random() ** (1.0 / weight), employee_id))
    return [employee_id for _key, employee_id in heapq.nlargest(count, keyed)]


class _Play:
    """The requests of one offering playing out in time, as the enrollment service decides them."""

    def __init__(self, world: World, offering: PlannedOffering):
        self.world, self.offering = world, offering
        self.rows: dict[int, PlannedEnrollment] = {}
        self.seats = 0
        self.events: list[tuple[datetime.datetime, int, str, int]] = []
        self.order = itertools.count()

    def later(self, at: datetime.datetime, kind: str, employee_id: int) -> None:
        heapq.heappush(self.events, (at, next(self.order), kind, employee_id))

    def step(self, row: PlannedEnrollment, status: str, at: datetime.datetime, actor: int | None, reason: str):
        held = bool(row.history) and row.history[-1].to_status == S.ENROLLED
        row.history.append(Step(status, at, actor, reason))
        self.seats += (status == S.ENROLLED) - held

    def waiting(self) -> list[PlannedEnrollment]:
        rows = [r for r in self.rows.values() if r.status == S.WAITLISTED]
        return sorted(rows, key=lambda r: (-r.need_gap, -r.deficit, r.requested_at, r.employee_id))

    def seat(self, row: PlannedEnrollment, at: datetime.datetime, actor: int | None, reason: str) -> None:
        if self.seats < self.offering.capacity and not self.waiting():
            self.step(row, S.ENROLLED, at, actor, reason)
        else:
            self.step(row, S.WAITLISTED, at, actor, self.world.texts["waitlisted"])

    def withdraw(self, row: PlannedEnrollment, at: datetime.datetime, reason: str) -> None:
        actor = self.world.regency.by_pk[row.employee_id].user_id
        held = row.status == S.ENROLLED
        self.step(row, S.CANCELLED, at, actor, reason)
        waiting = self.waiting()
        if held and waiting:
            self.step(waiting[0], S.ENROLLED, at, actor, self.world.texts["promoted"])


def _approver(world: World, offering: PlannedOffering, employee_id: int) -> int | None:
    supervisor_id = world.regency.by_pk[employee_id].supervisor_id
    supervisor = world.regency.by_pk.get(supervisor_id) if supervisor_id else None
    if supervisor is not None and supervisor.user_id is not None:
        return supervisor.user_id
    return world.coordinator(offering.owner)


def _request_times(world: World, offering: PlannedOffering, count: int, until: datetime.datetime):
    """Request moments spread over the enrollment window (up to ``until``), oldest first."""
    first = world.moment(offering.opens, 7, 30)
    last = max(first + datetime.timedelta(hours=1), min(world.moment(offering.closes, 16), until))
    span = (last - first).total_seconds()
    return sorted(first + datetime.timedelta(seconds=round(world.rng.uniform(0, span))) for _n in range(count))


def _request(play: _Play, employee_id: int, at: datetime.datetime, outcome: str | None) -> None:
    world, offering, rng = play.world, play.offering, play.world.rng
    person = world.regency.by_pk[employee_id]
    assigned = outcome is None and rng.random() < ASSIGNED_SHARE
    gap, deficit, reason = need_of(world, offering, employee_id, at)
    row = PlannedEnrollment(
        employee_id=employee_id,
        source=EnrollmentSource.ASSIGNED if assigned else EnrollmentSource.SELF,
        requested_at=at,
        history=[],
        need_gap=gap,
        deficit=deficit,
        reason=reason,
    )
    play.rows[employee_id] = row
    if assigned:
        play.seat(row, at, world.coordinator(offering.owner), world.texts["assigned"])
    elif offering.approval:
        play.step(row, S.PENDING, at, person.user_id, world.texts["pending"])
        if outcome != "pending":
            delay = datetime.timedelta(days=1) if outcome else datetime.timedelta(hours=rng.randint(20, 96))
            decided = min(at + delay, world.moment(offering.start, 7) - datetime.timedelta(days=1))
            play.later(max(decided, at), "decide", employee_id)
    else:
        play.seat(row, at, person.user_id, world.texts["requested"])
    if outcome is None and not offering.story and rng.random() < WITHDRAW_SHARE:
        last = world.moment(offering.start, 7) - datetime.timedelta(days=1)
        if last > at + datetime.timedelta(days=1):
            play.later(at + (last - at) * rng.uniform(0.2, 1.0), "withdraw", employee_id)


def _forced_times(world: World, offering: PlannedOffering, forced: dict[int, str]) -> list[tuple]:
    """The story's members: seat holders ask first, the waitlisted once the seats are gone, pending ones lately."""
    times = []
    for index, (employee_id, outcome) in enumerate(sorted(forced.items())):
        if outcome == "waitlisted":
            at = world.now - datetime.timedelta(hours=50 - index)
        elif outcome == "pending":
            at = world.now - datetime.timedelta(hours=20 - index)
        else:
            at = world.moment(offering.opens, 7, 40) + datetime.timedelta(minutes=7 * index)
        times.append((at, employee_id))
    return times


def _close(world: World, offering: PlannedOffering, play: _Play) -> None:
    """A cancelled offering cancels everyone; one that starts lets go of those still waiting."""
    coordinator = world.coordinator(offering.owner)
    if offering.phase == CANCELLED:
        at = world.moment(offering.closes + datetime.timedelta(days=1), 9)
        for row in play.rows.values():
            if row.status in (S.PENDING, S.ENROLLED, S.WAITLISTED):
                # Decisions already taken stand; the cancellation comes after them.
                play.step(row, S.CANCELLED, max(at, row.history[-1].at), coordinator, offering.notes)
        return
    started = world.moment(offering.start, 7)
    if offering.phase in (PAST, RUNNING) and started <= world.now:
        for row in play.rows.values():
            if row.status in (S.PENDING, S.WAITLISTED):
                play.step(row, S.CANCELLED, max(started, row.history[-1].at), coordinator, NO_SEAT)


def simulate(world: World, offering: PlannedOffering) -> list[PlannedEnrollment]:
    """Every request of ``offering`` with its history up to now, attendance and tests."""
    if offering.phase == DRAFT:
        return []
    forced = dict(offering.forced)
    if offering.phase == PAST:
        # Results are decided on the last day or within two working days after it.
        days = world.rng.choice((0, 0, 1, 2))
        offering.finish_at = world.moment(offering.end + datetime.timedelta(days=days), 16 if days == 0 else 10, 30)
    count = max(0, round(offering.capacity * offering.demand) - len(forced))
    drawn = [e for e in _draw(world, offering, count) if e not in forced]
    if offering.pending_tail:
        forced.update((e, "pending") for e in drawn[-offering.pending_tail :])
        drawn = drawn[: -offering.pending_tail]
    # The story's offerings fill before its members' late requests.
    until = world.now - datetime.timedelta(days=6) if offering.story else world.now
    play = _Play(world, offering)
    for at, employee_id in [
        *zip(_request_times(world, offering, len(drawn), until), drawn, strict=True),
        *_forced_times(world, offering, forced),
    ]:
        play.later(at, "request", employee_id)
    while play.events:
        at, _order, kind, employee_id = heapq.heappop(play.events)
        if at > world.now:
            continue
        if kind == "request":
            _request(play, employee_id, at, forced.get(employee_id))
            continue
        row = play.rows[employee_id]
        if kind == "decide" and row.status == S.PENDING:
            actor = _approver(world, offering, employee_id)
            if employee_id not in forced and not offering.story and world.rng.random() < REJECT_SHARE:
                play.step(row, S.REJECTED, at, actor, world.rng.choice(REJECTIONS))
            else:
                play.seat(row, at, actor, world.texts["approved"])
        elif kind == "withdraw" and row.status in (S.ENROLLED, S.WAITLISTED):
            play.withdraw(row, at, world.rng.choice(WITHDRAWALS))
    _close(world, offering, play)
    attend(world, offering, list(play.rows.values()), forced)
    return list(play.rows.values())
