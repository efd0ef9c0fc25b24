from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from backend.appraisal import selectors, services
from backend.appraisal.api.serializers import (
    EvaluationInput,
    EvaluationOutput,
    EvidenceInput,
    FollowUpInput,
    FollowUpOutput,
    FollowUpUpdateInput,
    GapOutput,
    GapQueryInput,
    GapSummaryOutput,
    IkmSurveyInput,
    IkmSurveyOutput,
    IkmSurveyUpdateInput,
    IndicatorInput,
    IndicatorOutput,
    PeriodInput,
    PeriodOutput,
    ReasonInput,
    ScoreInput,
    ScoreOutput,
    ScoreUpdateInput,
)
from backend.appraisal.filters import (
    EvaluationFilter,
    FollowUpFilter,
    IkmSurveyFilter,
    IndicatorFilter,
    PeriodFilter,
    ScoreFilter,
)
from backend.common.viewsets import ServiceViewSet, write_schema
from backend.people.access import access_for
from backend.people.selectors import employee_get

WRITE_METHODS = ["get", "post", "patch", "head", "options"]


class _AppraisalViewSet(ServiceViewSet):
    http_method_names = WRITE_METHODS

    @property
    def access(self):
        return access_for(self.request.user)

    def visible_employee(self, employee):
        """Resolve an employee given in input through the caller's scope: others are 404."""
        return employee_get(access=self.access, pk=employee.pk)


@extend_schema(tags=["appraisal"])
@write_schema(PeriodInput, PeriodOutput)
class PeriodViewSet(_AppraisalViewSet):
    """Appraisal periods. Closed periods are read-only except for administrators, who give a reason."""

    filterset_class = PeriodFilter
    output_serializer = PeriodOutput
    input_serializer = PeriodInput
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.period_list()

    def get_object_scoped(self, pk):
        return selectors.period_get(pk=pk)

    def perform_service_create(self, data):
        return services.period_create(actor=self.request.user, **data)

    @extend_schema(request=None, responses=PeriodOutput)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = services.period_close(actor=request.user, period=self.get_object_scoped(pk))
        return Response(self.output(period))

    @extend_schema(request=ReasonInput, responses=PeriodOutput)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = self._validated(request, partial=False, serializer_class=ReasonInput)
        period = services.period_reopen(actor=request.user, period=self.get_object_scoped(pk), reason=data["reason"])
        return Response(self.output(period))


@extend_schema(tags=["appraisal"])
@write_schema(IndicatorInput, IndicatorOutput)
class IndicatorViewSet(_AppraisalViewSet):
    """IKU and IKI: readable by every login, maintained by HR and administrators."""

    filterset_class = IndicatorFilter
    ordering_fields = ["code", "name"]
    output_serializer = IndicatorOutput
    input_serializer = IndicatorInput

    def get_queryset(self):
        return selectors.indicator_list()

    def get_object_scoped(self, pk):
        return selectors.indicator_get(pk=pk)

    def perform_service_create(self, data):
        return services.indicator_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.indicator_update(actor=self.request.user, indicator=obj, **data)


@extend_schema(tags=["appraisal"])
@write_schema(ScoreInput, ScoreOutput)
class ScoreViewSet(_AppraisalViewSet):
    """Scores of the employees the caller sees. Appraisers and HR write; an ASN may add evidence."""

    filterset_class = ScoreFilter
    ordering_fields = ["achievement", "period__start_date"]
    output_serializer = ScoreOutput
    input_serializer = ScoreInput
    update_input_serializer = ScoreUpdateInput
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.score_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.score_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        data["employee"] = self.visible_employee(data["employee"])
        return services.score_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.score_update(actor=self.request.user, score=obj, **data)

    @extend_schema(request=EvidenceInput, responses=ScoreOutput)
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        data = self._validated(request, partial=False, serializer_class=EvidenceInput)
        score = services.score_attach_evidence(actor=request.user, score=self.get_object_scoped(pk), **data)
        return Response(self.output(score))


@extend_schema(tags=["appraisal"])
@write_schema(EvaluationInput, EvaluationOutput)
class EvaluationViewSet(_AppraisalViewSet):
    """Evaluations with BerAKHLAK ratings and the predikat. POST creates or replaces one."""

    filterset_class = EvaluationFilter
    output_serializer = EvaluationOutput
    input_serializer = EvaluationInput
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.evaluation_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.evaluation_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        data["employee"] = self.visible_employee(data["employee"])
        return services.evaluation_save(actor=self.request.user, **data)


@extend_schema(tags=["appraisal"])
class GapViewSet(viewsets.ViewSet):
    """Performance gaps: weak indicators, behaviour values and IKM elements, each with size and source."""

    @extend_schema(
        parameters=[GapQueryInput],
        responses={
            200: GapOutput(many=True),
            404: OpenApiResponse(description="The employee asked for is not in the caller's scope."),
        },
    )
    def list(self, request):
        query = GapQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        access = access_for(request.user)
        if "employee" in params:
            employee = employee_get(access=access, pk=params["employee"])
            gaps = selectors.employee_gap_list(access=access, employee_id=employee.pk, period=params["period"])
        else:
            gaps = selectors.gap_list(access=access, period=params["period"], unit=params.get("unit"))
        return Response(GapOutput(gaps, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, required=True),
            OpenApiParameter("unit", int, required=True),
        ],
        responses=GapSummaryOutput(many=True),
    )
    @action(detail=False)
    def summary(self, request):
        query = GapQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if "unit" not in params:
            raise ValidationError({"unit": [_("This field is required.")]})
        summary = selectors.org_unit_gap_summary(
            access=access_for(request.user), unit=params["unit"], period=params["period"]
        )
        return Response(GapSummaryOutput(summary, many=True).data)


@extend_schema(tags=["appraisal"])
@write_schema(IkmSurveyInput, IkmSurveyOutput)
class IkmSurveyViewSet(_AppraisalViewSet):
    """IKM surveys with their figures (n, element scores, IKM, grade), readable by every login."""

    filterset_class = IkmSurveyFilter
    output_serializer = IkmSurveyOutput
    input_serializer = IkmSurveyInput
    update_input_serializer = IkmSurveyUpdateInput

    def get_queryset(self):
        return selectors.ikm_survey_list()

    def get_object_scoped(self, pk):
        return selectors.ikm_survey_get(pk=pk)

    def prepare(self, objects):
        # One grouped query for the whole page's results.
        results = selectors.ikm_result_list(surveys=objects)
        for survey in objects:
            survey.result = results[survey.pk]
        return objects

    def perform_service_create(self, data):
        return services.ikm_survey_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.ikm_survey_update(actor=self.request.user, survey=obj, **data)

    @extend_schema(request=None, responses={200: IkmSurveyOutput})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Write the survey's IKM into the unit staff's community-satisfaction scores."""
        survey = self.get_object_scoped(pk)
        changed = services.ikm_survey_apply(actor=request.user, survey=survey)
        return Response({**self.output(survey), "scores_changed": changed})


@extend_schema(tags=["appraisal"])
@write_schema(FollowUpInput, FollowUpOutput)
class FollowUpViewSet(_AppraisalViewSet):
    """Tindak lanjut of evaluations; ``?overdue=true`` lists the late ones."""

    filterset_class = FollowUpFilter
    ordering_fields = ["due_date"]
    output_serializer = FollowUpOutput
    input_serializer = FollowUpInput
    update_input_serializer = FollowUpUpdateInput

    def get_queryset(self):
        return selectors.follow_up_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.follow_up_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        data["employee"] = self.visible_employee(data["employee"])
        return services.follow_up_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.follow_up_update(actor=self.request.user, follow_up=obj, **data)
