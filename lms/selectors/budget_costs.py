"""Cost lines of offerings: the list the API pages through, and one offering's costs with its commitment.

Who reads them: HR and administrators every offering's; a coordinator those of the offerings
they manage (``lms.selectors.budget.offering_money_visible``); nobody else (403). The budget an
offering draws on is shown beside its costs only to those who read that budget.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.access import can_manage_offering
from lms.choices import OfferingStatus
from lms.models import Budget, BudgetCommitment, CostKind, Offering, OfferingCost
from lms.selectors.budget import (
    budget_find,
    budget_usage_get,
    can_see_budget_of,
    offering_money_visible,
    require_money,
)


def kind_order() -> Case:
    """Cost lines in the order the form offers their kinds (``CostKind``), not by their codes."""
    return Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(CostKind.values)),
        default=Value(len(CostKind.values)),
        output_field=IntegerField(),
    )


def offering_cost_list(*, access: Access) -> QuerySet[OfferingCost]:
    """Cost lines of the offerings whose costs ``access`` reads, with their offering and its unit."""
    return (
        OfferingCost.objects.filter(offering_money_visible(access, prefix="offering__"))
        .select_related("offering__owner_unit")
        .order_by("-offering__start_date", "offering__code", kind_order(), "pk")
    )


def offering_cost_get(*, access: Access, pk) -> OfferingCost:
    try:
        return offering_cost_list(access=access).get(pk=pk)
    except (OfferingCost.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offering_cost_managed_get(*, access: Access, pk) -> OfferingCost:
    """A line of an offering ``access`` manages (for writes): HR reads but does not write (404)."""
    line = offering_cost_get(access=access, pk=pk)
    if not can_manage_offering(access, line.offering):
        raise Http404
    return line


def offering_costed_get(*, access: Access, pk) -> Offering:
    """An offering whose costs ``access`` reads (403 without a money role, else 404)."""
    require_money(access)
    try:
        return (
            Offering.objects.filter(offering_money_visible(access))
            .select_related("course", "owner_unit__parent")
            .get(pk=pk)
        )
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class OfferingCosts:
    offering: Offering
    lines: list[OfferingCost]
    commitment: BudgetCommitment | None
    # The budget it draws on, when the caller reads it (else None, as when none is set).
    budget: Budget | None
    sees_budget: bool
    remaining: int | None
    can_edit: bool

    @property
    def planned(self) -> int:
        return sum(line.planned_amount for line in self.lines)

    @property
    def actual(self) -> int:
        return sum(line.actual_amount for line in self.lines if line.actual_amount is not None)

    @property
    def unrecorded(self) -> int:
        return sum(1 for line in self.lines if line.actual_amount is None)

    @property
    def any_recorded(self) -> bool:
        """Whether any actual amount is recorded (else the actual total is unknown, not Rp 0)."""
        return self.unrecorded < len(self.lines)

    @property
    def plan_editable(self) -> bool:
        return self.can_edit and self.offering.status == OfferingStatus.DRAFT

    @property
    def actual_editable(self) -> bool:
        return self.can_edit and self.offering.status != OfferingStatus.DRAFT

    @property
    def fits(self) -> bool | None:
        """Whether the planned total fits in what is left (for a draft, before publishing)."""
        if self.remaining is None:
            return None
        return self.planned <= self.remaining

    @property
    def short(self) -> int:
        """How much the planned total lacks in what is left (0 when it fits, or with no budget read),
        as publishing would refuse it."""
        if self.remaining is None:
            return 0
        return max(0, self.planned - self.remaining)


def offering_costs_get(*, access: Access, pk) -> OfferingCosts:
    """One offering's cost lines, commitment, and the budget it draws on with what is left of it."""
    offering = offering_costed_get(access=access, pk=pk)
    lines = list(OfferingCost.objects.filter(offering=offering).order_by(kind_order(), "pk"))
    commitment = (
        BudgetCommitment.objects.filter(offering=offering).select_related("budget__org_unit", "committed_by").first()
    )
    unit = offering.owner_unit
    if unit.parent_id is None:
        opd = unit
    elif unit.parent.pk == unit.opd_id:
        opd = unit.parent
    else:
        # A unit deeper in the tree: its OPD read by id.
        opd = OrgUnit.objects.get(pk=unit.opd_id)
    sees_budget = can_see_budget_of(access, opd)
    budget = budget_find(opd_id=opd.pk, year=offering.start_date.year) if sees_budget else None
    remaining = None
    if budget is not None:
        remaining = budget.amount - budget_usage_get(budget=budget).used
    return OfferingCosts(
        offering=offering,
        lines=lines,
        commitment=commitment,
        budget=budget,
        sees_budget=sees_budget,
        remaining=remaining,
        can_edit=can_manage_offering(access, offering),
    )
