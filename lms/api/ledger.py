"""API of the ledger slice: the JP ledger with its summaries, external activities, the JP table."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from backend.common.viewsets import ServiceViewSet, write_schema
from backend.people.access import access_for
from backend.people.api.serializers import EmployeeRefOutput, OrgUnitRefOutput
from backend.people.models import Employee, OrgUnit
from backend.people.selectors import employee_get
from lms.choices import ActivityKind, ConversionBasis
from lms.filters_ledger import ExternalActivityFilter, JpLedgerFilter
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from lms.rules import jp_from_minutes
from lms.selectors import ledger as selectors
from lms.services import ledger as services

# --- Output -------------------------------------------------------------------


class JpField(serializers.DecimalField):
    """Minutes stored, JP shown (1 JP = 45 minutes), two decimals."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=8, decimal_places=2, read_only=True, **kwargs)

    def to_representation(self, value):
        return None if value is None else super().to_representation(jp_from_minutes(value))


class JpLedgerEntryOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    jp = JpField(source="minutes")
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    course_code = serializers.CharField(
        source="enrollment.offering.course.code", read_only=True, default=None, allow_null=True
    )
    offering_code = serializers.CharField(
        source="enrollment.offering.code", read_only=True, default=None, allow_null=True
    )
    activity_kind = serializers.CharField(source="activity.kind", read_only=True, default=None, allow_null=True)

    class Meta:
        model = JpLedgerEntry
        fields = [
            "id",
            "employee",
            "year",
            "date",
            "title",
            "minutes",
            "jp",
            "source",
            "source_label",
            "enrollment",
            "course_code",
            "offering_code",
            "activity",
            "activity_kind",
            "credited_at",
        ]


class JpSummaryOutput(serializers.ModelSerializer):
    """One employee's year: earned, counted (PPPK capped), target (PNS), deficit."""

    unit = OrgUnitRefOutput(read_only=True)
    earned_minutes = serializers.IntegerField(read_only=True)
    counted_minutes = serializers.IntegerField(read_only=True)
    target_minutes = serializers.IntegerField(read_only=True, allow_null=True)
    deficit_minutes = serializers.IntegerField(read_only=True)
    earned_jp = JpField(source="earned_minutes")
    counted_jp = JpField(source="counted_minutes")
    target_jp = JpField(source="target_minutes", allow_null=True)
    deficit_jp = JpField(source="deficit_minutes")
    met = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "name",
            "employment_type",
            "unit",
            "earned_minutes",
            "counted_minutes",
            "target_minutes",
            "deficit_minutes",
            "earned_jp",
            "counted_jp",
            "target_jp",
            "deficit_jp",
            "met",
        ]

    def get_met(self, employee) -> bool:
        return employee.target_minutes is not None and employee.counted_minutes >= employee.target_minutes


class JpComplianceOutput(serializers.Serializer):
    opd = OrgUnitRefOutput(read_only=True)
    pns = serializers.IntegerField(help_text=gettext_lazy("Active PNS in scope."))
    met = serializers.IntegerField(help_text=gettext_lazy("PNS at or above the yearly target."))
    short = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=4, decimal_places=1, help_text=gettext_lazy("Percentage met."))
    mean_jp = serializers.DecimalField(max_digits=7, decimal_places=1)


class ExternalActivityOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    claimed_jp = JpField(source="claimed_minutes")
    evidence_file = serializers.SerializerMethodField(
        help_text=gettext_lazy("Where the file is served to those who may see the claim.")
    )
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ExternalActivity
        fields = [
            "id",
            "employee",
            "kind",
            "kind_label",
            "title",
            "organiser",
            "start_date",
            "end_date",
            "units",
            "is_international",
            "evidence_file",
            "evidence_url",
            "claimed_minutes",
            "claimed_jp",
            "status",
            "status_label",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_file(self, activity):
        return reverse("activity-evidence", args=[activity.pk]) if activity.evidence_file else None


class JpConversionOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)

    class Meta:
        model = JpConversion
        fields = ["id", "kind", "kind_label", "basis", "basis_label", "jp", "max_units_per_month", "updated_at"]


# --- Input --------------------------------------------------------------------


class JpQueryInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, help_text=gettext_lazy("A unit, with its sub-units.")
    )


class ExternalActivityInput(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(),
        required=False,
        help_text=gettext_lazy("Whose claim; yourself when left out (HR and coordinators may claim for others)."),
    )
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=255)
    organiser = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    units = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Sessions (coaching, mentoring), hours (e-learning, self-study) or semesters (study)."),
    )
    is_international = serializers.BooleanField(required=False, default=False)
    evidence_file = serializers.FileField(required=False, help_text=gettext_lazy("PDF, JPEG or PNG."))
    evidence_url = serializers.URLField(required=False, allow_blank=True)


class ActivityVerifyInput(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ActivityRejectInput(serializers.Serializer):
    note = serializers.CharField(max_length=255, help_text=gettext_lazy("Why; the employee reads it."))


class JpConversionInput(serializers.Serializer):
    basis = serializers.ChoiceField(choices=ConversionBasis.choices)
    jp = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"))
    max_units_per_month = serializers.IntegerField(min_value=1, required=False, allow_null=True)


# --- Views ----------------------------------------------------------------------


class _LedgerViewSet(ServiceViewSet):
    @property
    def access(self):
        return access_for(self.request.user)

    def query(self, request) -> dict:
        query = JpQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        return {"year": timezone.localdate().year, **query.validated_data}


@extend_schema(tags=["training"])
class JpLedgerViewSet(_LedgerViewSet):
    """JP credited per employee and calendar year (completed courses and verified activities), scoped."""

    http_method_names = ["get", "head", "options"]
    filterset_class = JpLedgerFilter
    ordering_fields = ["date", "minutes", "year"]
    output_serializer = JpLedgerEntryOutput

    def get_queryset(self):
        return selectors.jp_ledger_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.jp_ledger_get(access=self.access, pk=pk)

    @extend_schema(parameters=[JpQueryInput], responses=JpSummaryOutput(many=True))
    @action(detail=False, filter_backends=[])
    def summary(self, request):
        """Per employee in scope: earned, counted (PPPK capped at 24 JP), target (PNS 20 JP), deficit."""
        params = self.query(request)
        employees = selectors.jp_summary_list(access=self.access, year=params["year"], unit=params.get("unit"))
        page = self.paginate_queryset(employees)
        return self.get_paginated_response(JpSummaryOutput(page, many=True).data)

    @extend_schema(parameters=[JpQueryInput], responses=JpComplianceOutput(many=True))
    @action(detail=False, filter_backends=[], pagination_class=None)
    def compliance(self, request):
        """Per OPD: PNS in scope, those at 20 JP or more, the share and the mean JP."""
        if not selectors.can_see_compliance(self.access):
            raise PermissionDenied(_("Only coordinators and HR see compliance."))
        rows = selectors.jp_compliance_list(access=self.access, year=self.query(request)["year"])
        return Response(JpComplianceOutput(rows, many=True).data)


@extend_schema(tags=["training"])
@write_schema(ExternalActivityInput, ExternalActivityOutput)
class ExternalActivityViewSet(_LedgerViewSet):
    """JP claims for activities outside the catalog, with evidence; verified by coordinators or HR."""

    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_class = ExternalActivityFilter
    ordering_fields = ["submitted_at", "start_date", "end_date"]
    output_serializer = ExternalActivityOutput
    input_serializer = ExternalActivityInput

    def get_queryset(self):
        return selectors.external_activity_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.external_activity_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        employee = data.pop("employee", None)
        if employee is not None:
            employee = employee_get(access=self.access, pk=employee.pk)
        elif self.access.employee_id is not None:
            employee = employee_get(access=self.access, pk=self.access.employee_id)
        else:
            raise PermissionDenied(_("This login is not linked to an employee record."))
        return services.external_activity_submit(employee=employee, actor=self.request.user, **data)

    @extend_schema(request=ActivityVerifyInput, responses=ExternalActivityOutput)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = self._validated(request, partial=False, serializer_class=ActivityVerifyInput)
        activity = services.external_activity_verify(
            activity=self.get_object_scoped(pk), actor=request.user, note=data.get("note", "")
        )
        return Response(self.output(activity))

    @extend_schema(request=ActivityRejectInput, responses=ExternalActivityOutput)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = self._validated(request, partial=False, serializer_class=ActivityRejectInput)
        activity = services.external_activity_reject(
            activity=self.get_object_scoped(pk), actor=request.user, note=data["note"]
        )
        return Response(self.output(activity))

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        services.external_activity_withdraw(activity=self.get_object_scoped(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["training"])
@write_schema(JpConversionInput, JpConversionOutput)
class JpConversionViewSet(_LedgerViewSet):
    """The JP table for external activities: readable by every login, changed by administrators and HR."""

    http_method_names = ["get", "put", "patch", "head", "options"]
    output_serializer = JpConversionOutput
    input_serializer = JpConversionInput

    def get_queryset(self):
        return selectors.jp_conversion_list()

    def get_object_scoped(self, pk):
        return selectors.jp_conversion_get(pk=pk)

    def _update(self, request, pk, *, partial):
        # The role first: a reader sending a malformed body learns 403, not a validation error.
        if not selectors.can_manage_conversions(self.access):
            raise PermissionDenied(_("Only administrators and HR may change the JP table."))
        return super()._update(request, pk, partial=partial)

    def perform_service_update(self, obj, data):
        return services.jp_conversion_update(conversion=obj, actor=self.request.user, **data)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("jp-ledger", JpLedgerViewSet, basename="jp-ledger")
    router.register("external-activities", ExternalActivityViewSet, basename="external-activity")
    router.register("jp-conversions", JpConversionViewSet, basename="jp-conversion")
