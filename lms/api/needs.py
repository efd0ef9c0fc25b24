"""API of the training-needs plan (AKPK): per gap, who has it, the courses answering it, seats and shortfall.

Unpaginated on purpose: a plan has one row per distinct gap (an OPD's weak indicators, at
most 7 BerAKHLAK values and 9 IKM elements; under 50 rows for the whole demo regency), all
computed in memory from the same few queries, and the rows only mean something together with
the period they rest on. So the answer is one object — year, unit, period, ``count`` and
``results`` — shaped like a page of the other list endpoints, without next/previous.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from backend.appraisal.api.serializers import PeriodRefOutput
from backend.common.fields import IdField
from backend.people.access import access_for
from backend.people.api.serializers import OrgUnitRefOutput
from lms.selectors import needs as selectors

# --- Output -------------------------------------------------------------------


class AnsweringCourseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    weight = serializers.DecimalField(max_digits=3, decimal_places=2)


class TrainingNeedOutput(serializers.Serializer):
    kind = serializers.CharField(help_text=gettext_lazy("indicator, behaviour or ikm_element."))
    kind_label = serializers.CharField()
    code = serializers.CharField(help_text=gettext_lazy("Indicator code, BerAKHLAK value or IKM element."))
    label = serializers.CharField()
    employees = serializers.IntegerField(help_text=gettext_lazy("Active employees in scope with the gap."))
    mean_size = serializers.DecimalField(max_digits=9, decimal_places=2)
    courses = AnsweringCourseOutput(many=True, help_text=gettext_lazy("Active courses answering it, heaviest first."))
    covered = serializers.IntegerField(
        help_text=gettext_lazy("Of those employees: holding a seat in an answering course's offering this year.")
    )
    requested = serializers.IntegerField(help_text=gettext_lazy("Not covered, but pending or waitlisted."))
    open_seats = serializers.IntegerField(
        help_text=gettext_lazy("Free seats of this year's upcoming offerings of the courses, shared with other OPDs.")
    )
    seats_scheduled = serializers.IntegerField(help_text=gettext_lazy("covered + open_seats."))
    shortfall = serializers.IntegerField(help_text=gettext_lazy("max(0, employees − seats_scheduled)."))


# One object, not a list: ``list`` is the action's name, not the answer's shape.
@extend_schema_serializer(many=False)
class TrainingNeedPlanOutput(serializers.Serializer):
    year = serializers.IntegerField()
    org_unit = OrgUnitRefOutput(allow_null=True, help_text=gettext_lazy("Null: everyone in your scope."))
    period = PeriodRefOutput(
        allow_null=True, help_text=gettext_lazy("The appraisal period the gaps come from; null when none is scored.")
    )
    count = serializers.IntegerField()
    results = TrainingNeedOutput(many=True)


# --- Input --------------------------------------------------------------------


class TrainingNeedQueryInput(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=gettext_lazy("The plan year; this year by default.")
    )
    org_unit = IdField(
        required=False, help_text=gettext_lazy("An OPD (or unit), with its sub-units; everyone in scope if left out.")
    )


# --- Views --------------------------------------------------------------------


@extend_schema(tags=["training"])
class TrainingNeedViewSet(viewsets.ViewSet):
    """The training-needs plan of an OPD and a year (PP 17/2020 Pasal 205–207), for coordinators and HR."""

    @extend_schema(
        parameters=[TrainingNeedQueryInput],
        responses={
            200: TrainingNeedPlanOutput,
            404: OpenApiResponse(description="The unit asked for is not in the caller's scope."),
        },
    )
    def list(self, request):
        access = access_for(request.user)
        # The role first: an ASN sending a malformed query learns 403, not a validation error.
        if not selectors.can_see_training_needs(access):
            raise PermissionDenied(_("Only coordinators and HR see the training-needs plan."))
        query = TrainingNeedQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = None
        if "org_unit" in params:
            unit = selectors.training_need_unit_get(access=access, pk=params["org_unit"])
        plan = selectors.training_need_plan(
            access=access, year=params.get("year", timezone.localdate().year), org_unit=unit
        )
        data = {
            "year": plan.year,
            "org_unit": plan.org_unit,
            "period": plan.period,
            "count": len(plan.rows),
            "results": plan.rows,
        }
        return Response(TrainingNeedPlanOutput(data).data)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("training-needs", TrainingNeedViewSet, basename="training-need")
