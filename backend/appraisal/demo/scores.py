"""Who is appraised on which indicators, and the quarterly scores they reach. Pure: no database.

Achievement is modelled as a factor on target: 1 + a small margin (targets are set to be
met) + effects of the OPD, the unit, the indicator and the employee, a unit-and-indicator
weakness for some units, a little improvement every quarter, and noise. Realisasi follows
from target and factor by the indicator's direction and cap; the services derive the
stored achievement from them again.
"""

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from backend.appraisal import rules
from backend.appraisal.choices import Direction, IndicatorLevel
from backend.appraisal.demo.library import (
    HEAD_IKU,
    IKI,
    IKU,
    ROLE_IKI,
    SERVICE_OPDS,
    Template,
    iki_code,
    iku_code,
    iku_keys,
    parent_key,
    role_of,
)
from backend.people.choices import OrgUnitKind
from backend.people.demo.bungo import ANCHOR_PUSKESMAS

# Targets are set to be reachable: the typical employee beats them a little.
MARGIN = 0.07
TREND_PER_QUARTER = 0.002
SD_OPD, SD_UNIT, SD_EMPLOYEE, SD_EMPLOYEE_INDICATOR, SD_NOISE = 0.02, 0.02, 0.03, 0.025, 0.05
# OPDs that lag behind the others, every year.
WEAK_OPDS = {"dishub": -0.06, "kec-pelepat-ilir": -0.06, "dlh": -0.04}
# Weaknesses of a unit on an indicator, by unit code (or OPD code for all its units).
WEAK_UNIT_INDICATORS = {
    ANCHOR_PUSKESMAS: {"rekam-medis": -0.26, "waktu-tunggu": -0.26},
    "dpmptsp": {"hari-izin": -0.1},
}
# IKI every such employee of the unit carries, besides those of their role.
UNIT_FOCUS = {(ANCHOR_PUSKESMAS, "clinical"): ("waktu-tunggu",)}
# Share of the other staffed units with one weak indicator of their own, and its effect.
RANDOM_WEAK_UNITS, RANDOM_WEAKNESS = 0.3, (-0.36, -0.2)
# Indicators many employees carry and stay weak on, unit by unit: the gaps the training demo
# answers and the impact dashboard measures (about a quarter of the carriers below 80 %).
# Key → (share of the units carrying it that are weak on it, share of their carriers who are).
WEAK_CARRIERS = {
    "tuntas-kkm": (0.45, 0.7),
    "rpp": (0.45, 0.7),
    "rekam-medis": (0.6, 0.75),
    "pasien-sop": (0.55, 0.75),
}
# The factor a weak carrier reaches, before noise: achievement around 75 %, every quarter.
WEAK_CARRIER_FACTOR = (0.7, 0.8)
FIRST_YEAR = 2023
# The lowest factor: a lower-is-better realisasi is target ÷ factor.
MIN_FACTOR = 0.35


@dataclass(frozen=True)
class Staff:
    nip: str
    position: str
    position_kind: str
    unit: str
    unit_kind: str
    opd: str
    opd_kind: str
    is_opd_head: bool

    @property
    def serves_public(self) -> bool:
        """Staff of a surveyed service unit (the OPD head answers for the OPD's IKU instead)."""
        surveyed = self.unit_kind == OrgUnitKind.PUSKESMAS or self.opd_kind == OrgUnitKind.KECAMATAN
        return not self.is_opd_head and (surveyed or self.opd in SERVICE_OPDS)

    @property
    def survey_unit(self) -> str:
        return self.unit if self.unit_kind == OrgUnitKind.PUSKESMAS else self.opd


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    template: Template
    level: str
    opd: str
    parent_code: str = ""


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    nip: str
    code: str
    year: int
    quarter: int
    target: Decimal
    realisasi: Decimal
    achievement: Decimal


@dataclass
class Assignment:
    staff: Staff
    codes: list[str]
    effect: float
    # (indicator code → effect of this employee on it), targets by (code, year).
    indicator_effects: dict[str, float] = field(default_factory=dict)
    targets: dict[tuple[str, int], Decimal] = field(default_factory=dict)


def _decimal(value: float, decimals: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def realisasi_for(template: Template, target: Decimal, factor: float) -> Decimal:
    """The realisasi an employee reaching ``factor`` of the target reports."""
    factor = max(factor, MIN_FACTOR)
    value = float(target) / factor if template.direction == Direction.LOWER_IS_BETTER else float(target) * factor
    if template.cap is not None:
        value = min(value, template.cap)
    smallest = Decimal(1).scaleb(-template.decimals)
    return max(_decimal(value, template.decimals), smallest)


def library(staff: list[Staff], chosen: dict[str, list[str]], opds: list[tuple[str, str]]) -> list[IndicatorSpec]:
    """Every OPD's IKU, and every IKI of the roles among its staff (carried or not), sorted by code."""
    specs = {}
    for opd, kind in opds:
        for key in iku_keys(opd, kind):
            specs[iku_code(opd, key)] = IndicatorSpec(iku_code(opd, key), IKU[key], IndicatorLevel.IKU, opd)
    kinds = dict(opds)
    for person in staff:
        offered = []
        if not person.is_opd_head:
            must, optional = _role_keys(person)
            offered = [iki_code(person.opd, key) for key in (*must, *optional)]
        for code in [*chosen[person.nip], *offered]:
            if code in specs:
                continue
            template = IKI[code.removeprefix(f"{person.opd}-")]
            parent = iku_code(person.opd, parent_key(template, iku_keys(person.opd, kinds[person.opd])))
            specs[code] = IndicatorSpec(code, template, IndicatorLevel.IKI, person.opd, parent)
    return sorted(specs.values(), key=lambda spec: spec.code)


def _role_keys(person: Staff) -> tuple[tuple[str, ...], list[str]]:
    """The IKI an employee must carry and those drawn from, by role and unit."""
    role = role_of(
        position=person.position, position_kind=person.position_kind, opd_code=person.opd, opd_kind=person.opd_kind
    )
    must, optional = ROLE_IKI[role]
    must = must + UNIT_FOCUS.get((person.unit, role), ())
    return must, [key for key in optional if key not in must]


def choose_indicators(rng: random.Random, person: Staff) -> list[str]:
    """2–4 indicators: the OPD's IKU for its head, otherwise IKI by role (and the unit's IKM)."""
    if person.is_opd_head:
        return [iku_code(person.opd, key) for key in iku_keys(person.opd, person.opd_kind)[:HEAD_IKU]]
    must, optional = _role_keys(person)
    wanted = rng.choice((2, 2, 3)) if person.serves_public else rng.choice((2, 3, 3, 4))
    keys = list(must) + rng.sample(optional, min(len(optional), max(0, wanted - len(must))))
    if person.serves_public:
        keys.append("ikm-unit")
    return [iki_code(person.opd, key) for key in keys]


@dataclass
class Effects:
    opd: dict[str, float]
    unit: dict[str, float]
    unit_indicator: dict[tuple[str, str], float]

    def of(self, person: Staff, key: str) -> float:
        return (
            self.opd[person.opd]
            + self.unit[person.unit]
            + self.unit_indicator.get((person.unit, key), 0.0)
            + self.unit_indicator.get((person.opd, key), 0.0)
        )


def draw_effects(rng: random.Random, *, opds: list[str], units: list[str]) -> Effects:
    return Effects(
        opd={code: rng.gauss(0, SD_OPD) + WEAK_OPDS.get(code, 0.0) for code in opds},
        unit={code: rng.gauss(0, SD_UNIT) for code in units},
        unit_indicator={
            (unit, key): effect for unit, weak in WEAK_UNIT_INDICATORS.items() for key, effect in weak.items()
        },
    )


def assign(rng: random.Random, staff: list[Staff], years: list[int]) -> list[Assignment]:
    assignments = []
    for person in staff:
        codes = choose_indicators(rng, person)
        assignment = Assignment(person, codes, rng.gauss(0, SD_EMPLOYEE))
        for code in codes:
            assignment.indicator_effects[code] = rng.gauss(0, SD_EMPLOYEE_INDICATOR)
            template = template_of(code, person.opd)
            for year in years:
                assignment.targets[(code, year)] = _target(rng, template)
        assignments.append(assignment)
    return assignments


def template_of(code: str, opd: str) -> Template:
    key = code.removeprefix(f"{opd}-")
    return IKU[key.removeprefix("iku-")] if key.startswith("iku-") else IKI[key]


def _target(rng: random.Random, template: Template) -> Decimal:
    if isinstance(template.target, tuple):
        low, high, step = template.target
        return Decimal(rng.randrange(low, high + 1, step))
    return Decimal(str(template.target))


def add_random_weaknesses(rng: random.Random, effects: Effects, assignments: list[Assignment]) -> None:
    """Some units are weak on one indicator of theirs: the gaps a unit's training plan answers."""
    used: dict[str, set[str]] = {}
    for assignment in assignments:
        person = assignment.staff
        for code in assignment.codes:
            template = template_of(code, person.opd)
            if not template.source:
                used.setdefault(person.unit, set()).add(code.removeprefix(f"{person.opd}-"))
    for unit in sorted(used):
        if unit in WEAK_UNIT_INDICATORS or rng.random() >= RANDOM_WEAK_UNITS:
            continue
        key = rng.choice(sorted(used[unit]))
        effects.unit_indicator[(unit, key)] = rng.uniform(*RANDOM_WEAKNESS)


def add_weak_carriers(rng: random.Random, effects: Effects, assignments: list[Assignment]) -> None:
    """A lasting weakness of some carriers of ``WEAK_CARRIERS``, clustered in some of their units.

    Set on the employee and indicator, so it holds every quarter: a weak employee stays weak
    (up to the noise) until something, such as a course, changes it. Units already weak on
    the indicator (``WEAK_UNIT_INDICATORS``) are left as they are.
    """
    carriers: dict[tuple[str, str], list[tuple[Assignment, str]]] = {}
    for assignment in assignments:
        person = assignment.staff
        for code in assignment.codes:
            key = code.removeprefix(f"{person.opd}-")
            if key in WEAK_CARRIERS:
                carriers.setdefault((key, person.unit), []).append((assignment, code))
    for (key, unit), carrying in sorted(carriers.items(), key=lambda item: item[0]):
        unit_share, carrier_share = WEAK_CARRIERS[key]
        if (unit, key) in effects.unit_indicator or rng.random() >= unit_share:
            continue
        for assignment, code in carrying:
            if rng.random() >= carrier_share:
                continue
            person = assignment.staff
            # What takes this employee from their usual level to the weak one.
            usual = 1 + MARGIN + template_of(code, person.opd).difficulty + effects.of(person, key) + assignment.effect
            assignment.indicator_effects[code] = rng.uniform(*WEAK_CARRIER_FACTOR) - usual


def quarter_index(year: int, quarter: int) -> int:
    return (year - FIRST_YEAR) * 4 + quarter - 1


def draw_scores(
    rng: random.Random,
    assignments: list[Assignment],
    effects: Effects,
    *,
    year: int,
    quarter: int,
    sourced: dict[tuple[str, str], Decimal],
) -> list[ScoreSpec]:
    """One quarter's scores. ``sourced`` holds the realisasi that come from surveys: (source, unit) → value."""
    trend = TREND_PER_QUARTER * quarter_index(year, quarter)
    scores = []
    for assignment in assignments:
        person = assignment.staff
        for code in assignment.codes:
            template = template_of(code, person.opd)
            target = assignment.targets[(code, year)]
            noise = rng.gauss(0, SD_NOISE)
            if template.source == "ikm":
                realisasi = sourced[("ikm", person.survey_unit)]
            elif template.source:
                realisasi = sourced[(template.source, person.opd)]
            else:
                key = code.removeprefix(f"{person.opd}-").removeprefix("iku-")
                factor = (
                    1
                    + MARGIN
                    + template.difficulty
                    + effects.of(person, key)
                    + assignment.effect
                    + assignment.indicator_effects[code]
                    + trend
                    + noise
                )
                realisasi = realisasi_for(template, target, factor)
            achievement = rules.achievement(target=target, realisasi=realisasi, direction=template.direction)
            scores.append(ScoreSpec(person.nip, code, year, quarter, target, realisasi, achievement))
    return scores


def weaken(rng: random.Random, score: ScoreSpec, template: Template, *, below: Decimal) -> ScoreSpec:
    """The same score, achieved below ``below`` % (for the demo's story), unchanged if it already is."""
    if score.achievement < below:
        return score
    factor = float(below) / 100 - rng.uniform(0.04, 0.14)
    realisasi = realisasi_for(template, score.target, factor)
    achievement = rules.achievement(target=score.target, realisasi=realisasi, direction=template.direction)
    return ScoreSpec(score.nip, score.code, score.year, score.quarter, score.target, realisasi, achievement)
