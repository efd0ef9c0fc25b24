"""Serializers of the recommendations API: inputs (what a caller sends) apart from outputs (what it reads)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.people.api.serializers import EmployeeRefOutput
from lms.choices import EnrollmentStatus
from lms.models import Course, Offering, Suggestion
from lms.selectors.suggestions import suggestion_gap_text, suggestion_reason

# --- Output -----------------------------------------------------------------------


class SuggestionCourseOutput(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "code", "title"]


class SuggestionOfferingOutput(serializers.ModelSerializer):
    class Meta:
        model = Offering
        fields = ["id", "code", "start_date", "end_date"]


class SuggestionOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    course = SuggestionCourseOutput(read_only=True)
    offering = SuggestionOfferingOutput(
        read_only=True, allow_null=True, help_text=_("The class suggested; empty once the suggestion lapsed.")
    )
    period = serializers.IntegerField(source="period_id", read_only=True)
    period_label = serializers.CharField(source="period.__str__", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    gap_text = serializers.SerializerMethodField(help_text=_("The gap in words, in the request's language."))
    reason = serializers.SerializerMethodField(
        help_text=_("Why this course is suggested (the gap, then the course's evidence), in the request's language.")
    )
    enrollment = serializers.IntegerField(source="enrollment_id", read_only=True, allow_null=True)
    enrollment_status = serializers.ChoiceField(
        source="enrollment.status",
        choices=EnrollmentStatus.choices,
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The status of the enrollment the suggestion led to, if any."),
    )

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "employee",
            "course",
            "offering",
            "period",
            "period_label",
            "gap_kind",
            "gap_code",
            "gap_label",
            "gap_size",
            "gap_value",
            "gap_text",
            "weight",
            "uplift",
            "uplift_n",
            "expected_uplift",
            "rank_score",
            "reason",
            "status",
            "status_label",
            "dismiss_reason",
            "enrollment",
            "enrollment_status",
            "first_suggested_at",
            "decided_at",
            "computed_at",
        ]

    def get_gap_text(self, obj) -> str:
        return suggestion_gap_text(obj)

    def get_reason(self, obj) -> str:
        return suggestion_reason(obj)


class SuggestionRefreshOutput(serializers.Serializer):
    queued = serializers.BooleanField()
    employee = serializers.IntegerField(help_text=_("Whose suggestions are recomputed: the caller's."))


# --- Input ------------------------------------------------------------------------


class SuggestionDismissInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("Why the suggestion does not fit (required)."))
