"""Working days, the shape of each kind of offering in sessions, and a booking book that never double-books.

Classes run on working days (Monday to Friday, outside national holidays and the joint
leave days around them), a morning session 08:00–12:00 and an afternoon one 13:00–16:00.
Non-classroom forms meet weekly (e-learning, distance training, communities) or every
other week (coaching, mentoring). ``Book`` keeps who is busy when: venues, trainers and
participants holding a seat; an offering is placed only where all of them are free.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from lms.choices import CourseType

MORNING = (datetime.time(8, 0), datetime.time(12, 0))
AFTERNOON = (datetime.time(13, 0), datetime.time(16, 0))
# National holidays and joint leave (SKB 3 Menteri), approximately as decreed for each year.
HOLIDAYS = frozenset(
    datetime.date.fromisoformat(day)
    for day in (
        *("2024-01-01", "2024-02-08", "2024-02-09", "2024-03-11", "2024-03-12", "2024-03-29"),
        *("2024-04-08", "2024-04-09", "2024-04-10", "2024-04-11", "2024-04-12", "2024-04-15"),
        *("2024-05-01", "2024-05-09", "2024-05-10", "2024-05-23", "2024-05-24", "2024-06-17"),
        *("2024-06-18", "2024-09-16", "2024-12-25", "2024-12-26"),
        *("2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-03-28", "2025-03-31"),
        *("2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07", "2025-04-18"),
        *("2025-05-01", "2025-05-12", "2025-05-13", "2025-05-29", "2025-05-30", "2025-06-06"),
        *("2025-06-09", "2025-06-27", "2025-08-18", "2025-09-05", "2025-12-25", "2025-12-26"),
        *("2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18", "2026-03-19"),
        *("2026-03-20", "2026-03-23", "2026-03-24", "2026-04-03", "2026-05-01", "2026-05-14"),
        *("2026-05-15", "2026-05-27", "2026-05-28", "2026-06-01", "2026-06-16", "2026-08-17"),
        *("2026-08-25", "2026-12-24", "2026-12-25"),
        *("2027-01-01", "2027-02-08", "2027-02-09"),
    )
)
DAILY_MAX_DAYS = 12
# Classroom JP a day: the two sessions, less breaks, opening and evaluation.
JP_PER_DAY = 5
WEEKLY = frozenset(
    {CourseType.E_LEARNING, CourseType.DISTANCE, CourseType.COMMUNITY, CourseType.SELF_STUDY, CourseType.ON_THE_JOB}
)
FORTNIGHTLY = frozenset({CourseType.COACHING, CourseType.MENTORING})
# Held elsewhere (another agency, outdoors, online): no venue of the regency is booked.
OFF_SITE = frozenset(
    {CourseType.BENCHMARKING, CourseType.DETASERING, CourseType.INTERNSHIP, CourseType.EXCHANGE, CourseType.OUTBOUND}
)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day ``count`` working days after ``day`` (before it when negative)."""
    step = datetime.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def needs_venue(course_type: str) -> bool:
    return course_type not in WEEKLY | FORTNIGHTLY | OFF_SITE


@dataclass(frozen=True, slots=True)
class Slot:
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time


def layout(course_type: str, jp: int, start: datetime.date) -> list[Slot]:
    """The sessions of an offering of this course starting on ``start`` (a working day)."""
    if course_type in WEEKLY or course_type in FORTNIGHTLY:
        weekly = course_type in WEEKLY
        count = min(6, max(2, round(jp / 4))) if weekly else min(6, max(3, jp // 2))
        gap = datetime.timedelta(days=7 if weekly else 14)
        slot = MORNING if weekly else AFTERNOON
        days, day = [], start
        for _index in range(count):
            day = next_working_day(day)
            days.append(day)
            day += gap
        return [Slot(day, *slot) for day in days]
    days = min(DAILY_MAX_DAYS, max(1, math.ceil(jp / JP_PER_DAY)))
    slots, day = [], start
    for index in range(days):
        if index:
            day = add_working_days(day, 1)
        slots.append(Slot(day, *MORNING))
        if jp > 4:
            slots.append(Slot(day, *AFTERNOON))
    return slots


def overlaps(a: Slot, b: Slot) -> bool:
    return a.date == b.date and a.starts_at < b.ends_at and b.starts_at < a.ends_at


class Book:
    """Who is busy when. Slots of one day never overlap partly (there are only two), so a
    (date, start) key is enough to find a double booking."""

    def __init__(self):
        self.venues: set[tuple[int, datetime.date, datetime.time]] = set()
        self.trainers: set[tuple[int, datetime.date, datetime.time]] = set()
        self.people: dict[int, set[tuple[datetime.date, datetime.time]]] = {}

    def venue_free(self, venue: int, slots: Iterable[Slot]) -> bool:
        return not any((venue, s.date, s.starts_at) in self.venues for s in slots)

    def trainer_free(self, trainer: int, slot: Slot) -> bool:
        return (trainer, slot.date, slot.starts_at) not in self.trainers

    def person_free(self, person: int, slots: Iterable[Slot]) -> bool:
        busy = self.people.get(person)
        return not busy or not any((s.date, s.starts_at) in busy for s in slots)

    def take_venue(self, venue: int, slots: Iterable[Slot]) -> None:
        self.venues.update((venue, s.date, s.starts_at) for s in slots)

    def take_trainer(self, trainer: int, slot: Slot, person: int | None = None) -> None:
        self.trainers.add((trainer, slot.date, slot.starts_at))
        if person is not None:
            self.take_person(person, [slot])

    def take_person(self, person: int, slots: Iterable[Slot]) -> None:
        self.people.setdefault(person, set()).update((s.date, s.starts_at) for s in slots)
