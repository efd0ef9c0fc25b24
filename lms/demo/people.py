"""What the lms demo reads of the people and appraisal demos: staff, units, logins and scores.

Read once, in a fixed order (employees by NIP, units by code, periods by date), so that the
plan drawn from it depends on the seed and not on database ids. The scores are kept per
employee and quarter, for the need of a request (its gap on a course's target indicators in
the latest quarter that had ended when it was made, as ``lms.selectors.need`` reads it).
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from backend.appraisal.models import Indicator, Period, Score
from backend.people.choices import EmploymentType, Role
from backend.people.demo.positions import POSITIONS
from backend.people.models import Employee, OrgUnit, RoleAssignment

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Person:
    pk: int
    nip: str
    name: str
    unit_id: int
    opd: str
    position: str
    pns: bool
    supervisor_id: int | None
    user_id: int | None


@dataclass
class Regency:
    people: list[Person]
    by_pk: dict[int, Person]
    # Unit code → (pk, name, kind); OPD code → its employees' pks.
    units: dict[str, tuple[int, str, str]]
    staff_of_opd: dict[str, list[int]]
    by_position: dict[str, list[int]]
    # Demo username → user id; coordinators' user ids by the code of the unit they coordinate.
    users: dict[str, int]
    coordinators: dict[str, int]
    # Quarter ends, oldest first, and per employee per quarter {indicator id: achievement}.
    quarter_ends: list[datetime.date] = field(default_factory=list)
    scores: dict[int, list[dict[int, Decimal]]] = field(default_factory=dict)
    # Per quarter: indicator id → employees below target on it.
    below: list[dict[int, list[int]]] = field(default_factory=list)
    # IKI template key → indicator ids (one per OPD); indicator id → name.
    indicators_of: dict[str, list[int]] = field(default_factory=dict)
    indicator_names: dict[int, str] = field(default_factory=dict)
    # Employees carrying each indicator in the latest year.
    holders: dict[int, list[int]] = field(default_factory=dict)

    def quarter_before(self, moment: datetime.date) -> int | None:
        """Index of the latest quarter that had ended before ``moment``."""
        index = bisect.bisect_left(self.quarter_ends, moment) - 1
        return index if index >= 0 else None

    def need_items(self, employee_id: int, targets: dict[int, Decimal], moment: datetime.date):
        """(indicator name, achievement, weight) of each target indicator below target, weakest first."""
        quarter = self.quarter_before(moment)
        if quarter is None:
            return []
        scored = self.scores.get(employee_id)
        if not scored:
            return []
        items = [
            (self.indicator_names[indicator_id], achievement, targets[indicator_id])
            for indicator_id, achievement in scored[quarter].items()
            if indicator_id in targets and achievement < HUNDRED
        ]
        return sorted(items, key=lambda item: (item[1], item[0]))


def _opd_codes() -> dict[int, tuple[str, str]]:
    units = {row["pk"]: row for row in OrgUnit.objects.values("pk", "code", "name", "kind", "path")}
    return {pk: (units[int(row["path"].strip("/").split("/")[0])]["code"], row["code"]) for pk, row in units.items()}


def read_regency() -> Regency:
    units = {row[1]: (row[0], row[2], row[3]) for row in OrgUnit.objects.values_list("pk", "code", "name", "kind")}
    opd_of = _opd_codes()
    key_by_name = {spec.name: spec.key for spec in POSITIONS}
    rows = Employee.objects.filter(is_active=True).order_by("nip")
    people = [
        Person(
            pk=row[0],
            nip=row[1],
            name=row[2],
            unit_id=row[3],
            opd=opd_of[row[3]][0],
            position=key_by_name.get(row[4], ""),
            pns=row[5] == EmploymentType.PNS,
            supervisor_id=row[6],
            user_id=row[7],
        )
        for row in rows.values_list(
            "pk", "nip", "name", "unit_id", "position__name", "employment_type", "supervisor_id", "user_id"
        )
    ]
    staff_of_opd, by_position = defaultdict(list), defaultdict(list)
    for person in people:
        staff_of_opd[person.opd].append(person.pk)
        by_position[person.position].append(person.pk)
    users = dict(get_user_model().objects.filter(employee__isnull=False).values_list("username", "pk"))
    coordinators = {}
    for code, user_id in (
        RoleAssignment.objects.filter(role=Role.COORDINATOR, org_unit__isnull=False)
        .order_by("org_unit__code", "user__username")
        .values_list("org_unit__code", "user_id")
    ):
        coordinators.setdefault(code, user_id)
    regency = Regency(
        people=people,
        by_pk={p.pk: p for p in people},
        units=units,
        staff_of_opd=dict(staff_of_opd),
        by_position=dict(by_position),
        users=users,
        coordinators=coordinators,
    )
    _read_scores(regency)
    return regency


def _read_scores(regency: Regency) -> None:
    periods = list(Period.objects.filter(kind="quarterly").order_by("end_date").values_list("pk", "end_date"))
    index = {pk: i for i, (pk, _end) in enumerate(periods)}
    regency.quarter_ends = [end for _pk, end in periods]
    regency.below = [defaultdict(list) for _ in periods]
    indicators = Indicator.objects.values_list("pk", "code", "name", "org_unit__code")
    for pk, code, name, unit_code in indicators:
        key = code.removeprefix(f"{unit_code}-") if unit_code else code
        regency.indicators_of.setdefault(key, []).append(pk)
        regency.indicator_names[pk] = name
    last = len(periods) - 1
    holders = defaultdict(set)
    scores: dict[int, list[dict[int, Decimal]]] = {}
    for employee_id, indicator_id, period_id, achievement in Score.objects.filter(
        period_id__in=list(index)
    ).values_list("employee_id", "indicator_id", "period_id", "achievement"):
        quarter = index[period_id]
        per_quarter = scores.get(employee_id)
        if per_quarter is None:
            per_quarter = scores[employee_id] = [{} for _ in periods]
        per_quarter[quarter][indicator_id] = achievement
        if achievement < HUNDRED:
            regency.below[quarter][indicator_id].append(employee_id)
        if quarter >= last - 3:
            holders[indicator_id].add(employee_id)
    regency.scores = scores
    regency.holders = {pk: sorted(ids) for pk, ids in holders.items()}
    for per_indicator in regency.below:
        for ids in per_indicator.values():
            ids.sort()
