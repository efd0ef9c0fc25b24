"""Serializers of the catalog API: outputs (what the selectors joined) and inputs (what services take)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.appraisal.api.serializers import IndicatorRefOutput
from backend.appraisal.models import Indicator
from backend.common.fields import IdField
from backend.people.api.serializers import EmployeeRefOutput, OrgUnitRefOutput
from backend.people.models import Employee, OrgUnit, Position
from lms.choices import Channel, CompetencyType, CourseType, GapTargetKind
from lms.models import Competency, Course, CourseGapTarget, CourseIndicator, Offering, Session, Trainer, Venue

# --- Output -------------------------------------------------------------------


class CompetencyOutput(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name", "type", "description"]


class CompetencyRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name"]


class CourseIndicatorOutput(serializers.ModelSerializer):
    indicator = IndicatorRefOutput(read_only=True)

    class Meta:
        model = CourseIndicator
        fields = ["indicator", "weight"]


class CourseGapTargetOutput(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = CourseGapTarget
        fields = ["kind", "code", "label", "weight"]


class CourseOutput(serializers.ModelSerializer):
    jp = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, help_text=_("Duration in JP."))
    competencies = CompetencyRefOutput(many=True, read_only=True)
    target_indicators = CourseIndicatorOutput(many=True, read_only=True)
    gap_targets = CourseGapTargetOutput(
        many=True, read_only=True, help_text=_("Work-behaviour values and IKM elements the course answers.")
    )
    prerequisites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    mandatory_positions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    mandatory_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    upcoming_offering_count = serializers.IntegerField(
        read_only=True, help_text=_("Published offerings that have not started yet.")
    )

    class Meta:
        model = Course
        fields = [
            "id",
            "code",
            "title",
            "description",
            "channel",
            "type",
            "competency_type",
            "duration_minutes",
            "jp",
            "provider",
            "is_active",
            "competencies",
            "target_indicators",
            "gap_targets",
            "prerequisites",
            "mandatory_positions",
            "mandatory_units",
            "upcoming_offering_count",
        ]


class CourseListOutput(serializers.ModelSerializer):
    """A course in a list: what a catalog shows; its target indicators and audiences are on its detail."""

    jp = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, help_text=_("Duration in JP."))
    competencies = CompetencyRefOutput(many=True, read_only=True)
    target_indicator_count = serializers.IntegerField(
        read_only=True, help_text=_("How many indicators the course targets; filter with ?indicator=.")
    )
    upcoming_offering_count = serializers.IntegerField(
        read_only=True, help_text=_("Published offerings that have not started yet.")
    )

    class Meta:
        model = Course
        fields = [
            "id",
            "code",
            "title",
            "description",
            "channel",
            "type",
            "competency_type",
            "duration_minutes",
            "jp",
            "provider",
            "is_active",
            "competencies",
            "target_indicator_count",
            "upcoming_offering_count",
        ]


class CourseRefOutput(serializers.ModelSerializer):
    jp = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)

    class Meta:
        model = Course
        fields = ["id", "code", "title", "channel", "type", "duration_minutes", "jp"]


class VenueOutput(serializers.ModelSerializer):
    org_unit = OrgUnitRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "capacity", "org_unit", "is_active"]


class VenueRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "address"]


class TrainerOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True, allow_null=True)
    is_external = serializers.BooleanField(read_only=True)

    class Meta:
        model = Trainer
        fields = ["id", "name", "employee", "is_external", "institution", "expertise", "email", "is_active"]


class TrainerRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Trainer
        fields = ["id", "name"]


class OfferingOutput(serializers.ModelSerializer):
    course = CourseRefOutput(read_only=True)
    venue = VenueRefOutput(read_only=True, allow_null=True)
    owner_unit = OrgUnitRefOutput(read_only=True)
    seats_taken = serializers.IntegerField(
        read_only=True, help_text=_("Enrolled, completed and not-completed participants.")
    )
    seats_left = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Offering
        fields = [
            "id",
            "code",
            "course",
            "status",
            "start_date",
            "end_date",
            "venue",
            "capacity",
            "seats_taken",
            "seats_left",
            "waitlist_count",
            "session_count",
            "enroll_opens",
            "enroll_closes",
            "owner_unit",
            "requires_approval",
            "min_attendance_pct",
            "pass_mark",
            "notes",
            "finished_at",
            "created_at",
        ]


class OfferingRefOutput(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Offering
        fields = ["id", "code", "status", "course_title"]


class SessionOutput(serializers.ModelSerializer):
    offering = OfferingRefOutput(read_only=True)
    trainer = TrainerRefOutput(read_only=True, allow_null=True)
    venue = VenueRefOutput(
        read_only=True, allow_null=True, help_text=_("The session's own venue; empty means the offering's.")
    )
    effective_venue = serializers.SerializerMethodField(help_text=_("Where the session takes place."))

    class Meta:
        model = Session
        fields = [
            "id",
            "offering",
            "date",
            "starts_at",
            "ends_at",
            "topic",
            "trainer",
            "venue",
            "effective_venue",
            "clash_override_reason",
            "rotating_checkin",
        ]

    @extend_schema_field(VenueRefOutput(allow_null=True))
    def get_effective_venue(self, session):
        venue = session.venue or session.offering.venue
        return VenueRefOutput(venue).data if venue else None


# --- Input --------------------------------------------------------------------


class CompetencyInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=CompetencyType.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class TargetIndicatorInput(serializers.Serializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    weight = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("1"))


class GapTargetInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GapTargetKind.choices)
    code = serializers.CharField(
        max_length=24, help_text=_("A BerAKHLAK value (e.g. kolaboratif) or an IKM element u1–u9.")
    )
    weight = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("1"), default=Decimal("1")
    )


class CourseInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Channel.choices)
    type = serializers.ChoiceField(choices=CourseType.choices)
    competency_type = serializers.ChoiceField(choices=CompetencyType.choices)
    duration_minutes = serializers.IntegerField(min_value=45, help_text=_("1 JP = 45 minutes."))
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)
    competencies = serializers.PrimaryKeyRelatedField(
        queryset=Competency.objects.all(), many=True, required=False, default=list
    )
    prerequisites = serializers.PrimaryKeyRelatedField(
        queryset=Course.objects.all(), many=True, required=False, default=list
    )
    mandatory_positions = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), many=True, required=False, default=list
    )
    mandatory_units = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False, default=list
    )
    target_indicators = TargetIndicatorInput(
        many=True, required=False, default=list, help_text=_("The indicators the course raises, each with a weight.")
    )
    gap_targets = GapTargetInput(
        many=True,
        required=False,
        default=list,
        help_text=_("Work-behaviour values and IKM elements the course answers, each with a weight."),
    )


class VenueInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1)
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, default=None
    )
    is_active = serializers.BooleanField(required=False, default=True)


class TrainerInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("For a trainer who is an employee; the name is then copied from the employee."),
    )
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    institution = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    expertise = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)


class OfferingInput(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all())
    code = serializers.SlugField(max_length=50)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(), required=False, allow_null=True, default=None
    )
    capacity = serializers.IntegerField(min_value=1)
    enroll_opens = serializers.DateField()
    enroll_closes = serializers.DateField()
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    requires_approval = serializers.BooleanField(required=False, default=False)
    min_attendance_pct = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None, help_text=_("Default: settings.")
    )
    pass_mark = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None, help_text=_("Default: settings.")
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class OfferingUpdateInput(OfferingInput):
    min_attendance_pct = serializers.IntegerField(min_value=0, max_value=100, required=False)
    pass_mark = serializers.IntegerField(min_value=0, max_value=100, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("Told to every participant."))


class SessionUpdateInput(serializers.Serializer):
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    topic = serializers.CharField(max_length=255)
    trainer = serializers.PrimaryKeyRelatedField(
        queryset=Trainer.objects.all(), required=False, allow_null=True, default=None
    )
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Leave empty for the offering's venue."),
    )
    rotating_checkin = serializers.BooleanField(required=False, default=False)
    override_reason = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Keeps the session despite a clash; stored with it and in its history."),
    )


class SessionInput(SessionUpdateInput):
    # An id, not a related field: an offering outside the caller's scope must answer 404, not 400.
    offering = IdField()
