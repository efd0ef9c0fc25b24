"""Impact of training on the appraisal (Kirkpatrick L3/L4), for HR, administrators and coordinators."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from backend.appraisal.models import Indicator
from backend.people.access import access_for, org_unit_within_scope
from backend.people.models import OrgUnit
from lms.models import Course
from lms.selectors.impact import ImpactGroup, can_see_impact, impact_list
from lms.selectors.suggestions import suggestion_uptake


class ImpactQueryInput(serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=ImpactGroup.CHOICES,
        default=ImpactGroup.COURSE,
        help_text=gettext_lazy("One estimate per course, offering, target indicator or participants' OPD."),
    )
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=gettext_lazy("Offerings that ended in this year.")
    )
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text=gettext_lazy("Participants and comparison employees of this unit and its sub-units."),
    )
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), required=False)
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all(), required=False)


class UptakeQueryInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False)


class ImpactOutput(serializers.Serializer):
    group = serializers.CharField()
    key = serializers.IntegerField(help_text=gettext_lazy("Id of the course, offering, indicator or OPD."))
    label = serializers.CharField()
    course_id = serializers.IntegerField(allow_null=True)
    course_title = serializers.CharField()
    n_treated = serializers.IntegerField(help_text=gettext_lazy("Participants measured (weak before the offering)."))
    n_control = serializers.IntegerField(
        help_text=gettext_lazy("Comparison employees: weak on the same indicator in the same period, not trained.")
    )
    treated_change = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("Participants' mean change, points.")
    )
    control_change = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Comparison group's mean change."))
    did = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("Difference in differences, achievement points; null: not enough data.")
    )
    ci_low = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Bootstrap 95 % interval, lower end."))
    ci_high = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Bootstrap 95 % interval, upper end."))
    gap_closed_share = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("Share of participants whose gap closed, 0–1.")
    )
    enough_data = serializers.BooleanField()


class UptakeOutput(serializers.Serializer):
    suggested = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    lapsed = serializers.IntegerField()
    total = serializers.IntegerField()
    uptake = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Enrolled of all suggestions, 0–1."))


def _query(serializer_class, request, access) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = dict(query.validated_data)
    unit = params.get("org_unit")
    if unit is not None and not org_unit_within_scope(access, unit):
        raise PermissionDenied(_("This unit is outside your scope."))
    return params


@extend_schema(tags=["training"])
class ImpactViewSet(viewsets.GenericViewSet):
    """Training impact: participants' change on the course's target indicators against untrained weak peers.

    Unpaginated: one row per course (or offering, indicator, OPD), a few hundred at most.
    Rows name their sample sizes; below the minimum n the estimate is null ("not enough data").
    """

    pagination_class = None
    filter_backends: list = []
    serializer_class = ImpactOutput

    def _access(self):
        access = access_for(self.request.user)
        if not can_see_impact(access):
            raise PermissionDenied(_("Only HR, administrators and coordinators see training impact."))
        return access

    @extend_schema(parameters=[ImpactQueryInput], responses=ImpactOutput(many=True))
    def list(self, request):
        access = self._access()
        params = _query(ImpactQueryInput, request, access)
        rows = impact_list(
            access=access,
            group_by=params["group_by"],
            year=params.get("year"),
            org_unit=params.get("org_unit"),
            indicator_id=params["indicator"].pk if params.get("indicator") else None,
            course_id=params["course"].pk if params.get("course") else None,
        )
        return Response(ImpactOutput(rows, many=True).data)

    @extend_schema(parameters=[UptakeQueryInput], responses=UptakeOutput)
    @action(detail=False)
    def uptake(self, request):
        """How course suggestions fared: counts by status and the share taken up by enrolling."""
        access = self._access()
        params = _query(UptakeQueryInput, request, access)
        return Response(
            UptakeOutput(
                suggestion_uptake(access=access, year=params.get("year"), org_unit=params.get("org_unit"))
            ).data
        )


def register(router) -> None:
    router.register("impact", ImpactViewSet, basename="impact")
