"""Training budgets and what draws on them: commitments, costs, usage per OPD and year.

Definitions (the pages, the API, the exports and the publish check all read them from here):

- An offering draws on the budget of its owning unit's **OPD** (the top of the unit's tree)
  for the **fiscal year** its start date falls in.
- **Committed**: the sum of the live commitments (published, running or finished offerings;
  cancelling releases a commitment). A commitment is the planned cost when it was published.
- **Spent**: the sum of the actual amounts recorded on cost lines, whatever the offering's state
  (a cancelled offering may have paid a deposit).
- **Used**: per offering, what it takes from the budget. A finished offering whose every line has
  its actual amount recorded is *settled*: it uses what it actually cost, and money it did not
  spend returns to the budget. Any other offering uses the larger of its commitment and what it
  has spent so far (an overrun counts as soon as it is recorded; an underspend only once
  settled). A draft uses nothing: its planned costs are shown apart, as not yet committed.
- **Remaining** = budget − used. Publishing needs the offering's planned cost to fit in it.

Who sees money: HR, administrators and BKPSDM coordinators every OPD's; a coordinator the budgets
of the OPDs they coordinate (the OPD itself, not a unit inside it) and the costs of the offerings
they manage; nobody else (403). An OPD or a budget outside one's scope is a 404.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.access import offerings_managed
from lms.choices import OfferingStatus
from lms.models import Budget, BudgetRevision, Offering, OfferingCost
from lms.selectors.ledger import OPD_PATH_LENGTH

# Offerings whose commitment stands (cancelling releases it; a draft has none yet).
COMMITTED_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING, OfferingStatus.FINISHED)


# --- Who sees and changes money ------------------------------------------------------


def can_see_money(access: Access) -> bool:
    return access.is_admin or access.is_hr or access.is_coordinator


def can_manage_budgets(access: Access) -> bool:
    """Setting and revising budgets is HR's and the administrators' (the budget is decided elsewhere)."""
    return access.is_admin or access.is_hr


def require_money(access: Access) -> None:
    if not can_see_money(access):
        raise PermissionDenied


def budgets_visible(access: Access, *, prefix: str = "") -> Q:
    """A filter on ``Budget`` (or through ``prefix``) for the budgets ``access`` reads."""
    if access.is_admin or access.sees_all_employees:
        return Q(**{f"{prefix}pk__isnull": False})
    visible = Q(**{f"{prefix}pk__in": []})
    if access.is_coordinator:
        for path in access.coordinated_paths:
            visible |= Q(**{f"{prefix}org_unit__path__startswith": path})
    return visible


def can_see_budget_of(access: Access, opd: OrgUnit) -> bool:
    """Whether ``access`` reads the budget of ``opd`` (no query)."""
    if access.is_admin or access.sees_all_employees:
        return True
    return access.is_coordinator and any(opd.path.startswith(path) for path in access.coordinated_paths)


def opds_visible(access: Access) -> QuerySet[OrgUnit]:
    """The OPDs whose budget ``access`` reads, by name."""
    opds = OrgUnit.objects.filter(parent__isnull=True).order_by("name")
    if access.is_admin or access.sees_all_employees:
        return opds
    if not access.is_coordinator:
        return opds.none()
    scope = Q(pk__in=[])
    for path in access.coordinated_paths:
        scope |= Q(path__startswith=path)
    return opds.filter(scope)


def offering_money_visible(access: Access, *, prefix: str = "") -> Q:
    """A filter on ``Offering`` (or through ``prefix``) for the offerings whose costs ``access`` reads."""
    if access.is_admin or access.is_hr:
        return Q(**{f"{prefix}pk__isnull": False})
    if access.is_coordinator:
        return offerings_managed(access, prefix=prefix)
    return Q(**{f"{prefix}pk__in": []})


def opd_path_of(unit: OrgUnit) -> str:
    return unit.path[:OPD_PATH_LENGTH]


# --- What each offering takes ----------------------------------------------------------


@dataclass(frozen=True)
class OfferingMoney:
    """An offering's money: its plan, commitment and actual spending, and what it takes from the budget."""

    offering_id: int
    code: str
    status: str
    start_date: object
    opd_id: int
    course_id: int
    course_title: str
    course_minutes: int
    capacity: int
    planned: int
    actual: int
    lines: int
    unrecorded: int
    # The live commitment's amount, or None (draft, cancelled, or published without costs).
    committed: int | None
    commitment_shortfall: int = 0
    override_reason: str = ""

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def settled(self) -> bool:
        return self.status == OfferingStatus.FINISHED and self.lines > 0 and self.unrecorded == 0

    @property
    def used(self) -> int:
        if self.settled:
            return self.actual
        if self.status == OfferingStatus.DRAFT:
            return 0
        return max(self.committed or 0, self.actual)

    @property
    def is_draft(self) -> bool:
        return self.status == OfferingStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(OfferingStatus(self.status).label)


def _line_sum(field_name: str, **filters) -> Coalesce:
    total = (
        OfferingCost.objects.filter(offering=OuterRef("pk"), **filters)
        .order_by()
        .values("offering")
        .annotate(total=Sum(field_name))
        .values("total")[:1]
    )
    return Coalesce(Subquery(total, output_field=BigIntegerField()), 0)


def _line_count(**filters) -> Coalesce:
    counted = (
        OfferingCost.objects.filter(offering=OuterRef("pk"), **filters)
        .order_by()
        .values("offering")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=BigIntegerField()), 0)


def offering_money_queryset(offerings: QuerySet[Offering]) -> QuerySet:
    """``offerings`` as rows of ``OfferingMoney`` fields (one query; sums as subqueries, the commitment joined)."""
    return (
        offerings.annotate(
            opd_path=Substr("owner_unit__path", 1, OPD_PATH_LENGTH),
            planned_total=_line_sum("planned_amount"),
            actual_total=_line_sum("actual_amount", actual_amount__isnull=False),
            line_count=_line_count(),
            unrecorded_count=_line_count(actual_amount__isnull=True),
        )
        .order_by("start_date", "code")
        .values_list(
            "pk",
            "code",
            "status",
            "start_date",
            "opd_path",
            "course_id",
            "course__title",
            "course__duration_minutes",
            "capacity",
            "planned_total",
            "actual_total",
            "line_count",
            "unrecorded_count",
            "commitment__amount",
            "commitment__released_at",
            "commitment__shortfall",
            "commitment__override_reason",
        )
    )


def _money_rows(rows) -> list[OfferingMoney]:
    result = []
    for (
        pk,
        code,
        status,
        start,
        opd_path,
        course_id,
        title,
        minutes,
        capacity,
        planned,
        actual,
        lines,
        unrecorded,
        amount,
        released_at,
        shortfall,
        reason,
    ) in rows:
        live = amount is not None and released_at is None
        result.append(
            OfferingMoney(
                offering_id=pk,
                code=code,
                status=status,
                start_date=start,
                opd_id=int(opd_path.strip("/")),
                course_id=course_id,
                course_title=title,
                course_minutes=minutes,
                capacity=capacity,
                planned=planned,
                actual=actual,
                lines=lines,
                unrecorded=unrecorded,
                committed=amount if live else None,
                commitment_shortfall=(shortfall or 0) if live else 0,
                override_reason=(reason or "") if live else "",
            )
        )
    return result


def offering_money_list(*, opd_paths, years) -> list[OfferingMoney]:
    """The money of every offering of the given OPDs (by path) that starts in one of ``years`` (one query)."""
    opd_paths, years = sorted(set(opd_paths)), sorted(set(years))
    if not opd_paths or not years:
        return []
    offerings = Offering.objects.annotate(opd_of=Substr("owner_unit__path", 1, OPD_PATH_LENGTH)).filter(
        opd_of__in=opd_paths, start_date__year__in=years
    )
    return _money_rows(offering_money_queryset(offerings))


@dataclass
class BudgetUsage:
    committed: int = 0
    spent: int = 0
    used: int = 0
    # Planned costs of drafts: not committed yet, shown so that HR sees what is coming.
    drafts_planned: int = 0
    offerings: list[OfferingMoney] = field(default_factory=list)

    def add(self, money: OfferingMoney) -> None:
        self.offerings.append(money)
        self.committed += money.committed or 0
        self.spent += money.actual
        self.used += money.used
        if money.is_draft:
            self.drafts_planned += money.planned


def usage_by_budget_key(*, opd_paths, years) -> dict[tuple[int, int], BudgetUsage]:
    """Usage per (OPD id, fiscal year) of the given OPDs and years (one query)."""
    usage: dict[tuple[int, int], BudgetUsage] = {}
    for money in offering_money_list(opd_paths=opd_paths, years=years):
        usage.setdefault((money.opd_id, money.year), BudgetUsage()).add(money)
    return usage


def budget_usage_get(*, budget: Budget) -> BudgetUsage:
    """What draws on ``budget`` now (the publish check reads it after locking the budget row)."""
    usage = usage_by_budget_key(opd_paths=[budget.org_unit.path], years=[budget.fiscal_year])
    return usage.get((budget.org_unit_id, budget.fiscal_year), BudgetUsage())


def budget_usage_attach(budgets: list[Budget]) -> list[Budget]:
    """Set ``usage`` and ``remaining`` on each of ``budgets`` (one query for all of them)."""
    usage = usage_by_budget_key(opd_paths=[b.org_unit.path for b in budgets], years=[b.fiscal_year for b in budgets])
    for budget in budgets:
        budget.usage = usage.get((budget.org_unit_id, budget.fiscal_year), BudgetUsage())
        budget.remaining = budget.amount - budget.usage.used
    return budgets


# --- Budgets ---------------------------------------------------------------------------


def budget_list(*, access: Access) -> QuerySet[Budget]:
    """The budgets ``access`` reads, with their OPD, newest year first."""
    return (
        Budget.objects.filter(budgets_visible(access))
        .select_related("org_unit")
        .order_by("-fiscal_year", "org_unit__name", "pk")
    )


def budget_get(*, access: Access, pk) -> Budget:
    try:
        return budget_list(access=access).get(pk=pk)
    except (Budget.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def budget_revision_list(*, budget: Budget) -> QuerySet[BudgetRevision]:
    return BudgetRevision.objects.filter(budget=budget).select_related("actor").order_by("decided_on", "at", "pk")


def budget_find(*, opd_id: int, year: int) -> Budget | None:
    return Budget.objects.select_related("org_unit").filter(org_unit_id=opd_id, fiscal_year=year).first()
