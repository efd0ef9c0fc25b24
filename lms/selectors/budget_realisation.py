"""Budget realisation: each OPD's budget for a year against what draws on it, and one OPD's detail.

The figures (committed, spent, used, remaining) are defined in ``lms.selectors.budget``.
"""

from dataclasses import dataclass

from django.http import Http404

from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.models import Budget, BudgetRevision
from lms.selectors.budget import (
    BudgetUsage,
    budget_find,
    budget_revision_list,
    can_manage_budgets,
    opds_visible,
    require_money,
    usage_by_budget_key,
)

# --- Realisation -----------------------------------------------------------------------


@dataclass
class Realisation:
    """One OPD's budget for a year against what draws on it."""

    opd: OrgUnit
    year: int
    budget: Budget | None
    usage: BudgetUsage

    @property
    def amount(self) -> int | None:
        return self.budget.amount if self.budget is not None else None

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget.amount - self.usage.used

    @property
    def realised_pct(self) -> float | None:
        """Spent as a share of the budget (the realisasi anggaran HR reports)."""
        if not self.budget or not self.budget.amount:
            return None
        return round(self.usage.spent * 100 / self.budget.amount, 1)

    @property
    def overdrawn(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def budget_realisation_list(*, access: Access, year: int) -> list[Realisation]:
    """Every OPD ``access`` reads, with its budget for ``year`` (if set) and its usage. Three queries:
    the OPDs, their budgets of the year, their offerings' money."""
    require_money(access)
    opds = list(opds_visible(access))
    budgets = {
        b.org_unit_id: b
        for b in Budget.objects.filter(fiscal_year=year, org_unit__in=[o.pk for o in opds]).select_related("org_unit")
    }
    usage = usage_by_budget_key(opd_paths=[o.path for o in opds], years=[year])
    rows = [
        Realisation(opd=o, year=year, budget=budgets.get(o.pk), usage=usage.get((o.pk, year), BudgetUsage()))
        for o in opds
    ]
    # Budgets first (largest first), then OPDs spending without one, then the rest by name.
    return sorted(rows, key=lambda r: (r.budget is None, -(r.amount or 0), -r.usage.used, r.opd.name))


@dataclass
class BudgetDetail:
    realisation: Realisation
    revisions: list[BudgetRevision]
    can_manage: bool

    @property
    def opd(self) -> OrgUnit:
        return self.realisation.opd

    @property
    def year(self) -> int:
        return self.realisation.year

    @property
    def budget(self) -> Budget | None:
        return self.realisation.budget


def budget_opd_get(*, access: Access, pk) -> OrgUnit:
    """An OPD whose money ``access`` reads (403 without a money role, else 404 outside the scope)."""
    require_money(access)
    try:
        return opds_visible(access).get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def budget_detail_get(*, access: Access, opd_pk, year: int) -> BudgetDetail:
    """One OPD's budget for ``year``: its revisions and every offering that draws on it."""
    opd = budget_opd_get(access=access, pk=opd_pk)
    budget = budget_find(opd_id=opd.pk, year=year)
    usage = usage_by_budget_key(opd_paths=[opd.path], years=[year]).get((opd.pk, year), BudgetUsage())
    return BudgetDetail(
        realisation=Realisation(opd=opd, year=year, budget=budget, usage=usage),
        revisions=list(budget_revision_list(budget=budget)) if budget is not None else [],
        can_manage=can_manage_budgets(access),
    )


def budget_overdrawn_list(*, access: Access, year: int) -> list[Realisation]:
    """The budgets of ``year`` in ``access``'s scope that are more than used up (a cut left offerings unfunded)."""
    return [row for row in budget_realisation_list(access=access, year=year) if row.overdrawn]
