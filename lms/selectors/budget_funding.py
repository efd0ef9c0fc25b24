"""What a budget still funds after a cut, and what to keep: the funding part of the training-needs plan.

For one OPD and fiscal year (``lms.selectors.budget`` defines the money):

- **Sunk**: what offerings that have started (running, finished) or were cancelled use of the
  budget: spent or committed, it cannot be taken back. **Free** = budget − sunk.
- **Candidates**: offerings not yet started — published ones (their commitment, or what they
  have spent if more) and drafts with planned costs (their planned total).
- **Need served** by an offering, counted in employees. Its seats go first to employees with a
  gap its course answers (the plan's rows: not already covered by an offering outside the
  candidates), then to employees below the yearly JP target, furthest below first. It serves
  one point per employee with a gap reached, plus the JP it covers (per seat the course's JP,
  capped at that employee's deficit) divided by the yearly target (20 JP): bringing one
  employee from 0 to the target is worth as much as reaching one employee's gap.
- **Keep list**: greedily, the candidate serving the most need per rupiah among those that
  still fit in what is free, its need counted after the ones kept before it (two offerings of
  one course share the same employees); until nothing else fits. The rest is **not funded**:
  a published offering there has lost its funding to the cut, a draft cannot be funded.

Whose needs: an OPD's offerings serve its own employees; the competency agency's (BKPSDM)
serve the whole regency, so its plan is the regency's (everyone the caller sees).
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import BigIntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from backend.people.access import Access, employee_visibility
from backend.people.choices import EmploymentType
from backend.people.models import Employee, OrgUnit
from lms.choices import OfferingStatus
from lms.models import Budget, JpLedgerEntry
from lms.rules import JP_MINUTES
from lms.selectors.budget import BudgetUsage, OfferingMoney, budget_find, can_see_budget_of, usage_by_budget_key
from lms.selectors.jp import jp_target_minutes

MILLION = Decimal(1_000_000)
COVERED = "covered"


@dataclass
class FundingCandidate:
    money: OfferingMoney
    cost: int
    gap_reached: int = 0
    jp_minutes_covered: int = 0
    kept: bool = False
    # Order in which the keep list took it (1 first); 0 when not kept.
    rank: int = 0
    # Need served per Rp 1 juta when it was taken (or, if left out, when last weighed).
    per_million: Decimal | None = None

    @property
    def published(self) -> bool:
        return self.money.status == OfferingStatus.PUBLISHED

    @property
    def need_points(self) -> Decimal:
        target = jp_target_minutes()
        return (Decimal(self.gap_reached) + Decimal(self.jp_minutes_covered) / Decimal(target)).quantize(
            Decimal("0.01")
        )

    @property
    def jp_covered(self) -> Decimal:
        return (Decimal(self.jp_minutes_covered) / JP_MINUTES).quantize(Decimal("0.1"))

    @property
    def unfunded(self) -> bool:
        """A published offering the budget no longer covers."""
        return self.published and not self.kept


@dataclass
class BudgetFunding:
    opd: OrgUnit
    year: int
    budget: Budget | None
    usage: BudgetUsage
    sunk: int
    candidates: list[FundingCandidate] = field(default_factory=list)

    @property
    def amount(self) -> int | None:
        return self.budget.amount if self.budget is not None else None

    @property
    def free(self) -> int | None:
        return None if self.budget is None else self.budget.amount - self.sunk

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget.amount - self.usage.used

    @property
    def kept(self) -> list[FundingCandidate]:
        return sorted((c for c in self.candidates if c.kept), key=lambda c: c.rank)

    @property
    def dropped(self) -> list[FundingCandidate]:
        return [c for c in self.candidates if not c.kept]

    @property
    def ordered(self) -> list[FundingCandidate]:
        """The keep list in its order, then the offerings left out."""
        return [*self.kept, *self.dropped]

    @property
    def unfunded(self) -> list[FundingCandidate]:
        return [c for c in self.candidates if c.unfunded]

    @property
    def kept_cost(self) -> int:
        return sum(c.cost for c in self.candidates if c.kept)

    @property
    def shortfall(self) -> int:
        """How far the commitments of offerings not yet started exceed what is free (0 when funded)."""
        if self.budget is None:
            return 0
        committed = sum(c.cost for c in self.candidates if c.published)
        return max(0, committed - max(self.free, 0))


def _deficits(access: Access, audience: OrgUnit | None, year: int) -> dict[int, int]:
    """JP minutes still missing this year per active PNS of the audience (one query).

    A coordinator's audience is the subtree they coordinate, as in the plan: not also their own
    record or the team they supervise elsewhere.
    """
    if not access.sees_all_employees:
        access = replace(access, employee_id=None, employee_unit_id=None, has_subordinates=False)
    earned = (
        JpLedgerEntry.objects.filter(employee=OuterRef("pk"), year=year)
        .order_by()
        .values("employee")
        .annotate(total=Sum("minutes"))
        .values("total")[:1]
    )
    people = Employee.objects.filter(employee_visibility(access), is_active=True, employment_type=EmploymentType.PNS)
    if audience is not None:
        people = people.filter(unit__path__startswith=audience.path)
    target = jp_target_minutes()
    rows = people.annotate(earned=Coalesce(Subquery(earned, output_field=BigIntegerField()), 0)).values_list(
        "pk", "earned"
    )
    return {pk: target - earned for pk, earned in rows if earned < target}


def _gap_pools(rows, candidate_codes: set[str]) -> dict[int, set[int]]:
    """Per course: employees with a gap it answers who still need it (not covered outside the candidates)."""
    pools: dict[int, set[int]] = {}
    for row in rows:
        needing = {h.employee_id for h in row.holders if h.cover != COVERED or h.offering_code in candidate_codes}
        for course in row.courses:
            pools.setdefault(course.id, set()).update(needing)
    return pools


def _weigh(candidate: FundingCandidate, pools, deficits) -> list[int]:
    """Fill the candidate's seats (see the module's rule) and set what it serves; returns who takes them."""
    money = candidate.money
    gap_people = sorted(pools.get(money.course_id, ()), key=lambda e: (-deficits.get(e, 0), e))
    seats = gap_people[: money.capacity]
    if len(seats) < money.capacity:
        taken = set(seats)
        others = sorted((e for e, d in deficits.items() if d > 0 and e not in taken), key=lambda e: (-deficits[e], e))
        seats += others[: money.capacity - len(seats)]
    candidate.gap_reached = min(len(gap_people), money.capacity)
    candidate.jp_minutes_covered = sum(min(money.course_minutes, deficits.get(e, 0)) for e in seats)
    if candidate.cost > 0:
        candidate.per_million = (candidate.need_points * MILLION / candidate.cost).quantize(Decimal("0.01"))
    return seats


def _keep(candidates: list[FundingCandidate], free: int, pools, deficits) -> None:
    left, rank, pending = free, 0, list(candidates)
    while pending:
        for candidate in pending:
            _weigh(candidate, pools, deficits)
        fitting = [c for c in pending if c.cost <= left]
        if not fitting:
            break
        # Costless first (they use nothing), then most need per rupiah; ties: the earlier offering.
        best = max(
            fitting,
            key=lambda c: (
                c.cost == 0,
                c.need_points / c.cost if c.cost else 0,
                -c.money.start_date.toordinal(),
                c.money.code,
            ),
        )
        seats = _weigh(best, pools, deficits)
        rank += 1
        best.kept, best.rank = True, rank
        left -= best.cost
        pending.remove(best)
        # Whoever it seats no longer needs another offering of the course, and has this JP.
        pools[best.money.course_id] = pools.get(best.money.course_id, set()) - set(seats)
        for employee in seats:
            if employee in deficits:
                deficits[employee] = max(0, deficits[employee] - best.money.course_minutes)


def budget_funding_get(*, access: Access, year: int, opd: OrgUnit, rows, regency_rows=None) -> BudgetFunding | None:
    """The funding of ``opd``'s budget for ``year``, or None when ``access`` does not read it.

    ``rows`` are the training-needs plan's rows for ``opd``; ``regency_rows`` (a callable giving
    the plan's rows for everyone ``access`` sees) are asked for only when ``opd`` is the
    competency agency, whose offerings serve the whole regency.
    """
    if opd.parent_id is not None or not can_see_budget_of(access, opd):
        return None
    budget = budget_find(opd_id=opd.pk, year=year)
    usage = usage_by_budget_key(opd_paths=[opd.path], years=[year]).get((opd.pk, year), BudgetUsage())
    candidates = []
    sunk = 0
    for money in usage.offerings:
        if money.status == OfferingStatus.PUBLISHED or (money.is_draft and money.planned > 0):
            candidates.append(FundingCandidate(money=money, cost=money.used if not money.is_draft else money.planned))
        else:
            sunk += money.used
    funding = BudgetFunding(opd=opd, year=year, budget=budget, usage=usage, sunk=sunk, candidates=candidates)
    if budget is None or not candidates:
        return funding
    audience = None if opd.is_competency_agency else opd
    if audience is None and regency_rows is not None:
        rows = regency_rows()
    pools = _gap_pools(rows, {c.money.code for c in candidates})
    deficits = _deficits(access, audience, year)
    _keep(candidates, max(funding.free, 0), pools, deficits)
    return funding
