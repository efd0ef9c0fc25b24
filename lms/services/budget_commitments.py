"""Budget commitments: an offering's planned cost set aside against its OPD's budget.

Publishing commits (``budget_commit``), cancelling releases (``budget_commitment_release``),
and moving a published offering to another OPD or fiscal year moves the commitment
(``budget_commitment_follow``). The budget row is locked first, so two coordinators publishing
at once are checked one after the other: the second sees the first's commitment. Beyond the
remaining budget publishing is refused with the shortfall, unless an administrator overrides
it with a reason, stored on the commitment.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit
from lms.choices import OfferingStatus
from lms.models import Budget, BudgetCommitment, Offering, OfferingCost
from lms.selectors.budget import budget_usage_get
from lms.services.budget import COMMITMENT_FIELDS, recorded_actor
from lms.services.catalog import actor_access
from lms.templatetags.lms_budget import rupiah_text

# --- Commitments -------------------------------------------------------------------------


def offering_planned_total(offering: Offering) -> int:
    return sum(OfferingCost.objects.filter(offering=offering).values_list("planned_amount", flat=True))


def _lock_budget(offering: Offering) -> Budget | None:
    """The budget ``offering`` draws on, locked: the one row every publish of that OPD and year waits on."""
    return (
        Budget.objects.select_for_update(of=("self",))
        .select_related("org_unit")
        .filter(org_unit_id=offering.owner_unit.opd_id, fiscal_year=offering.start_date.year)
        .first()
    )


def _no_budget(offering: Offering, amount: int) -> ValidationError:
    opd = OrgUnit.objects.get(pk=offering.owner_unit.opd_id)
    return ValidationError(
        _(
            "%(opd)s has no training budget for %(year)d, and %(code)s costs %(amount)s: "
            "HR sets the budget before an offering with costs is published."
        )
        % {"opd": opd.name, "year": offering.start_date.year, "code": offering.code, "amount": rupiah_text(amount)},
        code="no_budget",
    )


def _room(budget: Budget, amount: int, *, exclude_offering: int | None = None) -> tuple[int, int]:
    """What is left of ``budget`` (read after locking it) and how much ``amount`` lacks (0 if it fits)."""
    usage = budget_usage_get(budget=budget)
    used = sum(m.used for m in usage.offerings if m.offering_id != exclude_offering)
    remaining = budget.amount - used
    return remaining, max(0, amount - remaining)


def _short_message(offering: Offering, budget: Budget, amount: int, remaining: int, shortfall: int) -> str:
    return _(
        "%(code)s needs %(amount)s, but the %(year)d budget of %(opd)s has %(remaining)s left: %(shortfall)s short."
    ) % {
        "code": offering.code,
        "amount": rupiah_text(amount),
        "year": budget.fiscal_year,
        "opd": budget.org_unit.name,
        "remaining": rupiah_text(remaining),
        "shortfall": rupiah_text(shortfall),
    }


@transaction.atomic
def budget_commit(*, actor, offering: Offering, override_reason: str = "") -> BudgetCommitment | None:
    """Commit the planned cost of ``offering`` (locked by the caller, being published). None when it costs nothing.

    Call inside the publishing transaction, after locking the offering: the budget row is locked
    here, so concurrent publishes against one budget are checked one after the other.
    """
    amount = offering_planned_total(offering)
    if amount <= 0:
        return None
    budget = _lock_budget(offering)
    if budget is None:
        raise _no_budget(offering, amount)
    remaining, shortfall = _room(budget, amount, exclude_offering=offering.pk)
    override_reason = (override_reason or "").strip()
    if shortfall:
        message = _short_message(offering, budget, amount, remaining, shortfall)
        if not actor_access(actor).is_admin:
            raise ValidationError(message, code="over_budget")
        if not override_reason:
            raise ValidationError(
                [
                    ValidationError(message, code="over_budget"),
                    ValidationError(_("To publish it anyway, give the reason for going over the budget.")),
                ]
            )
    commitment = BudgetCommitment(
        offering=offering,
        budget=budget,
        amount=amount,
        shortfall=shortfall,
        # Within the budget there is nothing to override: a reason given anyway is not stored.
        override_reason=override_reason[:500] if shortfall else "",
        committed_by=recorded_actor(actor),
        committed_at=timezone.now(),
    )
    reason = (
        _("Published over the budget (%(shortfall)s short): %(reason)s")
        % {
            "shortfall": rupiah_text(shortfall),
            "reason": override_reason,
        }
        if shortfall
        else ""
    )
    return model_create(instance=commitment, fields=COMMITMENT_FIELDS, actor=actor, reason=reason)


@transaction.atomic
def budget_commitment_release(*, actor, offering: Offering, reason: str = "") -> BudgetCommitment | None:
    """Release the live commitment of ``offering`` (locked by the caller, being cancelled), keeping the row."""
    commitment = BudgetCommitment.objects.filter(offering=offering, released_at__isnull=True).first()
    if commitment is None:
        return None
    commitment, _changes = model_update(
        instance=commitment, fields=["released_at"], data={"released_at": timezone.now()}, actor=actor, reason=reason
    )
    return commitment


@transaction.atomic
def budget_commitment_follow(*, actor, offering: Offering) -> BudgetCommitment | None:
    """After ``offering`` (locked) moved to another OPD or fiscal year, move its live commitment there.

    The new budget is locked and checked as publishing checks it; there is no override here:
    an administrator who must go over the budget cancels and publishes again with a reason.
    """
    if offering.status == OfferingStatus.DRAFT:
        return None
    commitment = (
        BudgetCommitment.objects.select_related("budget").filter(offering=offering, released_at__isnull=True).first()
    )
    if commitment is None:
        return None
    target = (offering.owner_unit.opd_id, offering.start_date.year)
    if (commitment.budget.org_unit_id, commitment.budget.fiscal_year) == target:
        return commitment
    budget = _lock_budget(offering)
    if budget is None:
        raise _no_budget(offering, commitment.amount)
    remaining, shortfall = _room(budget, commitment.amount, exclude_offering=offering.pk)
    if shortfall:
        raise ValidationError(_short_message(offering, budget, commitment.amount, remaining, shortfall))
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.budget = budget
    commitment.shortfall = 0
    commitment.override_reason = ""
    commitment.full_clean()
    commitment.save(update_fields=["budget", "shortfall", "override_reason"])
    audit_record(
        obj=commitment,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes=diff(before, snapshot(commitment, COMMITMENT_FIELDS)),
        reason=_("The offering moved to %(budget)s.") % {"budget": str(budget)},
    )
    return commitment
