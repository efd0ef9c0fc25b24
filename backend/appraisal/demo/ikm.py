"""Community-satisfaction surveys of the service units (PermenPANRB 14/2017). Pure: no database.

Each answer is the element's usual level in Bungo, moved by the unit, by the unit's weak
elements (waiting time and complaint handling most often), by the respondent's mood and
by chance, rounded to the 1–4 scale. The IKM is computed with ``rules``, exactly as the
selectors compute it from the stored answers.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from backend.appraisal import rules
from backend.appraisal.choices import IKM_ELEMENTS, IkmGrade
from backend.people.demo.bungo import ANCHOR_PUSKESMAS

# Typical element levels: fees are mostly waived (U4 high); waiting and complaints lag.
ELEMENT_LEVEL = {
    "u1": 3.35,
    "u2": 3.30,
    "u3": 3.10,
    "u4": 3.60,
    "u5": 3.35,
    "u6": 3.35,
    "u7": 3.45,
    "u8": 3.10,
    "u9": 3.20,
}
SD_UNIT, SD_MOOD, SD_ANSWER = 0.12, 0.3, 0.45
TREND_PER_QUARTER = 0.008
RESPONSES = (30, 120)
# Weak elements by unit code; other units draw theirs.
WEAK_ELEMENTS = {ANCHOR_PUSKESMAS: {"u3": -0.45, "u8": -0.5}}
# Units whose users are less satisfied across the board (grade C).
WEAK_UNITS = {"kec-pelepat-ilir": -0.35}
RANDOM_WEAK_UNITS, WEAK_CANDIDATES, RANDOM_WEAKNESS = 0.35, ("u3", "u8", "u9", "u1", "u6"), (-0.55, -0.3)


@dataclass(frozen=True)
class SurveyPlan:
    unit: str
    year: int
    quarter: int
    # (nine answers, submitted on) per filled questionnaire.
    responses: list[tuple[tuple[int, ...], datetime.date]]
    value: Decimal

    @property
    def graded_b_or_better(self) -> bool:
        return rules.ikm_grade(self.value) in (IkmGrade.A, IkmGrade.B)


def draw_unit_levels(rng: random.Random, units: list[str]) -> dict[str, dict[str, float]]:
    """Each unit's level per element, before the quarter's trend."""
    levels = {}
    for unit in units:
        shift = rng.gauss(0, SD_UNIT) + WEAK_UNITS.get(unit, 0.0)
        weak = WEAK_ELEMENTS.get(unit)
        if weak is None:
            weak = {}
            if rng.random() < RANDOM_WEAK_UNITS:
                for element in rng.sample(WEAK_CANDIDATES, rng.choice((1, 1, 2))):
                    weak[element] = rng.uniform(*RANDOM_WEAKNESS)
        levels[unit] = {e: ELEMENT_LEVEL[e] + shift + weak.get(e, 0.0) for e in IKM_ELEMENTS}
    return levels


def _answer(value: float) -> int:
    return min(4, max(1, int(value + 0.5)))


def draw_survey(
    rng: random.Random,
    unit: str,
    levels: dict[str, float],
    *,
    year: int,
    quarter: int,
    index: int,
    span: tuple[datetime.date, datetime.date],
) -> SurveyPlan:
    """One quarter's answers of one unit; ``index`` counts quarters from the first, for the trend."""
    trend = TREND_PER_QUARTER * index
    start, end = span
    days = (end - start).days + 1
    responses = []
    sums = dict.fromkeys(IKM_ELEMENTS, 0)
    for _n in range(rng.randint(*RESPONSES)):
        mood = rng.gauss(0, SD_MOOD)
        answers = tuple(_answer(levels[e] + trend + mood + rng.gauss(0, SD_ANSWER)) for e in IKM_ELEMENTS)
        for element, answer in zip(IKM_ELEMENTS, answers, strict=True):
            sums[element] += answer
        responses.append((answers, start + datetime.timedelta(days=rng.randrange(days))))
    averages = rules.ikm_element_averages(sums=sums, responses=len(responses))
    return SurveyPlan(unit, year, quarter, responses, rules.ikm_value(averages=averages))


def share_graded_b(surveys: list[SurveyPlan]) -> Decimal:
    """Percentage of ``surveys`` graded B or better, as the Dinas Kesehatan reports its puskesmas."""
    if not surveys:
        return Decimal(0)
    good = sum(1 for survey in surveys if survey.graded_b_or_better)
    return (Decimal(100 * good) / len(surveys)).quantize(rules.CENT)
