"""Budgets, cost lines and commitments in bulk: the demo and imports of earlier years' books.

The same rules as one row at a time (``lms.services.budget``), checked for the whole batch
before anything is written: budgets only for OPDs, one per OPD and year, with their initial
revision; cost lines priced as quantity × unit price; a commitment for each published,
running or finished offering with costs (released for a cancelled one), against the budget of
its OPD and start year, and, taken in the order they were made, never beyond that budget.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from backend.people.models import OrgUnit
from lms.access import offerings_managed
from lms.choices import OfferingStatus
from lms.models import Budget, BudgetCommitment, BudgetRevision, Offering, OfferingCost, RevisionKind
from lms.selectors.budget import can_manage_budgets
from lms.services.budget import BUDGET_FIELDS, COMMITMENT_FIELDS, COST_FIELDS, REVISION_FIELDS
from lms.services.bulk.common import BATCH_SIZE, actor_access, raise_row_errors, record_created, require
from lms.templatetags.lms_budget import rupiah_text


@dataclass(frozen=True)
class BudgetRow:
    org_unit_id: int
    fiscal_year: int
    amount: int
    decided_on: datetime.date
    note: str = ""


@dataclass(frozen=True)
class CostRow:
    offering_id: int
    kind: str
    quantity: int
    unit_price: int
    unit: str = ""
    description: str = ""
    actual_amount: int | None = None


@dataclass(frozen=True)
class CommitmentRow:
    offering_id: int
    committed_at: datetime.datetime
    committed_by_id: int | None = None
    # Set for a cancelled offering: when its commitment was released.
    released_at: datetime.datetime | None = None


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def budget_bulk_create(*, actor, rows: Iterable[BudgetRow]) -> list[Budget]:
    """Budgets with their initial revision (the APBD as adopted on ``decided_on``)."""
    require(can_manage_budgets(actor_access(actor)), _("Only HR and administrators set training budgets."))
    rows = list(rows)
    units = OrgUnit.objects.in_bulk({r.org_unit_id for r in rows})
    existing = set(Budget.objects.filter(org_unit_id__in=list(units)).values_list("org_unit_id", "fiscal_year"))
    errors, seen, budgets = {}, set(), []
    for n, row in enumerate(rows):
        unit = units.get(row.org_unit_id)
        key = (row.org_unit_id, row.fiscal_year)
        if unit is None or unit.parent_id is not None:
            errors[f"row {n}"] = [_("Budgets belong to an OPD.")]
        elif key in existing or key in seen:
            errors[f"row {n}"] = [
                _("%(opd)s already has a budget for %(year)d.") % {"opd": unit.name, "year": row.fiscal_year}
            ]
        seen.add(key)
        budget = Budget(org_unit_id=row.org_unit_id, fiscal_year=row.fiscal_year, amount=row.amount)
        try:
            budget.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors[f"row {n}"] = exc.messages
        budgets.append(budget)
    raise_row_errors(errors)
    Budget.objects.bulk_create(budgets, batch_size=BATCH_SIZE)
    revisions = [
        BudgetRevision(
            budget=budget,
            kind=RevisionKind.INITIAL,
            decided_on=row.decided_on,
            note=row.note,
            old_amount=None,
            new_amount=row.amount,
            actor=_user(actor),
        )
        for budget, row in zip(budgets, rows, strict=True)
    ]
    BudgetRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    record_created(budgets, actor=actor, fields=BUDGET_FIELDS)
    record_created(revisions, actor=actor, fields=REVISION_FIELDS)
    return budgets


@transaction.atomic
def offering_cost_bulk_create(*, actor, rows: Iterable[CostRow]) -> int:
    """Cost lines of offerings the actor manages: planned as quantity × unit price; actual only once published."""
    rows = list(rows)
    offering_ids = {r.offering_id for r in rows}
    access = actor_access(actor)
    offerings = Offering.objects.filter(offerings_managed(access)).in_bulk(offering_ids)
    require(len(offerings) == len(offering_ids), _("Only coordinators of an offering's unit cost it."))
    errors, lines = {}, []
    for n, row in enumerate(rows):
        offering = offerings[row.offering_id]
        if row.actual_amount is not None and offering.status == OfferingStatus.DRAFT:
            errors[f"row {n}"] = [_("Nothing is spent on a draft: record actual amounts once it is published.")]
        line = OfferingCost(
            offering_id=row.offering_id,
            kind=row.kind,
            description=row.description,
            quantity=row.quantity,
            unit=row.unit,
            unit_price=row.unit_price,
            planned_amount=row.quantity * row.unit_price,
            actual_amount=row.actual_amount,
        )
        try:
            line.full_clean(exclude=["offering"], validate_constraints=False)
        except ValidationError as exc:
            errors[f"row {n}"] = exc.messages
        lines.append(line)
    raise_row_errors(errors)
    OfferingCost.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    record_created(lines, actor=actor, fields=COST_FIELDS)
    return len(lines)


@transaction.atomic
def budget_commitment_bulk_create(*, actor, rows: Iterable[CommitmentRow]) -> list[BudgetCommitment]:
    """Commitments of offerings already published (or since cancelled), of their planned totals.

    Taken in the order they were made, the commitments against one budget never exceed its
    amount: a batch that would is refused, naming the first offering that does not fit.
    """
    require(can_manage_budgets(actor_access(actor)), _("Only HR and administrators load commitments in bulk."))
    rows = sorted(rows, key=lambda r: (r.committed_at, r.offering_id))
    offerings = Offering.objects.select_related("owner_unit").in_bulk({r.offering_id for r in rows})
    planned = dict(
        OfferingCost.objects.filter(offering_id__in=list(offerings))
        .values("offering_id")
        .annotate(total=Sum("planned_amount"))
        .values_list("offering_id", "total")
    )
    keys = {(o.owner_unit.opd_id, o.start_date.year) for o in offerings.values()}
    budgets = {
        (b.org_unit_id, b.fiscal_year): b
        for b in Budget.objects.select_related("org_unit").filter(
            org_unit_id__in={k[0] for k in keys}, fiscal_year__in={k[1] for k in keys}
        )
    }
    # Per budget: the commitments made so far, as (amount, released at); one released before a
    # later one was made no longer counted then.
    made: dict[int, list[tuple[int, datetime.datetime | None]]] = defaultdict(list)
    errors, commitments = {}, []
    for row in rows:
        offering = offerings.get(row.offering_id)
        amount = planned.get(row.offering_id, 0)
        if offering is None or not amount:
            errors[f"offering {row.offering_id}"] = [_("Unknown offering, or one without costs.")]
            continue
        expected = OfferingStatus.CANCELLED if row.released_at else None
        if offering.status == OfferingStatus.DRAFT or (expected and offering.status != expected):
            errors[offering.code] = [_("Only published offerings hold a commitment, and only cancelled ones released.")]
            continue
        budget = budgets.get((offering.owner_unit.opd_id, offering.start_date.year))
        if budget is None:
            errors[offering.code] = [_("Its OPD has no budget for %(year)d.") % {"year": offering.start_date.year}]
            continue
        used = sum(a for a, released in made[budget.pk] if released is None or released > row.committed_at)
        if used + amount > budget.amount:
            errors[offering.code] = [
                _("%(amount)s does not fit in what is left of %(budget)s (%(left)s).")
                % {"amount": rupiah_text(amount), "budget": str(budget), "left": rupiah_text(budget.amount - used)}
            ]
            continue
        made[budget.pk].append((amount, row.released_at))
        commitments.append(
            BudgetCommitment(
                offering=offering,
                budget=budget,
                amount=amount,
                committed_by_id=row.committed_by_id,
                committed_at=row.committed_at,
                released_at=row.released_at,
            )
        )
    raise_row_errors(errors)
    BudgetCommitment.objects.bulk_create(commitments, batch_size=BATCH_SIZE)
    record_created(commitments, actor=actor, fields=COMMITMENT_FIELDS)
    return commitments
