"""Which offerings run when, where and with which trainers: three years of the regency's calendar.

Each year BKPSDM and the health and education agencies run about ``OFFERINGS_PER_1000``
offerings per thousand employees, shared among the courses by demand (how many employees
carry the indicators a course targets). Each offering is placed on the first working day
near its wished date where its venue and a trainer for every session are free (``Book``),
so the demo never double-books a room or a widyaiswara. Pure: no database.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from lms.choices import CourseType, OfferingStatus
from lms.demo.calendar import (
    AFTERNOON,
    MORNING,
    Book,
    Slot,
    add_working_days,
    layout,
    needs_venue,
    next_working_day,
)
from lms.demo.catalog import CLOSING, OPENING, TOPICS
from lms.demo.courses import CourseSpec

OFFERINGS_PER_1000 = 56
FIRST_YEAR = 2024
# Share of an offering's seats asked for, by phase (more than 1: a waitlist forms).
PAST, RUNNING, UPCOMING, DRAFT, CANCELLED = "past", "running", "upcoming", "draft", "cancelled"
STATUS = {
    # Past offerings are created running and then finished by evaluating them.
    PAST: OfferingStatus.RUNNING,
    RUNNING: OfferingStatus.RUNNING,
    UPCOMING: OfferingStatus.PUBLISHED,
    DRAFT: OfferingStatus.DRAFT,
    CANCELLED: OfferingStatus.CANCELLED,
}
CAPACITY = {
    CourseType.SEMINAR: (30, 50),
    CourseType.SOSIALISASI: (30, 50),
    CourseType.KEPEMIMPINAN: (30, 30),
    CourseType.KURSUS: (20, 24),
    CourseType.E_LEARNING: (25, 40),
    CourseType.DISTANCE: (25, 40),
    CourseType.COACHING: (8, 12),
    CourseType.MENTORING: (8, 12),
    CourseType.COMMUNITY: (15, 25),
    CourseType.SELF_STUDY: (15, 25),
    CourseType.ON_THE_JOB: (10, 15),
    CourseType.BENCHMARKING: (15, 20),
    CourseType.DETASERING: (6, 10),
    CourseType.INTERNSHIP: (6, 10),
    CourseType.EXCHANGE: (6, 10),
    CourseType.OUTBOUND: (40, 40),
}
DEFAULT_CAPACITY = (25, 35)
SEARCH_DAYS = 30
# Offerings follow demand less than proportionally: small audiences still get a class now and then.
DEMAND_POWER = 0.9


@dataclass
class CourseInfo:
    spec: CourseSpec
    pk: int
    minutes: int
    # Indicator id → weight: every OPD's indicator of each target template.
    targets: dict[int, Decimal]
    # Who may take it (the owner's staff, or the posts it is mandatory for), and how many need it.
    audience: list[int]
    demand: float


@dataclass(frozen=True)
class VenueInfo:
    pk: int
    capacity: int
    unit: str
    lab: bool


@dataclass(frozen=True)
class TrainerInfo:
    pk: int
    themes: tuple[str, ...]
    employee_id: int | None = None


@dataclass(frozen=True)
class PlannedSession:
    slot: Slot
    topic: str
    trainer_id: int | None


@dataclass
class PlannedOffering:
    course: CourseInfo
    code: str
    phase: str
    start: datetime.date
    end: datetime.date
    opens: datetime.date
    closes: datetime.date
    capacity: int
    venue_id: int | None
    owner: str
    approval: bool
    sessions: list[PlannedSession]
    min_attendance: int | None = None
    pass_mark: int | None = None
    # Seats asked for, relative to capacity.
    demand: float = 1.0
    notes: str = ""
    # The story's members: (employee pk, outcome).
    forced: list[tuple[int, str]] = field(default_factory=list)
    story: str = ""
    # The last requests drawn that are still awaiting approval now.
    pending_tail: int = 0
    # When a past offering was finished (results decided, JP credited).
    finish_at: datetime.datetime | None = None
    # Seats drawn by lot among the employees with a gap on the course's indicators, whatever
    # its size (the planted courses of ``lms.demo.effects``).
    by_lot: bool = False

    @property
    def status(self) -> str:
        return STATUS[self.phase]

    @property
    def slots(self) -> list[Slot]:
        return [s.slot for s in self.sessions]


def topics(course: CourseSpec, count: int) -> list[str]:
    """Session topics: opening, the theme's core material in turn, closing."""
    core = TOPICS[course.theme]
    if count == 1:
        return [course.title]
    if count == 2:
        return [f"{OPENING.split(',')[0]}: {core[0]}", f"{core[1]}; post-test"]
    middle = [core[i % len(core)] for i in range(count - 2)]
    return [OPENING, *middle, CLOSING]


class Scheduler:
    """Places offerings in the calendar without double-booking venues, trainers or participants."""

    def __init__(
        self,
        *,
        rng: random.Random,
        book: Book,
        venues: list[VenueInfo],
        trainers: list[TrainerInfo],
        today: datetime.date,
    ):
        self.rng = rng
        self.today = today
        self.book = book
        self.venues = venues
        self.trainers = trainers
        self.codes: dict[tuple[str, int], int] = {}

    def code(self, course: CourseSpec, year: int) -> str:
        number = self.codes[(course.code, year)] = self.codes.get((course.code, year), 0) + 1
        return f"{course.code}-{year}-{number:02d}"

    def capacity(self, course: CourseSpec) -> int:
        low, high = CAPACITY.get(course.type, DEFAULT_CAPACITY)
        return self.rng.randint(low, high)

    def _venue_order(self, course: CourseSpec, owner: str, capacity: int) -> list[VenueInfo]:
        fitting = [v for v in self.venues if v.capacity >= capacity] or [max(self.venues, key=lambda v: v.capacity)]
        wants_lab = course.theme == "tik"

        def preference(venue: VenueInfo):
            place = 0 if venue.unit == owner else 1 if venue.unit in ("bkpsdm", "setda") else 2
            return (venue.lab != wants_lab, place, venue.capacity - capacity, venue.pk)

        return sorted(fitting, key=preference)

    def _trainers(self, course: CourseSpec, slots: list[Slot]) -> list[int] | None:
        """A trainer per session: a lead for all (a second one alternating on long courses) or whoever is free."""
        themed = [t for t in self.trainers if course.theme in t.themes] or self.trainers
        shift = self.rng.randrange(len(themed))
        themed = themed[shift:] + themed[:shift]
        whole = [t for t in themed if all(self.book.trainer_free(t.pk, s) for s in slots)]
        if whole:
            lead = whole[0]
            second = whole[1] if len(whole) > 1 and len(slots) >= 4 else lead
            chosen = [lead if (i // 2) % 2 == 0 or i == len(slots) - 1 else second for i in range(len(slots))]
        else:
            chosen = []
            for slot in slots:
                free = next((t for t in themed + self.trainers if self.book.trainer_free(t.pk, slot)), None)
                if free is None:
                    return None
                chosen.append(free)
        for trainer, slot in zip(chosen, slots, strict=True):
            self.book.take_trainer(trainer.pk, slot, person=trainer.employee_id)
        return [t.pk for t in chosen]

    def place(
        self,
        course: CourseInfo,
        *,
        phase: str,
        lo: datetime.date,
        hi: datetime.date,
        wished: datetime.date,
        capacity: int | None = None,
        owner: str | None = None,
        slots: list[Slot] | None = None,
    ) -> PlannedOffering | None:
        """An offering of ``course`` starting as near ``wished`` as the calendar allows, within [lo, hi]."""
        spec = course.spec
        owner = owner or spec.owner
        capacity = capacity or self.capacity(spec)
        venues = self._venue_order(spec, owner, capacity) if needs_venue(spec.type) else [None]
        if venues[0] is not None:
            capacity = min(capacity, venues[0].capacity)
        offsets = [0] if slots else [0, *itertools.chain.from_iterable((d, -d) for d in range(1, SEARCH_DAYS))]
        for offset in offsets:
            if slots is None:
                start = add_working_days(next_working_day(wished), offset)
                if start < lo:
                    continue
                chosen = layout(spec.type, spec.jp, start)
                if chosen[-1].date > hi:
                    continue
            else:
                chosen = slots
            venue = next((v for v in venues if v is None or self.book.venue_free(v.pk, chosen)), False)
            if venue is False:
                continue
            trainers = self._trainers(spec, chosen)
            if trainers is None:
                continue
            if venue is not None:
                self.book.take_venue(venue.pk, chosen)
            return self._offering(course, phase, chosen, trainers, venue, capacity, owner)
        return None

    def _offering(self, course, phase, slots, trainers, venue, capacity, owner) -> PlannedOffering:
        spec = course.spec
        start, end = slots[0].date, slots[-1].date
        opens = start - datetime.timedelta(days=self.rng.randint(28, 45))
        closes = max(opens, start - datetime.timedelta(days=self.rng.randint(3, 7)))
        if phase == UPCOMING:
            # Published offerings take enrollments now.
            opens = min(opens, self.today - datetime.timedelta(days=self.rng.randint(10, 30)))
            closes = min(start - datetime.timedelta(days=1), max(closes, self.today + datetime.timedelta(days=2)))
        strict = spec.type == CourseType.KEPEMIMPINAN
        return PlannedOffering(
            course=course,
            code=self.code(spec, start.year),
            phase=phase,
            start=start,
            end=end,
            opens=opens,
            closes=closes,
            capacity=capacity,
            venue_id=venue.pk if venue else None,
            owner=owner,
            approval=spec.approval or self.rng.random() < 0.1,
            sessions=[
                PlannedSession(slot, topic, trainer)
                for slot, topic, trainer in zip(slots, topics(spec, len(slots)), trainers, strict=True)
            ],
            # Leadership training asks more of its participants (PerLAN); the rest keep the defaults.
            min_attendance=90 if strict else None,
            pass_mark=70 if strict else None,
        )


def yearly_counts(courses: list[CourseInfo], per_year: float, rng: random.Random) -> dict[str, int]:
    """Offerings per course in a year, shared by demand (its square root: small audiences still get one)."""
    weights = {c.spec.code: max(c.demand, 0.0) ** DEMAND_POWER for c in courses}
    total = sum(weights.values()) or 1.0
    counts = {}
    for course in courses:
        expected = per_year * weights[course.spec.code] / total
        counts[course.spec.code] = int(expected) + (rng.random() < expected - int(expected))
    return counts


def plan_past(
    scheduler: Scheduler,
    courses: list[CourseInfo],
    *,
    employees: int,
    today: datetime.date,
    scheduled: frozenset[str] = frozenset(),
    scheduled_until: int = 0,
):
    """The finished offerings of every year from ``FIRST_YEAR`` up to a few days before ``today``.

    Courses in ``scheduled`` run on a schedule of their own up to ``scheduled_until``: none here.
    """
    rng, planned = scheduler.rng, []
    per_year = OFFERINGS_PER_1000 * employees / 1000
    for year in range(FIRST_YEAR, today.year + 1):
        lo, hi = datetime.date(year, 1, 8), min(datetime.date(year, 12, 18), today - datetime.timedelta(days=4))
        if hi <= lo:
            continue
        share = (hi - lo).days / (datetime.date(year, 12, 18) - datetime.date(year, 1, 8)).days
        counts = yearly_counts(courses, per_year * share, rng)
        for course in courses:
            # A course with prerequisites runs once people could have completed them.
            first = lo if not course.spec.prerequisites else max(lo, datetime.date(year, 6, 1))
            if course.spec.prerequisites and year == FIRST_YEAR:
                continue
            if course.spec.code in scheduled and year <= scheduled_until:
                continue
            for _n in range(counts[course.spec.code]):
                wished = first + datetime.timedelta(days=rng.randint(0, max(0, (hi - first).days - 14)))
                offering = scheduler.place(course, phase=PAST, lo=first, hi=hi, wished=wished)
                if offering is not None:
                    planned.append(offering)
    return planned


def plan_current(scheduler: Scheduler, courses: list[CourseInfo], *, employees: int, today: datetime.date):
    """Offerings running now, published ones in the coming weeks, a few drafts and one cancelled."""
    rng, planned = scheduler.rng, []
    scale = max(1.0, employees / 1200)
    by_code = {c.spec.code: c for c in courses}
    classroom = [c for c in courses if needs_venue(c.spec.type) and not c.spec.prerequisites]
    online = [c for c in courses if c.spec.type == CourseType.E_LEARNING]

    def pick(pool, phase, lo, hi, wished, count, demand):
        for course in rng.sample(pool, min(len(pool), count)):
            offering = scheduler.place(course, phase=phase, lo=lo, hi=hi, wished=wished)
            # A running offering the calendar pushed past today would not be running.
            if offering is not None and (phase != RUNNING or offering.start <= today <= offering.end):
                offering.demand = demand()
                planned.append(offering)

    # Running: started in the last days, ending in the next ones; an e-learning in its third week.
    back, ahead = add_working_days(today, -3), add_working_days(today, 4)
    pick(classroom, RUNNING, back, ahead, back, round(2 * scale), lambda: rng.uniform(0.9, 1.1))
    for course in rng.sample(online, min(len(online), round(scale))):
        offering = scheduler.place(
            course,
            phase=RUNNING,
            lo=today - datetime.timedelta(days=21),
            hi=today + datetime.timedelta(days=35),
            wished=today - datetime.timedelta(days=16),
        )
        if offering is not None and offering.start < today < offering.end:
            planned.append(offering)
    # Published: December and January, enrollment open now.
    for _n in range(round(8 * scale)):
        wished = today + datetime.timedelta(days=rng.randint(7, 60))
        pick(
            classroom + online,
            UPCOMING,
            today + datetime.timedelta(days=5),
            today + datetime.timedelta(days=75),
            wished,
            1,
            lambda: rng.uniform(0.3, 0.8),
        )
    # Drafts for February, being prepared by the coordinators.
    for _n in range(round(2 * scale)):
        wished = today + datetime.timedelta(days=rng.randint(70, 90))
        pick(
            classroom,
            DRAFT,
            today + datetime.timedelta(days=60),
            today + datetime.timedelta(days=120),
            wished,
            1,
            lambda: 0.0,
        )
    # Cancelled last year: too few registered.
    course = by_code["pemrograman-web"]
    year = today.year - 1
    offering = scheduler.place(
        course,
        phase=CANCELLED,
        lo=datetime.date(year, 9, 1),
        hi=datetime.date(year, 11, 30),
        wished=datetime.date(year, 9, 15),
    )
    if offering is not None:
        offering.demand = 0.25
        offering.notes = "Dibatalkan: jumlah pendaftar tidak memenuhi kuota minimum angkatan."
        planned.append(offering)
    return planned


def story_slots(today: datetime.date) -> list[Slot]:
    """The story's running workshop: the working day before and today (a weekend class if today is one)."""
    before = add_working_days(today, -1)
    return [Slot(before, *MORNING), Slot(before, *AFTERNOON), Slot(today, *MORNING), Slot(today, *AFTERNOON)]
