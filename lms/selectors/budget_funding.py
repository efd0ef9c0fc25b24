"""What a budget still funds after a cut, and what to keep: the funding part of the training-needs plan.

For one OPD and fiscal year (``lms.selectors.budget`` defines the money):

- **Sunk**: what offerings that have started (running, finished) or were cancelled use of the
  budget: spent or committed, it cannot be taken back. **Free** = budget − sunk.
- **Candidates**: offerings not yet started — published ones (their commitment, or what they
  have spent if more) and drafts with planned costs (their planned total).
- **Joined**: a candidate's enrolments, seat holders then the waitlist (in the order they
  asked). They are real people: they take its seats first, up to its capacity, whatever their
  need. Only the seats left are filled as the plan would fill them: first with employees with a
  gap its course answers (the plan's rows: not already covered by an offering outside the
  candidates), then with employees below the yearly JP target, furthest below first; someone
  who joined another candidate of the same course is counted there, not here.
- **Need served** by an offering, counted in employees, one seat at a time: an employee with a
  gap its course answers counts 1; anyone else the JP it covers for them (the course's JP, capped
  at their deficit) divided by the yearly target (20 JP), so bringing one employee from 0 to the
  target is worth as much as reaching one gap. One seat serves at most one employee, so an
  offering serves at most its capacity.
- **Keep list**: greedily, the candidate serving the most need per rupiah among those that
  still fit in what is free, its need counted after the ones kept before it (two offerings of
  one course share the same employees); until nothing else fits. On equal need per rupiah the
  one more people joined is kept (then the earlier one). The rest is **not funded**, listed by
  need per rupiah: a published offering there has lost its funding to the cut, a draft cannot
  be funded.

The trade-off: counting who joined rather than who would best fill the seats keeps an offering
people signed up for when they need it, and ranks it lower when they do not; dropping an
offering with enrolments means telling those employees, which the panel shows beside the rank.

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
from lms.choices import SEAT_STATUSES, EnrollmentStatus, OfferingStatus
from lms.models import Budget, Enrollment, JpLedgerEntry
from lms.rules import JP_MINUTES
from lms.selectors.budget import BudgetUsage, OfferingMoney, budget_find, can_see_budget_of, usage_by_budget_key
from lms.selectors.jp import jp_target_minutes

MILLION = Decimal(1_000_000)
COVERED = "covered"


@dataclass
class FundingCandidate:
    money: OfferingMoney
    cost: int
    # Employees who joined it: seat holders, then the waitlist.
    joined: list[int] = field(default_factory=list)
    enrolled: int = 0
    waitlisted: int = 0
    gap_reached: int = 0
    jp_minutes_covered: int = 0
    need_points: Decimal = Decimal("0.00")
    kept: bool = False
    # Order in which the keep list took it (1 first); 0 when not kept.
    rank: int = 0
    # Need served per Rp 1 million when it was taken (or, if left out, when last weighed).
    per_million: Decimal | None = None

    @property
    def published(self) -> bool:
        return self.money.status == OfferingStatus.PUBLISHED

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
        """The offerings left out, most need per rupiah first (as the keep list would have taken them)."""
        left_out = (c for c in self.candidates if not c.kept)
        return sorted(left_out, key=lambda c: (c.per_million is None, -(c.per_million or 0), c.money.code))

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


def _weigh(candidate: FundingCandidate, pools, deficits, joined_course: dict[int, set[int]]) -> list[int]:
    """Fill the candidate's seats (see the module's rule) and set what it serves; returns who takes them."""
    money = candidate.money
    target = jp_target_minutes()
    seats = candidate.joined[: money.capacity]
    if len(seats) < money.capacity:
        # The seats nobody joined yet, filled as the plan would: someone who joined another
        # offering of the course is counted there.
        taken = set(seats) | joined_course.get(money.course_id, set())
        gap_people = sorted(
            (e for e in pools.get(money.course_id, ()) if e not in taken), key=lambda e: (-deficits.get(e, 0), e)
        )
        seats += gap_people[: money.capacity - len(seats)]
    if len(seats) < money.capacity:
        taken = set(seats) | joined_course.get(money.course_id, set())
        others = sorted((e for e, d in deficits.items() if d > 0 and e not in taken), key=lambda e: (-deficits[e], e))
        seats += others[: money.capacity - len(seats)]
    gaps = pools.get(money.course_id, set())
    candidate.gap_reached = sum(1 for e in seats if e in gaps)
    covered = {e: min(money.course_minutes, deficits.get(e, 0)) for e in seats}
    candidate.jp_minutes_covered = sum(covered.values())
    need = sum(
        (Decimal(1) if e in gaps else min(Decimal(1), Decimal(covered[e]) / Decimal(target)) for e in seats),
        Decimal(0),
    )
    candidate.need_points = need.quantize(Decimal("0.01"))
    if candidate.cost > 0:
        candidate.per_million = (candidate.need_points * MILLION / candidate.cost).quantize(Decimal("0.01"))
    return seats


def _keep(candidates: list[FundingCandidate], free: int, pools, deficits) -> None:
    joined_course: dict[int, set[int]] = {}
    for candidate in candidates:
        joined_course.setdefault(candidate.money.course_id, set()).update(candidate.joined)
    left, rank, pending = free, 0, list(candidates)
    while pending:
        for candidate in pending:
            others = {
                course: people - set(candidate.joined) if course == candidate.money.course_id else people
                for course, people in joined_course.items()
            }
            _weigh(candidate, pools, deficits, others)
        fitting = [c for c in pending if c.cost <= left]
        if not fitting:
            break
        # Costless first (they use nothing), then most need per rupiah; ties: the one more people
        # joined, then the earlier offering.
        best = max(
            fitting,
            key=lambda c: (
                c.cost == 0,
                c.need_points / c.cost if c.cost else 0,
                c.enrolled + c.waitlisted,
                -c.money.start_date.toordinal(),
                c.money.code,
            ),
        )
        others = {
            course: people - set(best.joined) if course == best.money.course_id else people
            for course, people in joined_course.items()
        }
        seats = _weigh(best, pools, deficits, others)
        rank += 1
        best.kept, best.rank = True, rank
        left -= best.cost
        pending.remove(best)
        # Whoever it seats no longer needs another offering of the course, and has this JP.
        pools[best.money.course_id] = pools.get(best.money.course_id, set()) - set(seats)
        for employee in seats:
            if employee in deficits:
                deficits[employee] = max(0, deficits[employee] - best.money.course_minutes)


def _attach_joined(candidates: list[FundingCandidate]) -> None:
    """Each candidate's enrolments: seat holders, then the waitlist in the order they asked (one query)."""
    by_offering = {c.money.offering_id: c for c in candidates}
    rows = (
        Enrollment.objects.filter(
            offering_id__in=list(by_offering), status__in=[*SEAT_STATUSES, EnrollmentStatus.WAITLISTED]
        )
        .order_by("offering_id", "requested_at", "pk")
        .values_list("offering_id", "employee_id", "status")
    )
    waiting: dict[int, list[int]] = {}
    for offering_id, employee_id, status in rows:
        candidate = by_offering[offering_id]
        if status == EnrollmentStatus.WAITLISTED:
            candidate.waitlisted += 1
            waiting.setdefault(offering_id, []).append(employee_id)
        else:
            candidate.enrolled += 1
            candidate.joined.append(employee_id)
    for offering_id, people in waiting.items():
        by_offering[offering_id].joined.extend(people)


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
    _attach_joined(candidates)
    pools = _gap_pools(rows, {c.money.code for c in candidates})
    deficits = _deficits(access, audience, year)
    _keep(candidates, max(funding.free, 0), pools, deficits)
    return funding
