"""The training budget: what each OPD may spend on competency development in a fiscal year,
how that changed, what each offering costs, and what publishing it committed.

Amounts are whole rupiah in a ``BigIntegerField``: the rupiah has no subunit in circulation,
APBD lines for training are set in whole rupiah, and integers stay exact on SQLite and
PostgreSQL alike (a regency's whole APBD, around 10^12, is far below the 9·10^18 limit).
Ratios derived from them (cost per JP, per participant) are computed as ``Decimal`` and shown
rounded to the rupiah.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.people.models import OrgUnit
from lms.models.schedule import Offering

RUPIAH_MIN = [MinValueValidator(0)]


class RevisionKind(models.TextChoices):
    INITIAL = "initial", _("Initial budget (APBD)")
    APBD_P = "apbd_p", _("Budget amendment (APBD-P)")
    REFOCUSING = "refocusing", _("Refocusing")
    OTHER = "other", _("Other")


class CostKind(models.TextChoices):
    TRAINER_HONORARIUM = "trainer_honorarium", _("Trainer honorarium")
    VENUE = "venue", _("Venue")
    CONSUMPTION = "consumption", _("Consumption")
    MATERIALS = "materials", _("Materials")
    PROVIDER_FEE = "provider_fee", _("Fee to an external provider")
    PARTICIPANT_FEE = "participant_fee", _("Per-participant fee")


class Budget(models.Model):
    """An OPD's competency-development budget for one fiscal year; ``amount`` is the latest revision's."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="training_budgets", verbose_name=_("OPD")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.BigIntegerField(_("amount (Rp)"), validators=RUPIAH_MIN)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training budget")
        verbose_name_plural = _("training budgets")
        ordering = ["-fiscal_year", "org_unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "fiscal_year"], name="budget_unique_unit_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100), name="budget_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.org_unit.name} · {self.fiscal_year}"


class BudgetRevision(models.Model):
    """One change of a budget (the first one sets it): when it was decided, why, from what, to what, by whom."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("budget"))
    kind = models.CharField(_("reason"), max_length=12, choices=RevisionKind.choices)
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Empty for the initial budget: nothing came before it.
    old_amount = models.BigIntegerField(_("old amount (Rp)"), null=True, blank=True, validators=RUPIAH_MIN)
    new_amount = models.BigIntegerField(_("new amount (Rp)"), validators=RUPIAH_MIN)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("budget revision")
        verbose_name_plural = _("budget revisions")
        ordering = ["budget", "decided_on", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(new_amount__gte=0), name="budget_revision_new_not_negative"),
            models.CheckConstraint(
                condition=Q(old_amount__isnull=True) | Q(old_amount__gte=0), name="budget_revision_old_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(kind=RevisionKind.INITIAL) & Q(old_amount__isnull=True))
                | (~Q(kind=RevisionKind.INITIAL) & Q(old_amount__isnull=False)),
                name="budget_revision_old_amount_unless_initial",
            ),
            models.CheckConstraint(
                condition=~Q(kind=RevisionKind.OTHER) | ~Q(note=""), name="budget_revision_other_has_note"
            ),
            models.CheckConstraint(condition=Q(kind__in=RevisionKind.values), name="budget_revision_kind_valid"),
            models.UniqueConstraint(
                fields=["budget"], condition=Q(kind=RevisionKind.INITIAL), name="budget_revision_one_initial"
            ),
        ]

    def __str__(self):
        return f"{self.budget} · {self.get_kind_display()} · {self.decided_on:%Y-%m-%d}"


class OfferingCost(models.Model):
    """A cost line of an offering, written as the RAB writes it: quantity × unit price = planned amount.

    Planned amounts are set while the offering is a draft (publishing commits their sum); the
    actual amount is recorded once it is published, and stays empty until it is known.
    """

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="costs", verbose_name=_("offering"))
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    # What one of ``quantity`` is: JP, orang, orang-hari, paket, hari.
    unit = models.CharField(pgettext_lazy("unit of measure", "unit"), max_length=30, blank=True)
    unit_price = models.BigIntegerField(_("unit price (Rp)"), validators=RUPIAH_MIN)
    planned_amount = models.BigIntegerField(_("planned (Rp)"), validators=RUPIAH_MIN, editable=False)
    actual_amount = models.BigIntegerField(_("actual (Rp)"), null=True, blank=True, validators=RUPIAH_MIN)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("offering cost")
        verbose_name_plural = _("offering costs")
        ordering = ["offering", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="offering_cost_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="offering_cost_price_not_negative"),
            models.CheckConstraint(
                condition=Q(planned_amount=F("quantity") * F("unit_price")), name="offering_cost_planned_is_product"
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="offering_cost_actual_not_negative",
            ),
            models.CheckConstraint(condition=Q(kind__in=CostKind.values), name="offering_cost_kind_valid"),
        ]
        indexes = [models.Index(fields=["offering", "kind"], name="offering_cost_offering_idx")]

    def __str__(self):
        return f"{self.offering.code} · {self.get_kind_display()}"

    @property
    def unplanned(self) -> bool:
        """Nothing was planned for it: a cost recorded after publishing (priced at 0 × 0)."""
        return self.planned_amount == 0 and self.unit_price == 0


class BudgetCommitment(models.Model):
    """The planned cost of an offering set aside from its OPD's budget when it was published.

    ``shortfall`` is how much the budget lacked then (0 within the budget); only an
    administrator's recorded reason lets it be above 0. Cancelling releases the commitment
    (``released_at``): the row stays, as its history.
    """

    offering = models.OneToOneField(
        Offering, on_delete=models.CASCADE, related_name="commitment", verbose_name=_("offering")
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("budget"))
    amount = models.BigIntegerField(_("amount (Rp)"), validators=RUPIAH_MIN)
    shortfall = models.BigIntegerField(_("shortfall when committed (Rp)"), default=0, validators=RUPIAH_MIN)
    override_reason = models.CharField(_("override reason"), max_length=500, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("committed by"),
    )
    committed_at = models.DateTimeField(_("committed at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")
        ordering = ["budget", "committed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="commitment_amount_not_negative"),
            models.CheckConstraint(condition=Q(shortfall__gte=0), name="commitment_shortfall_not_negative"),
            models.CheckConstraint(
                condition=Q(shortfall=0) | ~Q(override_reason=""), name="commitment_over_budget_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["budget", "released_at"], name="commitment_budget_live_idx")]

    def __str__(self):
        return f"{self.offering.code} · {self.budget}"

    @property
    def is_live(self) -> bool:
        return self.released_at is None
