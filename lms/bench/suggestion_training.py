"""The training side of the benchmark regency (``lms.bench.suggestion_data``): past and upcoming offerings."""

import datetime
import math
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

BATCH = 5000
UPCOMING = 40
SEATS_TAKEN = 10
PAST_SEATS = 25
COMPLETING = 1 / 8
WEAK_PARTICIPANTS = 0.8
PAST_FIRST, PAST_LAST = datetime.date(2024, 4, 1), datetime.date(2025, 6, 20)
HUNDRED = Decimal(100)


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _slot(person: int, indicator: int, carried: list) -> int | None:
    mine = carried[person]
    return mine.index(indicator) if indicator in mine else None


def past_training(
    rng, people, carried, achievement, courses, aims, effects, periods, threshold, owner
) -> tuple[int, int]:
    """Finished offerings and their completed seats; raises the participants' later scores."""
    from lms.models import Enrollment, Offering

    carrying = len(carried[0]) if carried else 0
    total = math.ceil(len(people) * COMPLETING)
    count = max(1, math.ceil(total / PAST_SEATS))
    span = (PAST_LAST - PAST_FIRST).days
    carriers: dict[int, list[int]] = defaultdict(list)
    for person, mine in enumerate(carried):
        for indicator in mine:
            carriers[indicator].append(person)
    trained = bytearray(len(people))
    plans = []
    for number in range(count):
        course = number % len(courses)
        start = PAST_FIRST + datetime.timedelta(days=number * span // count + rng.randrange(3))
        end = start + datetime.timedelta(days=2)
        baseline = max(q for q, p in enumerate(periods) if p.end_date < start)
        after = [q for q, p in enumerate(periods) if p.start_date > end]
        seats = max(1, min(PAST_SEATS, total - number * PAST_SEATS))
        weak = sorted(
            {
                person
                for indicator in aims[course]
                for person in carriers[indicator]
                if not trained[person]
                and achievement[(person * carrying + _slot(person, indicator, carried)) * len(periods) + baseline]
                < threshold
            }
        )
        chosen = rng.sample(weak, min(len(weak), round(seats * WEAK_PARTICIPANTS)))
        for person in chosen:
            trained[person] = 1
        untrained = len(people) - sum(trained)
        while len(chosen) < seats and untrained:
            person = rng.randrange(len(people))
            if not trained[person]:
                trained[person] = 1
                untrained -= 1
                chosen.append(person)
        for person in chosen:
            for indicator in aims[course]:
                slot = _slot(person, indicator, carried)
                if slot is None:
                    continue
                for q in after:
                    achievement[(person * carrying + slot) * len(periods) + q] += rng.gauss(effects[course], 2.0)
        plans.append((course, start, end, chosen))

    offerings = _bulk(
        Offering,
        [
            Offering(
                course=courses[course],
                code=f"bench-past-{number:05d}",
                start_date=start,
                end_date=end,
                capacity=PAST_SEATS + 5,
                enroll_opens=start - datetime.timedelta(days=30),
                enroll_closes=start - datetime.timedelta(days=1),
                status="finished",
                owner_unit=owner,
                finished_at=_aware(end + datetime.timedelta(days=1)),
            )
            for number, (course, start, end, _chosen) in enumerate(plans)
        ],
    )
    rows = []
    for offering, (course, start, end, chosen) in zip(offerings, plans, strict=True):
        for person in chosen:
            rows.append(
                Enrollment(
                    offering=offering,
                    employee=people[person],
                    status="completed",
                    source="assigned",
                    requested_at=_aware(start - datetime.timedelta(days=21)),
                    pre_test=Decimal(rng.randint(40, 80)),
                    post_test=Decimal(rng.randint(70, 100)),
                    attendance_pct=HUNDRED,
                    credited_minutes=courses[course].duration_minutes,
                    decided_at=_aware(end + datetime.timedelta(days=1)),
                )
            )
    _bulk(Enrollment, rows)
    return len(offerings), len(rows)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def upcoming_offerings(rng, people, courses, owner) -> tuple[int, int]:
    """Published offerings still to start, one a day from a week ahead, and a few seats taken."""
    from lms.models import Enrollment, Offering, Session

    today = timezone.localdate()
    chosen = rng.sample(courses, UPCOMING)
    offerings = []
    for number, course in enumerate(chosen):
        start = today + datetime.timedelta(days=7 + number)
        offerings.append(
            Offering(
                course=course,
                code=f"bench-next-{number:03d}",
                start_date=start,
                end_date=start + datetime.timedelta(days=1),
                capacity=40,
                enroll_opens=today - datetime.timedelta(days=14),
                enroll_closes=start - datetime.timedelta(days=1),
                status="published",
                owner_unit=owner,
            )
        )
    offerings = _bulk(Offering, offerings)
    _bulk(
        Session,
        [
            Session(
                offering=offering,
                date=offering.start_date + datetime.timedelta(days=day),
                starts_at=datetime.time(8),
                ends_at=datetime.time(12),
                topic=f"{offering.course.title}: hari {day + 1}",
            )
            for offering in offerings
            for day in (0, 1)
        ],
    )
    requested = timezone.now() - datetime.timedelta(days=3)
    seats = [
        Enrollment(offering=offering, employee=employee, status="enrolled", source="self", requested_at=requested)
        for offering in offerings
        for employee in rng.sample(people, min(SEATS_TAKEN, len(people)))
    ]
    _bulk(Enrollment, seats)
    return len(offerings), len(seats)
