"""Training budgets: set and revise them, cost an offering, commit its cost when it is published.

- HR and administrators set an OPD's budget for a fiscal year and record every revision
  (APBD-P, refocusing, …) with its date, reason, old and new amount and who recorded it.
- An offering's coordinators write its cost lines: planned amounts while it is a draft,
  actual amounts once it is published (the planned ones are then committed and fixed).
- Publishing commits the planned total against the budget of the offering's OPD and fiscal
  year (``lms.services.budget_commitments``; ``lms.selectors.budget`` defines both and what
  "remaining" is). The budget row is locked first, so two coordinators publishing at once are
  checked one after the other: the second sees the first's commitment. Beyond the remaining
  budget publishing is refused with the shortfall, unless an administrator overrides it with a
  reason, stored on the commitment.
- Cancelling releases the commitment (the row stays, with when it was released); moving a
  published offering to another OPD or fiscal year moves its commitment, checked again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit
from lms.access import can_manage_offering
from lms.choices import OfferingStatus
from lms.models import Budget, BudgetRevision, Offering, OfferingCost, RevisionKind
from lms.selectors.budget import can_manage_budgets
from lms.services.catalog import actor_access, require

BUDGET_FIELDS = ["org_unit", "fiscal_year", "amount"]
REVISION_FIELDS = ["budget", "kind", "decided_on", "note", "old_amount", "new_amount", "actor"]
COST_FIELDS = ["offering", "kind", "description", "quantity", "unit", "unit_price", "planned_amount", "actual_amount"]
COMMITMENT_FIELDS = ["offering", "budget", "amount", "shortfall", "override_reason", "committed_by", "released_at"]
# What may change on a line, and when: the plan while a draft, the actual amount afterwards.
PLAN_FIELDS = ("kind", "description", "quantity", "unit", "unit_price")


def _require_budgets(actor) -> None:
    require(can_manage_budgets(actor_access(actor)), _("Only HR and administrators set training budgets."))


def recorded_actor(actor):
    """The user to name on a revision or commitment (none for the system, e.g. the demo seed)."""
    return actor if actor is not None and actor.is_authenticated else None


# --- Budgets -----------------------------------------------------------------------------


def _check_after_latest(budget: Budget, decided_on: datetime.date) -> None:
    # The history is read in decision order and the amount is the latest decision's: a revision
    # dated before the last one would rewrite the past while passing for the present.
    latest = BudgetRevision.objects.filter(budget=budget).order_by("-decided_on", "-at", "-pk").first()
    if latest is not None and decided_on < latest.decided_on:
        raise ValidationError(
            {
                "decided_on": _("A revision is decided on or after the budget's latest decision (%(kind)s, %(date)s).")
                % {"kind": latest.get_kind_display(), "date": date_format(latest.decided_on, "j F Y")}
            }
        )


def _check_decided(decided_on: datetime.date, fiscal_year: int) -> None:
    # The APBD of a year is adopted the year before; amendments and refocusing happen within it.
    if decided_on.year not in (fiscal_year - 1, fiscal_year):
        raise ValidationError(
            {
                "decided_on": _("A decision on the %(year)d budget is taken in %(before)d or %(year)d.")
                % {"year": fiscal_year, "before": fiscal_year - 1}
            }
        )


@transaction.atomic
def budget_create(
    *, actor, org_unit: OrgUnit, fiscal_year: int, amount: int, decided_on: datetime.date, note: str = ""
) -> Budget:
    """An OPD's budget for a fiscal year, with its initial revision (the APBD as adopted)."""
    _require_budgets(actor)
    _check_decided(decided_on, fiscal_year)
    if org_unit.parent_id is not None:
        raise ValidationError(
            {"org_unit": _("Budgets belong to an OPD; %(unit)s is part of one.") % {"unit": org_unit.label}}
        )
    if Budget.objects.filter(org_unit=org_unit, fiscal_year=fiscal_year).exists():
        raise ValidationError(
            {
                "fiscal_year": _("%(opd)s already has a budget for %(year)d: record a revision instead.")
                % {"opd": org_unit.name, "year": fiscal_year}
            }
        )
    budget = model_create(
        instance=Budget(org_unit=org_unit, fiscal_year=fiscal_year, amount=amount),
        fields=BUDGET_FIELDS,
        actor=actor,
        reason=note,
    )
    model_create(
        instance=BudgetRevision(
            budget=budget,
            kind=RevisionKind.INITIAL,
            decided_on=decided_on,
            note=note,
            old_amount=None,
            new_amount=amount,
            actor=recorded_actor(actor),
        ),
        fields=REVISION_FIELDS,
        actor=actor,
    )
    return budget


@transaction.atomic
def budget_revise(
    *, actor, budget: Budget, new_amount: int, kind: str, decided_on: datetime.date, note: str = ""
) -> Budget:
    """Change a budget's amount, recording why (APBD-P, refocusing, …), when it was decided and by whom.

    It is decided on or after the latest revision (the initial one included), so the history reads
    in decision order and the amount is always the latest decision's. A cut below what is already
    used is accepted (the decision is the DPRD's, not ours): the training-needs plan then shows
    which offerings it leaves unfunded.
    """
    _require_budgets(actor)
    if kind == RevisionKind.INITIAL:
        raise ValidationError({"kind": _("A budget has one initial amount; a change is a revision.")})
    budget = Budget.objects.select_for_update().select_related("org_unit").get(pk=budget.pk)
    if new_amount == budget.amount:
        raise ValidationError({"new_amount": _("The amount is unchanged: there is nothing to revise.")})
    _check_decided(decided_on, budget.fiscal_year)
    _check_after_latest(budget, decided_on)
    old_amount = budget.amount
    revision = BudgetRevision(
        budget=budget,
        kind=kind,
        decided_on=decided_on,
        note=note,
        old_amount=old_amount,
        new_amount=new_amount,
        actor=recorded_actor(actor),
    )
    model_create(instance=revision, fields=REVISION_FIELDS, actor=actor, reason=note)
    reason = f"{revision.get_kind_display()}: {note}" if note else str(revision.get_kind_display())
    budget, _changes = model_update(
        instance=budget, fields=["amount"], data={"amount": new_amount}, actor=actor, reason=reason
    )
    return budget


# --- Cost lines --------------------------------------------------------------------------


def _require_offering(actor, offering: Offering) -> None:
    require(
        can_manage_offering(actor_access(actor), offering),
        _("Only coordinators of %(unit)s cost its offerings.") % {"unit": offering.owner_unit.name},
    )


def _lock_offering(offering: Offering) -> Offering:
    return Offering.objects.select_for_update(of=("self",)).select_related("owner_unit").get(pk=offering.pk)


def _check_line(offering: Offering, *, planned_changed: bool, actual_given: bool) -> None:
    if offering.status == OfferingStatus.DRAFT:
        if actual_given:
            raise ValidationError(
                {"actual_amount": _("Nothing is spent on a draft: record actual amounts once it is published.")}
            )
    elif planned_changed:
        raise ValidationError(
            _("%(code)s is published: its planned costs were committed against the budget and stay as they were.")
            % {"code": offering.code}
        )


@transaction.atomic
def offering_cost_create(
    *,
    actor,
    offering: Offering,
    kind: str,
    quantity: int = 1,
    unit_price: int = 0,
    unit: str = "",
    description: str = "",
    actual_amount: int | None = None,
) -> OfferingCost:
    """A cost line. On a draft: a planned line (quantity × unit price). Once published: an unplanned
    cost, with its actual amount and nothing planned (the commitment is not changed after the fact)."""
    _require_offering(actor, offering)
    offering = _lock_offering(offering)
    planned = quantity * unit_price
    if offering.status != OfferingStatus.DRAFT:
        if actual_amount is None:
            raise ValidationError({"actual_amount": _("Give the amount that was actually spent.")})
        if planned:
            raise ValidationError(
                {
                    "unit_price": _(
                        "%(code)s is published: a new line records an unplanned cost, with no planned amount."
                    )
                    % {"code": offering.code}
                }
            )
    _check_line(offering, planned_changed=False, actual_given=actual_amount is not None)
    line = OfferingCost(
        offering=offering,
        kind=kind,
        description=description,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        planned_amount=planned,
        actual_amount=actual_amount,
    )
    return model_create(instance=line, fields=COST_FIELDS, actor=actor)


@transaction.atomic
def offering_cost_update(*, actor, cost: OfferingCost, **changes) -> OfferingCost:
    """Change a line: its plan while the offering is a draft, its actual amount once published."""
    offering = _lock_offering(cost.offering)
    _require_offering(actor, offering)
    unknown = set(changes) - {*PLAN_FIELDS, "actual_amount"}
    if unknown:
        raise TypeError(f"unexpected fields for OfferingCost: {sorted(unknown)}")
    planned_changed = any(name in changes and changes[name] != getattr(cost, name) for name in PLAN_FIELDS)
    actual_changed = "actual_amount" in changes and changes["actual_amount"] != cost.actual_amount
    _check_line(offering, planned_changed=planned_changed, actual_given=actual_changed)

    def price(line: OfferingCost) -> None:
        if line.quantity is not None and line.unit_price is not None:
            line.planned_amount = line.quantity * line.unit_price

    cost, _changes = model_update(
        instance=cost,
        fields=[*PLAN_FIELDS, "planned_amount", "actual_amount"],
        data=changes,
        actor=actor,
        before_clean=price,
    )
    return cost


@transaction.atomic
def offering_cost_delete(*, actor, cost: OfferingCost) -> None:
    """Remove a line of a draft (a published offering's lines are part of its commitment)."""
    offering = _lock_offering(cost.offering)
    _require_offering(actor, offering)
    if offering.status != OfferingStatus.DRAFT:
        raise ValidationError(
            _("%(code)s is published: its cost lines stay; record an actual amount of 0 for one that was not spent.")
            % {"code": offering.code}
        )
    audit_record(
        obj=cost,
        action=AuditEntry.Action.DELETE,
        actor=actor,
        changes={name: [value, None] for name, value in snapshot(cost, COST_FIELDS).items()},
    )
    cost.delete()
