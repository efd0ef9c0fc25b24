"""Work behaviour (BerAKHLAK), the OPDs' own ratings and follow-up of weak results. Pure: no database."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from backend.appraisal.choices import BerakhlakValue, FollowUpKind, FollowUpStatus, OrgRating, Rating

# How strongly conduct follows performance; the rest is the person.
CONDUCT_FROM_PERFORMANCE = 0.5
SD_CONDUCT_YEAR = 0.5
# Conduct below this is rated below expectation on a value or two (~3 %), above it on most (~15 %).
BELOW_UNDER, ABOVE_OVER = -2.2, 1.25
# OPD ratings: the best ~15 % of OPDs with enough evaluated staff are "Istimewa", two of the
# weaker ones "Butuh Perbaikan", the rest "Baik".
MIN_EVALUATED, ISTIMEWA_SHARE, BUTUH_PERBAIKAN = 5, 0.15, 2
# Follow-ups of the last evaluated year and of the year before.
FOLLOW_UPS_LAST_YEAR, FOLLOW_UPS_YEAR_BEFORE = 24, 12
NOTES = {
    FollowUpKind.COACHING: "Pembinaan oleh atasan langsung: rencana perbaikan indikator yang belum mencapai target.",
    FollowUpKind.TRAINING: "Diusulkan mengikuti pengembangan kompetensi sesuai kesenjangan kinerja.",
}


def draw_conduct(rng: random.Random, performance: float) -> float:
    """A person's lasting disposition, in standard deviations; ``performance`` likewise."""
    return CONDUCT_FROM_PERFORMANCE * performance + rng.gauss(0, (1 - CONDUCT_FROM_PERFORMANCE**2) ** 0.5)


def draw_behaviour(rng: random.Random, conduct: float, *, allow_below: bool = True) -> dict[str, str]:
    """One year's rating of the seven values: mostly meets, some above, a few below."""
    level = conduct + rng.gauss(0, SD_CONDUCT_YEAR)
    values = list(BerakhlakValue.values)
    ratings = dict.fromkeys(values, Rating.MEETS.value)
    if level < BELOW_UNDER and allow_below:
        for value in rng.sample(values, rng.choice((1, 1, 2))):
            ratings[value] = Rating.BELOW.value
    elif level > ABOVE_OVER:
        for value in rng.sample(values, rng.randint(4, 6)):
            ratings[value] = Rating.ABOVE.value
    else:
        for value in rng.sample(values, rng.choice((0, 0, 1, 1, 2, 3))):
            ratings[value] = Rating.ABOVE.value
    return ratings


def org_ratings(means: dict[str, tuple[Decimal, int]], baik_share: dict[str, Decimal]) -> dict[str, str]:
    """OPD code → rating, from each OPD's mean achievement, staff evaluated and share rated Baik.

    "Butuh Perbaikan" goes to the OPD with the weakest results and to the most lenient of the
    weaker half: rated low, yet most of its staff rated Baik, it is the warning HR must see.
    """
    ranked = sorted((mean, code) for code, (mean, count) in means.items() if count >= MIN_EVALUATED)
    top = round(len(ranked) * ISTIMEWA_SHARE)
    ratings = dict.fromkeys(means, OrgRating.BAIK.value)
    for _mean, code in ranked[len(ranked) - top :]:
        ratings[code] = OrgRating.ISTIMEWA.value
    weaker = [code for _mean, code in ranked[: max(1, len(ranked) // 2)]]
    lenient = sorted(weaker[1:], key=lambda code: (-baik_share.get(code, Decimal(0)), code))
    for code in (weaker[:1] + lenient)[:BUTUH_PERBAIKAN]:
        ratings[code] = OrgRating.BUTUH_PERBAIKAN.value
    return ratings


@dataclass(frozen=True)
class FollowUpPlan:
    kind: str
    due_date: datetime.date
    status: str
    notes: str


def draw_follow_ups(rng: random.Random, count: int, *, year: int, last_year: int) -> list[FollowUpPlan]:
    """Follow-ups due in the first half of the next year: done or dropped for the years
    before the last, except a few still open (overdue); open or started for the last."""
    plans = []
    for _n in range(count):
        kind = FollowUpKind.COACHING if rng.random() < 0.55 else FollowUpKind.TRAINING
        due = datetime.date(year + 1, rng.randint(2, 6), rng.choice((15, 28)))
        if year < last_year:
            status = rng.choices(
                [FollowUpStatus.DONE, FollowUpStatus.CANCELLED, FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS],
                weights=[55, 10, 20, 15],
            )[0]
        else:
            status = FollowUpStatus.OPEN if rng.random() < 0.6 else FollowUpStatus.IN_PROGRESS
        plans.append(FollowUpPlan(kind.value, due, status.value, NOTES[kind]))
    return plans
