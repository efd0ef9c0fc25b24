from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.appraisal.choices import (
    IKM_ELEMENTS,
    Aspect,
    Direction,
    FollowUpKind,
    FollowUpStatus,
    IndicatorCategory,
    IndicatorLevel,
    PeriodKind,
    Rating,
)
from backend.appraisal.models import Evaluation, FollowUp, IkmSurvey, Indicator, Period, Score
from backend.common.fields import IdField
from backend.people.api.serializers import EmployeeRefOutput, OrgUnitRefOutput
from backend.people.models import Employee, OrgUnit

# --- Output -------------------------------------------------------------------


class PeriodOutput(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "label", "year", "kind", "number", "start_date", "end_date", "status"]


class PeriodRefOutput(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "label", "status"]


class IndicatorOutput(serializers.ModelSerializer):
    org_unit = OrgUnitRefOutput(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "level",
            "org_unit",
            "parent",
            "category",
            "aspect",
            "unit_of_measure",
            "direction",
            "is_active",
        ]


class IndicatorRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "direction", "unit_of_measure"]


class ScoreOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    indicator = IndicatorRefOutput(read_only=True)
    period = PeriodRefOutput(read_only=True)
    appraiser = EmployeeRefOutput(read_only=True, allow_null=True)
    # Served by an access-checked view, never a /media/ link.
    evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Score
        fields = [
            "id",
            "employee",
            "indicator",
            "period",
            "target",
            "realisasi",
            "achievement",
            "evidence_file",
            "evidence_url",
            "appraiser",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_file(self, score):
        return reverse("score-evidence-file", args=[score.pk]) if score.evidence_file else None


class BehaviourOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField(source="get_value_display")
    rating = serializers.CharField()


class EvaluationOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    period = PeriodRefOutput(read_only=True)
    appraiser = EmployeeRefOutput(read_only=True, allow_null=True)
    predikat_label = serializers.CharField(source="get_predikat_display", read_only=True)
    behaviour = BehaviourOutput(source="behaviour_ratings", many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "employee",
            "period",
            "appraiser",
            "result_rating_computed",
            "result_rating_override",
            "override_reason",
            "result_rating",
            "behaviour_rating",
            "behaviour",
            "predikat",
            "predikat_label",
            "updated_at",
        ]


class GapOutput(serializers.Serializer):
    employee_id = serializers.IntegerField()
    kind = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()
    size = serializers.DecimalField(max_digits=9, decimal_places=2)
    value = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    threshold = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    source = serializers.CharField()


class GapSummaryOutput(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()
    employees = serializers.IntegerField()
    mean_size = serializers.DecimalField(max_digits=9, decimal_places=2)


class IkmSurveyOutput(serializers.ModelSerializer):
    org_unit = OrgUnitRefOutput(read_only=True)
    period = PeriodRefOutput(read_only=True)
    weights = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=4), allow_null=True)
    responses = serializers.IntegerField(source="result.responses", read_only=True)
    ikm = serializers.DecimalField(source="result.value", max_digits=5, decimal_places=2, allow_null=True)
    grade = serializers.CharField(source="result.grade", allow_null=True)
    element_scores = serializers.DictField(
        source="result.converted",
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        help_text=_("Average of each element × 25."),
    )

    class Meta:
        model = IkmSurvey
        fields = [
            "id",
            "org_unit",
            "period",
            "token",
            "is_open",
            "weights",
            "responses",
            "ikm",
            "grade",
            "element_scores",
        ]


class FollowUpOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    owner = EmployeeRefOutput(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "employee", "evaluation", "kind", "owner", "due_date", "status", "notes", "created_at"]


# --- Input --------------------------------------------------------------------


class PeriodInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    number = serializers.IntegerField(min_value=1, max_value=12)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class IndicatorInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=255)
    level = serializers.ChoiceField(choices=IndicatorLevel.choices)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(), allow_null=True, required=False, default=None
    )
    category = serializers.ChoiceField(choices=IndicatorCategory.choices)
    aspect = serializers.ChoiceField(choices=Aspect.choices)
    unit_of_measure = serializers.CharField(max_length=40)
    direction = serializers.ChoiceField(choices=Direction.choices)
    is_active = serializers.BooleanField(required=False, default=True)


class ScoreInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    realisasi = serializers.DecimalField(max_digits=14, decimal_places=2)
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreUpdateInput(serializers.Serializer):
    target = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    realisasi = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    evidence_url = serializers.URLField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceInput(serializers.Serializer):
    evidence_file = serializers.FileField(required=False, help_text=_("PDF, JPEG or PNG."))
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")


class EvaluationInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    behaviour = serializers.DictField(
        child=serializers.ChoiceField(choices=Rating.choices),
        help_text=_(
            "A rating (below/meets/above) for each of the seven BerAKHLAK values: berorientasi_pelayanan, "
            "akuntabel, kompeten, harmonis, loyal, adaptif, kolaboratif."
        ),
    )
    result_override = serializers.ChoiceField(choices=Rating.choices, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class GapQueryInput(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    employee = IdField(required=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False)


class IkmSurveyInput(serializers.Serializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=4),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Nine weights u1…u9 summing to 1; leave out for 1/9 each."),
    )


class IkmSurveyUpdateInput(serializers.Serializer):
    weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=4), required=False, allow_null=True
    )
    is_open = serializers.BooleanField(required=False)

    def validate_weights(self, value):
        if value is not None and set(value) - set(IKM_ELEMENTS):
            raise serializers.ValidationError(_("Weights are named u1 … u9."))
        return value


class FollowUpInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    due_date = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.all(), required=False, allow_null=True, default=None
    )


class FollowUpUpdateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FollowUpKind.choices, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)
    due_date = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
