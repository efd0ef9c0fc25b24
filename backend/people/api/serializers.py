from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.people.choices import GRADE_CHOICES, EmploymentType, OrgUnitKind
from backend.people.models import Employee, OrgUnit, Position

# --- Output -------------------------------------------------------------------


class PositionOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "name", "kind", "kind_label", "level", "eselon"]


class OrgUnitRefOutput(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name"]


class OrgUnitOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_opd = serializers.BooleanField(read_only=True)
    employee_count = serializers.IntegerField(read_only=True, help_text=_("Active employees in this unit itself."))
    has_children = serializers.BooleanField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "parent",
            "path",
            "is_opd",
            "is_competency_agency",
            "is_active",
            "employee_count",
            "has_children",
        ]


class EmployeeRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "nip", "name"]


class EmployeeOutput(serializers.ModelSerializer):
    nip_display = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    pangkat = serializers.CharField(read_only=True)
    position = PositionOutput(read_only=True)
    unit = OrgUnitRefOutput(read_only=True)
    supervisor = EmployeeRefOutput(read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "nip_display",
            "name",
            "front_title",
            "back_title",
            "display_name",
            "employment_type",
            "sex",
            "birth_date",
            "birth_place",
            "grade",
            "pangkat",
            "position",
            "unit",
            "supervisor",
            "email",
            "is_active",
        ]


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    employee = EmployeeOutput(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    coordinated_units = OrgUnitRefOutput(many=True)
    is_supervisor = serializers.BooleanField()
    sees_all_employees = serializers.BooleanField()
    can_manage_employees = serializers.BooleanField()


# --- Input --------------------------------------------------------------------


class OrgUnitInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrgUnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True, required=False)
    is_competency_agency = serializers.BooleanField(required=False, default=False)
    is_active = serializers.BooleanField(required=False, default=True)


class EmployeeInput(serializers.Serializer):
    nip = serializers.CharField(max_length=24, help_text=_("18 digits; spaces as in the printed form are ignored."))
    name = serializers.CharField(max_length=150)
    front_title = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    back_title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    grade = serializers.ChoiceField(choices=GRADE_CHOICES)
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), allow_null=True, required=False, default=None
    )
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)
