"""Who works where: the demo's employees planned in memory, before any query.

Everything here draws from one ``random.Random(seed)`` in a fixed order and
counts ages from a fixed reference date, so a seed gives the same people on
any machine and any day. Database ids play no part.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.people.choices import PNS_GRADE_CODES, EmploymentType, PositionKind
from backend.people.demo.bungo import ANCHOR_PUSKESMAS, UnitSpec, walk
from backend.people.demo.names import NameMaker, academic_titles
from backend.people.demo.opds import OPDS
from backend.people.demo.positions import BY_KEY, PROFILES, PositionSpec

REFERENCE_DATE = datetime.date(2026, 1, 1)
MIN_AGE, MAX_AGE = 22, 58
# Below this the regency cannot have a head for every OPD and the demo logins.
MIN_EMPLOYEES = 100
# When the budget is too small for every unit head, heads take at most this share of it.
HEAD_SHARE = 0.3

ENTRY_GRADE = {"sma": "II/a", "d3": "II/c", "s1": "III/a", "dokter": "III/b"}
# Structural posts go to people with some years in the service, whatever their grade.
MIN_SERVICE_BY_KIND = {PositionKind.JPT: 18, PositionKind.ADMINISTRATOR: 12, PositionKind.PENGAWAS: 8}
START_AGE = {"sma": (19, 27), "d3": (21, 30), "s1": (23, 33), "dokter": (26, 34)}
# CPNS are mostly appointed at the start of a year or of a quarter.
CPNS_MONTHS = (1, 1, 1, 2, 3, 3, 4, 4, 6, 10, 12)
# PPPK waves: the first (2019), then teachers and health workers from 2021, technical staff from 2023.
PPPK_YEARS = (2019, 2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025)
PPPK_CONTRACT_YEARS = 5

# Staff placed before the weighted draw, so the demo logins exist at any size:
# (login or "", unit code, position key).
RESERVED_STAFF = (
    ("admin", "bkpsdm-pengadaan-pemberhentian-informasi", "pranata_komputer_ap"),
    ("koordinator", "bkpsdm-pengembangan-kompetensi-aparatur", "analis_sdm_ap"),
    ("hr", "bkpsdm-penilaian-kinerja-aparatur", "analis_sdm_am"),
    ("koordinator.dikbud", "dikbud-sekretariat", "analis_sdm_ap"),
    ("pegawai", ANCHOR_PUSKESMAS, "perawat_ap"),
    ("", ANCHOR_PUSKESMAS, "dokter_ap"),
    ("", ANCHOR_PUSKESMAS, "bidan_t"),
    ("", ANCHOR_PUSKESMAS, "perawat_t"),
    ("", ANCHOR_PUSKESMAS, "bidan_m"),
    ("", ANCHOR_PUSKESMAS, "nutrisionis"),
)
# Logins given to the head of a unit.
RESERVED_HEADS = {"atasan": ANCHOR_PUSKESMAS}
# The Sekretaris Daerah heads it: the top of every supervisor chain.
TOP_UNIT = "setda"


@dataclass
class PlannedEmployee:
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    grade: str
    position: str
    unit: str
    birth_place: str
    supervisor_nip: str | None = None
    login: str = ""


@dataclass
class Plan:
    employees: list[PlannedEmployee] = field(default_factory=list)
    # Unit code → the NIP of its head, for the units whose head was filled.
    heads: dict[str, str] = field(default_factory=dict)
    # Demo username → NIP.
    logins: dict[str, str] = field(default_factory=dict)


class _Planner:
    def __init__(self, *, seed: int):
        self.rng = random.Random(seed)
        self.names = NameMaker(self.rng, seed)
        self.used_nips: set[str] = set()
        self.units = {unit.code: unit for unit, _parent in walk(OPDS)}
        self.parent = {unit.code: parent.code if parent else None for unit, parent in walk(OPDS)}
        self.order = {code: index for index, code in enumerate(self.units)}

    # --- numbers -----------------------------------------------------------------

    def _birth_date(self, year: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def _serial(self, prefix: str) -> str:
        """The first free 3-digit serial; they stay small, as in real NIPs."""
        serial = self.rng.randint(1, 9)
        while f"{prefix}{serial:03d}" in self.used_nips:
            serial += 1
        number = f"{prefix}{serial:03d}"
        self.used_nips.add(number)
        return number

    def pns(self, spec: PositionSpec, *, sex_digit: str) -> tuple[str, str]:
        """A NIP and a grade that agree with each other, the post and the person's age."""
        rng = self.rng
        entry = PNS_GRADE_CODES.index(ENTRY_GRADE[spec.edu])
        low = max(PNS_GRADE_CODES.index(spec.pns[0]), entry)
        high = max(PNS_GRADE_CODES.index(spec.pns[1]), low)
        grade = rng.randint(low, high)
        # A regular promotion takes four years; a choice promotion a little less.
        min_service = max(1, 4 * (grade - entry) - 2, MIN_SERVICE_BY_KIND.get(spec.kind, 1))
        start_age = rng.randint(*START_AGE[spec.edu])
        service = min(rng.randint(min_service, min_service + 6), MAX_AGE - start_age)
        if service < min_service:
            start_age = max(18, MAX_AGE - min_service)
            service = min(min_service, MAX_AGE - start_age)
        # One more year than the minimum age: a birthday later in the year still gives MIN_AGE.
        service = max(service, MIN_AGE + 1 - start_age)
        start_year = REFERENCE_DATE.year - service
        birth = self._birth_date(start_year - start_age)
        month = rng.choice(CPNS_MONTHS)
        nip = self._serial(f"{birth:%Y%m%d}{start_year:04d}{month:02d}{sex_digit}")
        return nip, PNS_GRADE_CODES[grade]

    def pppk(self, spec: PositionSpec, *, sex_digit: str) -> tuple[str, str]:
        rng = self.rng
        year = rng.choice(PPPK_YEARS)
        years_since = REFERENCE_DATE.year - year
        # Many PPPK were long-serving honorary staff, so appointment ages run high.
        age_then = rng.randint(24, min(48, MAX_AGE - years_since))
        age_then = max(age_then, MIN_AGE + 1 - years_since)
        birth = self._birth_date(year - age_then)
        contract = 2 if year + PPPK_CONTRACT_YEARS <= REFERENCE_DATE.year else 1
        nip = self._serial(f"{birth:%Y%m%d}{year:04d}2{contract}{sex_digit}")
        return nip, rng.choice(spec.pppk)

    # --- people ------------------------------------------------------------------

    def person(self, unit: UnitSpec, position: str, *, pns_only: bool) -> PlannedEmployee:
        rng = self.rng
        spec = BY_KEY[position]
        female = rng.random() < spec.female
        sex_digit = "2" if female else "1"
        pppk = not pns_only and bool(spec.pppk) and rng.random() < spec.pppk_share
        nip, grade = self.pppk(spec, sex_digit=sex_digit) if pppk else self.pns(spec, sex_digit=sex_digit)
        name, birth_place = self.names.make(female=female)
        front, back = academic_titles(spec.title, unit.field, rng)
        return PlannedEmployee(
            nip=nip,
            name=name,
            front_title=front,
            back_title=back,
            employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
            grade=grade,
            position=position,
            unit=unit.code,
            birth_place=birth_place,
        )

    def draw_positions(self, unit: UnitSpec, count: int) -> list[str]:
        options = list(PROFILES[unit.profile]) + [(key, weight, None) for key, weight in unit.extra]
        taken: dict[str, int] = {}
        drawn = []
        for _index in range(count):
            open_options = [(key, weight) for key, weight, cap in options if cap is None or taken.get(key, 0) < cap]
            key = self.rng.choices([k for k, _w in open_options], weights=[w for _k, w in open_options])[0]
            taken[key] = taken.get(key, 0) + 1
            drawn.append(key)
        return drawn

    # --- structure -----------------------------------------------------------------

    def boss_of(self, code: str | None, heads: dict[str, str]) -> str | None:
        """The head of ``code`` or, when it has none, of the nearest unit above it, or the Sekda."""
        while code is not None:
            if code in heads:
                return heads[code]
            code = self.parent[code]
        return heads.get(TOP_UNIT)

    def plan(self, employees: int) -> Plan:
        if employees < MIN_EMPLOYEES:
            raise ValidationError(_("The demo regency needs at least %(min)d employees.") % {"min": MIN_EMPLOYEES})
        plan = Plan()
        head_units = sorted(self.units.values(), key=lambda u: (u.tier, self.order[u.code]))
        must = sum(1 for u in head_units if u.tier <= 1)
        staff_budget = employees - len(RESERVED_STAFF)
        head_count = min(len(head_units), max(must, round(employees * HEAD_SHARE)), staff_budget)

        for unit in head_units[:head_count]:
            person = self.person(unit, unit.head, pns_only=True)
            plan.heads[unit.code] = person.nip
            plan.employees.append(person)
        for login, code in RESERVED_HEADS.items():
            plan.logins[login] = plan.heads[code]

        staff = []
        for login, code, position in RESERVED_STAFF:
            person = self.person(self.units[code], position, pns_only=True)
            person.login = login
            if login:
                plan.logins[login] = person.nip
            staff.append(person)
        for unit, count in self.allocate(staff_budget - head_count):
            staff.extend(self.person(unit, key, pns_only=False) for key in self.draw_positions(unit, count))

        for person in plan.employees:
            # Sub-unit heads report to their OPD head, OPD heads to the Sekretaris Daerah.
            above = self.parent[person.unit] or TOP_UNIT
            person.supervisor_nip = None if person.unit == TOP_UNIT else self.boss_of(above, plan.heads)
        for person in staff:
            person.supervisor_nip = self.boss_of(person.unit, plan.heads)
        plan.employees.extend(staff)
        return plan

    def allocate(self, budget: int) -> list[tuple[UnitSpec, int]]:
        """Split ``budget`` over the staffed units by weight (largest remainder, stable)."""
        staffed = [unit for unit in self.units.values() if unit.profile and unit.weight > 0]
        total = sum(unit.weight for unit in staffed)
        quotas = [budget * unit.weight / total for unit in staffed]
        counts = [int(q) for q in quotas]
        by_remainder = sorted(range(len(staffed)), key=lambda i: (counts[i] - quotas[i], i))
        for i in by_remainder[: budget - sum(counts)]:
            counts[i] += 1
        return [(unit, count) for unit, count in zip(staffed, counts, strict=True) if count]


def plan_staff(*, employees: int, seed: int) -> Plan:
    """The employees of the demo regency for ``seed``: pure, no database access."""
    return _Planner(seed=seed).plan(employees)
