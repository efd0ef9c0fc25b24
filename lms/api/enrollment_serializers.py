"""Serializers of the enrollment API: inputs (what a caller sends) apart from outputs (what it reads)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.common.fields import IdField
from backend.people.api.serializers import EmployeeRefOutput
from lms.models import Enrollment, EnrollmentTransition, Notification, Offering
from lms.rules import format_jp

# --- Output -----------------------------------------------------------------------


class EnrollmentOfferingOutput(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Offering
        fields = ["id", "code", "course_title", "start_date", "end_date", "status"]


class EnrollmentTransitionOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = EnrollmentTransition
        fields = ["from_status", "to_status", "actor", "reason", "at"]


class EnrollmentOutput(serializers.ModelSerializer):
    offering = EnrollmentOfferingOutput(read_only=True)
    employee = EmployeeRefOutput(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    waitlist_position = serializers.IntegerField(read_only=True, allow_null=True, default=None)
    need_jp_deficit = serializers.SerializerMethodField(help_text=_("The JP deficit for the year, in JP."))

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "offering",
            "employee",
            "status",
            "status_label",
            "source",
            "requested_at",
            "decided_at",
            "waitlist_position",
            "need_gap",
            "need_jp_deficit_minutes",
            "need_jp_deficit",
            "need_reason",
            "pre_test",
            "post_test",
            "attendance_pct",
            "result_reason",
            "credited_minutes",
        ]

    def get_need_jp_deficit(self, obj) -> str:
        return format_jp(obj.need_jp_deficit_minutes)


class EnrollmentDetailOutput(EnrollmentOutput):
    transitions = EnrollmentTransitionOutput(many=True, read_only=True)

    class Meta(EnrollmentOutput.Meta):
        fields = [*EnrollmentOutput.Meta.fields, "transitions"]


class NotificationOutput(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class NotificationReadOutput(serializers.Serializer):
    marked = serializers.IntegerField()


# --- Input ------------------------------------------------------------------------


class EnrollmentEnrollInput(serializers.Serializer):
    offering = IdField()
    employee = IdField(
        required=False, help_text=_("Coordinators: the employee to assign. Leave out to enroll yourself.")
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        default="",
        help_text=_("Coordinators: why a schedule clash is accepted."),
    )


class EnrollmentReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class EnrollmentRejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class NotificationReadInput(serializers.Serializer):
    ids = serializers.ListField(child=IdField(), required=False, help_text=_("Leave out to mark every unread one."))
