"""Serializers of the budget API: budgets and their revisions, cost lines, cost-effectiveness.

Amounts are whole rupiah as integers (the rupiah has no subunit in use).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from backend.common.fields import IdField
from backend.people.api.serializers import OrgUnitRefOutput
from lms.models import BudgetRevision, CostKind, OfferingCost, RevisionKind
from lms.selectors.cost_effectiveness import CostGroup, PointStatus

RUPIAH_MAX = 10**15


def rupiah_field(**kwargs) -> serializers.IntegerField:
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_value", RUPIAH_MAX)
    return serializers.IntegerField(**kwargs)


# --- Budgets ---------------------------------------------------------------------------


class BudgetRevisionOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = BudgetRevision
        fields = ["id", "kind", "kind_label", "decided_on", "note", "old_amount", "new_amount", "actor", "at"]


class BudgetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    org_unit = OrgUnitRefOutput(help_text=_("The OPD."))
    fiscal_year = serializers.IntegerField()
    amount = serializers.IntegerField(help_text=_("The budget now (its latest revision), in rupiah."))
    committed = serializers.IntegerField(
        source="usage.committed", help_text=_("Live commitments of published, running and finished offerings.")
    )
    spent = serializers.IntegerField(source="usage.spent", help_text=_("Actual amounts recorded."))
    used = serializers.IntegerField(
        source="usage.used",
        help_text=_("Per offering: its actual cost once finished and fully recorded, else max(commitment, spent)."),
    )
    remaining = serializers.IntegerField(help_text=_("amount − used; negative after a cut below what is used."))
    drafts_planned = serializers.IntegerField(
        source="usage.drafts_planned", help_text=_("Planned costs of drafts, not committed yet.")
    )
    updated_at = serializers.DateTimeField()


class BudgetDetailOutput(BudgetOutput):
    revisions = BudgetRevisionOutput(many=True, source="revision_list")


class BudgetInput(serializers.Serializer):
    org_unit = IdField(help_text=_("The OPD (a top-level unit)."))
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    amount = rupiah_field()
    decided_on = serializers.DateField(help_text=_("When the APBD was adopted."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BudgetRevisionInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k, label) for k, label in RevisionKind.choices if k != RevisionKind.INITIAL]
    )
    new_amount = rupiah_field()
    decided_on = serializers.DateField()
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("Required for kind “other”.")
    )


# --- Cost lines ------------------------------------------------------------------------


class OfferingCostOutput(serializers.ModelSerializer):
    offering_code = serializers.CharField(source="offering.code", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OfferingCost
        fields = [
            "id",
            "offering",
            "offering_code",
            "kind",
            "kind_label",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "planned_amount",
            "actual_amount",
            "updated_at",
        ]


class OfferingCostUpdateInput(serializers.Serializer):
    """The plan (quantity × unit price) while the offering is a draft; the actual amount once published."""

    kind = serializers.ChoiceField(choices=CostKind.choices)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True)
    unit_price = rupiah_field(required=False)
    actual_amount = rupiah_field(required=False, allow_null=True)


class OfferingCostInput(OfferingCostUpdateInput):
    offering = IdField()


class PublishInput(serializers.Serializer):
    override_reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Administrators only: why the offering is published although its cost exceeds the remaining budget."
        ),
    )


# --- Cost-effectiveness ----------------------------------------------------------------


class CostEffectivenessQueryInput(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=CostGroup.CHOICES, default=CostGroup.COURSE, required=False)
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Fiscal year the offerings started in; all if left out."),
    )
    # DRF's own: the renderer asked for in the query.
    ALSO_ACCEPTED = frozenset({"format"})

    def validate(self, attrs):
        # A misspelt parameter (``group`` for ``group_by``) would otherwise give the default
        # grouping, which looks like an answer.
        unknown = sorted(set(self.initial_data) - set(self.fields) - self.ALSO_ACCEPTED)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown parameter; this endpoint takes group_by and year.")] for name in unknown}
            )
        return attrs


class CostPerPointOutput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(k, str(v)) for k, v in PointStatus.LABELS.items()],
        help_text=_(
            "measured; not_enough_data (below the minimum n); not_determinable (no improvement clearly above 0)."
        ),
    )
    reason = serializers.CharField()
    cost_per_point = serializers.IntegerField(source="value", allow_null=True)
    cost_per_point_low = serializers.IntegerField(source="low", allow_null=True)
    cost_per_point_high = serializers.IntegerField(source="high", allow_null=True)
    did = serializers.FloatField(allow_null=True, help_text=_("Improvement against the comparison group, in points."))
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    n_treated = serializers.IntegerField()
    n_control = serializers.IntegerField()


class CostEffectivenessOutput(serializers.Serializer):
    group = serializers.CharField()
    key = serializers.IntegerField(help_text=_("The course's or the OPD's id."))
    label = serializers.CharField()
    offerings = serializers.IntegerField()
    basis = serializers.ChoiceField(
        choices=[("actual", "actual"), ("planned", "planned"), ("mixed", "mixed")],
        help_text=_("Whether the cost is the actual amounts, the planned ones, or both."),
    )
    cost = serializers.IntegerField()
    participants = serializers.IntegerField()
    completed = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=_("JP credited to those who completed."))
    cost_per_participant = serializers.IntegerField(allow_null=True)
    cost_per_jp = serializers.IntegerField(allow_null=True)
    cost_per_completed = serializers.IntegerField(allow_null=True)
    improvement = CostPerPointOutput(source="point")


# One object (the rows with what they rest on), although it answers the ``list`` action.
@extend_schema_serializer(many=False)
class CostEffectivenessReportOutput(serializers.Serializer):
    group_by = serializers.CharField(source="group")
    year = serializers.IntegerField(allow_null=True)
    min_n = serializers.IntegerField()
    uncosted = serializers.IntegerField(help_text=_("Finished offerings in scope left out for having no cost line."))
    count = serializers.IntegerField()
    results = CostEffectivenessOutput(many=True, source="rows")


# --- Funding after a cut (the training-needs plan's budget side) ---------------------------


class FundingQueryInput(serializers.Serializer):
    org_unit = IdField(help_text=_("The OPD whose budget is weighed."))
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=_("The plan (fiscal) year; this year by default.")
    )


class FundingCandidateOutput(serializers.Serializer):
    offering = serializers.IntegerField(source="money.offering_id")
    code = serializers.CharField(source="money.code")
    course_title = serializers.CharField(source="money.course_title")
    status = serializers.CharField(source="money.status", help_text=_("published (committed) or draft."))
    start_date = serializers.DateField(source="money.start_date")
    capacity = serializers.IntegerField(source="money.capacity")
    cost = serializers.IntegerField(help_text=_("What it takes from the budget (its commitment, or a draft's plan)."))
    gap_reached = serializers.IntegerField(help_text=_("Employees with a gap its course answers who get a seat."))
    jp_covered = serializers.DecimalField(max_digits=9, decimal_places=1, help_text=_("JP deficit it covers."))
    enrolled = serializers.IntegerField(help_text=_("Employees holding a seat in it now."))
    waitlisted = serializers.IntegerField(help_text=_("Employees on its waitlist."))
    need_points = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        help_text=_(
            "Employees served, seat by seat: 1 for a gap its course answers, otherwise the JP deficit covered "
            "÷ the yearly JP target; at most 1 a seat, so at most its capacity."
        ),
    )
    per_million = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=_("Need served per Rp 1.000.000.")
    )
    kept = serializers.BooleanField(help_text=_("In the suggested keep list."))
    rank = serializers.IntegerField(help_text=_("Order in the keep list (1 first); 0 when not kept."))
    unfunded = serializers.BooleanField(help_text=_("Published, and no longer funded."))


@extend_schema_serializer(many=False)
class FundingOutput(serializers.Serializer):
    year = serializers.IntegerField()
    org_unit = OrgUnitRefOutput(source="opd")
    budget = serializers.IntegerField(source="amount", allow_null=True, help_text=_("Null: no budget set."))
    sunk = serializers.IntegerField(help_text=_("Used by offerings that started, finished or were cancelled."))
    free = serializers.IntegerField(
        allow_null=True, help_text=_("budget − sunk: what offerings not yet started share.")
    )
    remaining = serializers.IntegerField(allow_null=True)
    shortfall = serializers.IntegerField(help_text=_("How far the commitments not yet started exceed what is free."))
    kept_cost = serializers.IntegerField()
    candidates = FundingCandidateOutput(
        many=True, source="ordered", help_text=_("Kept ones in keep order, then the rest.")
    )
