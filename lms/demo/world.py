"""What the simulation of the demo's enrollments remembers, and what it produces.

``World`` carries the calendar of who is busy, the JP credited so far and the courses each
employee completed, from one offering to the next; ``PlannedEnrollment`` is one request with
its history, tests and attendance, as the bulk services will load it.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lms.choices import EnrollmentStatus
from lms.demo.calendar import Book
from lms.demo.offerings import PlannedOffering
from lms.demo.people import Regency
from lms.rules import JP_MINUTES
from lms.selectors.need import NeedItem, need_reason
from lms.services.bulk import Step

S = EnrollmentStatus
CENT = Decimal("0.01")
# The enrollment service's reasons, word for word (translated once per seeding, not per request).
REASONS = {
    "requested": gettext_noop("Requested by the employee"),
    "assigned": gettext_noop("Assigned by a coordinator"),
    "pending": gettext_noop("Awaiting the supervisor's approval"),
    "approved": gettext_noop("Approved"),
    "waitlisted": gettext_noop("No seat free: waitlisted by need"),
    "promoted": gettext_noop("Promoted from the waitlist"),
}


@dataclass(frozen=True, slots=True)
class Mark:
    session: int
    status: str
    method: str
    at: datetime.datetime
    by: int | None


@dataclass
class PlannedEnrollment:
    employee_id: int
    source: str
    requested_at: datetime.datetime
    history: list[Step]
    need_gap: Decimal
    deficit: int
    reason: str
    pre: Decimal | None = None
    post: Decimal | None = None
    marks: list[Mark] = field(default_factory=list)
    # Set for past offerings: the completion rule's verdict (the database decides it again).
    completed: bool | None = None
    result_reason: str = ""

    @property
    def status(self) -> str:
        return self.history[-1].to_status if self.history else ""


@dataclass
class World:
    """What the simulation remembers from one offering to the next."""

    regency: Regency
    rng: random.Random
    book: Book
    now: datetime.datetime
    opd_factor: dict[str, float]
    # Employees the story places itself, kept out of the random draws.
    reserved: set[int]
    # (employee, year) → [(credit date, minutes)]; employee → {course code: completion date}.
    ledger: dict[tuple[int, int], list[tuple[datetime.date, int]]] = field(default_factory=dict)
    completed: dict[int, dict[str, datetime.date]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.texts = {key: _(text) for key, text in REASONS.items()}

    def credited(self, employee_id: int, year: int, before: datetime.date) -> int:
        return sum(m for day, m in self.ledger.get((employee_id, year), ()) if day < before)

    def credit(self, employee_id: int, year: int, day: datetime.date, minutes: int) -> None:
        self.ledger.setdefault((employee_id, year), []).append((day, minutes))

    def coordinator(self, owner: str) -> int | None:
        return self.regency.coordinators.get(owner) or self.regency.coordinators.get("bkpsdm")

    def moment(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.now.tzinfo)


def need_of(world: World, offering: PlannedOffering, employee_id: int, at: datetime.datetime):
    """(gap, JP deficit in minutes, reason) as ``enrollment_need_get`` computes them at ``at``."""
    person = world.regency.by_pk[employee_id]
    items = tuple(
        NeedItem(indicator=name, achievement=achievement, weight=weight)
        for name, achievement, weight in world.regency.need_items(employee_id, offering.course.targets, at.date())
    )
    gap = sum((item.weighted for item in items), Decimal(0)).quantize(CENT)
    year = offering.end.year
    target = settings.LMS_PNS_TARGET_JP * JP_MINUTES
    deficit = max(0, target - world.credited(employee_id, year, at.date())) if person.pns else 0
    return gap, deficit, need_reason(items=items, jp_deficit_minutes=deficit, year=year)
