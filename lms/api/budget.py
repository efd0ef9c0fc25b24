"""API of training budgets: budgets with their revisions, offering cost lines, cost-effectiveness.

HR, administrators and coordinators read money (a coordinator only their OPD's budgets and the
costs of the offerings they manage, others are 404); anyone else is refused with 403. HR and
administrators set and revise budgets; an offering's coordinators write its cost lines.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from backend.common.viewsets import ServiceViewSet, write_schema
from backend.people.access import access_for
from backend.people.selectors import org_unit_get
from lms.access import can_manage_offerings
from lms.api.budget_serializers import (
    BudgetDetailOutput,
    BudgetInput,
    BudgetOutput,
    BudgetRevisionInput,
    CostEffectivenessQueryInput,
    CostEffectivenessReportOutput,
    FundingOutput,
    FundingQueryInput,
    OfferingCostInput,
    OfferingCostOutput,
    OfferingCostUpdateInput,
)
from lms.filters_budget import BudgetFilter, OfferingCostFilter
from lms.selectors import budget as selectors
from lms.selectors import budget_costs
from lms.selectors.catalog import offering_managed_get
from lms.selectors.cost_effectiveness import cost_effectiveness_list
from lms.selectors.needs import training_need_plan, training_need_unit_get
from lms.services import budget as services


class ReadsMoney(BasePermission):
    """Reads: HR, administrators, coordinators. Writes: the roles of the view's ``writers``."""

    def has_permission(self, request, view):
        access = access_for(request.user)
        if request.method in SAFE_METHODS:
            return selectors.can_see_money(access)
        return view.may_write(access)


@extend_schema(tags=["training"])
@write_schema(BudgetInput, BudgetDetailOutput)
class BudgetViewSet(ServiceViewSet):
    """Training budgets per OPD and fiscal year, with what is committed, spent, used and remaining.

    The amount changes only by a recorded revision (``revise``): the APBD-P, a refocusing, or
    another reason, with the date it was decided and who recorded it.
    """

    permission_classes = [IsAuthenticated, ReadsMoney]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = BudgetFilter
    ordering_fields = ["fiscal_year", "amount"]
    output_serializer = BudgetDetailOutput
    list_output_serializer = BudgetOutput
    input_serializer = BudgetInput

    @staticmethod
    def may_write(access) -> bool:
        return selectors.can_manage_budgets(access)

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return selectors.budget_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.budget_get(access=self.access, pk=pk)

    def prepare(self, objects: list) -> list:
        return selectors.budget_usage_attach(objects)

    def output(self, obj):
        budget = self.prepare([obj])[0]
        budget.revision_list = list(selectors.budget_revision_list(budget=budget))
        return self.output_serializer(budget).data

    def perform_service_create(self, data):
        try:
            org_unit = org_unit_get(pk=data.pop("org_unit"))
        except Http404:
            raise serializers.ValidationError({"org_unit": [_("No such unit.")]}) from None
        return services.budget_create(actor=self.request.user, org_unit=org_unit, **data)

    @extend_schema(request=BudgetRevisionInput, responses=BudgetDetailOutput)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Record a revision (APBD-P, refocusing, other) and set the budget to its new amount."""
        budget = self.get_object_scoped(pk)
        data = self._validated(request, partial=False, serializer_class=BudgetRevisionInput)
        budget = services.budget_revise(actor=request.user, budget=budget, **data)
        return Response(self.output(self.get_object_scoped(budget.pk)))


@extend_schema(tags=["training"])
@extend_schema_view(
    create=extend_schema(request=OfferingCostInput, responses={201: OfferingCostOutput}),
    update=extend_schema(request=OfferingCostUpdateInput, responses=OfferingCostOutput),
    partial_update=extend_schema(request=OfferingCostUpdateInput, responses=OfferingCostOutput),
)
class OfferingCostViewSet(ServiceViewSet):
    """Cost lines of offerings: planned (quantity × unit price) while a draft, actual once published.

    Publishing commits the planned total against the OPD's budget; lines of a published offering
    keep their plan (a new one records an unplanned actual cost) and are not deleted.
    """

    permission_classes = [IsAuthenticated, ReadsMoney]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    filterset_class = OfferingCostFilter
    ordering_fields = ["planned_amount", "actual_amount"]
    output_serializer = OfferingCostOutput
    input_serializer = OfferingCostInput
    update_input_serializer = OfferingCostUpdateInput

    @staticmethod
    def may_write(access) -> bool:
        return can_manage_offerings(access)

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return budget_costs.offering_cost_list(access=self.access)

    def get_object_scoped(self, pk):
        if self.request.method in SAFE_METHODS:
            return budget_costs.offering_cost_get(access=self.access, pk=pk)
        return budget_costs.offering_cost_managed_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        offering = offering_managed_get(access=self.access, pk=data.pop("offering"))
        return services.offering_cost_create(actor=self.request.user, offering=offering, **data)

    def perform_service_update(self, obj, data):
        return services.offering_cost_update(actor=self.request.user, cost=obj, **data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.offering_cost_delete(actor=request.user, cost=self.get_object_scoped(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["training"])
class CostEffectivenessViewSet(viewsets.ViewSet):
    """What each rupiah bought, per course or per owning OPD: cost per participant, per JP, per completed
    participant and per point of measured indicator improvement (with the impact's interval and n).

    Unpaginated: one row per course or OPD, computed together with the impact estimates.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[CostEffectivenessQueryInput], responses=CostEffectivenessReportOutput)
    def list(self, request):
        access = access_for(request.user)
        # The role first: an ASN sending a malformed query learns 403, not a validation error.
        if not selectors.can_see_money(access):
            raise PermissionDenied(_("Only coordinators, HR and administrators see training costs."))
        query = CostEffectivenessQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        report = cost_effectiveness_list(access=access, group_by=params["group_by"], year=params.get("year"))
        return Response(CostEffectivenessReportOutput(report).data)


@extend_schema(tags=["training"])
class TrainingNeedFundingViewSet(viewsets.ViewSet):
    """What an OPD's budget still funds after a cut, and which offerings to keep by need served per rupiah.

    The budget's side of the training-needs plan: offerings not yet started (published ones with
    their commitments, drafts with their plans) weighed by the employees with the gaps their
    courses answer and the JP deficits they cover, per rupiah; kept greedily until what is free is
    spent. 404 for an OPD outside the caller's scope, or whose budget they do not read.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[FundingQueryInput],
        responses={
            200: FundingOutput,
            404: OpenApiResponse(description="The OPD is outside the caller's scope, or has no budget they read."),
        },
    )
    def list(self, request):
        access = access_for(request.user)
        if not selectors.can_see_money(access):
            raise PermissionDenied(_("Only coordinators, HR and administrators see training costs."))
        query = FundingQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = training_need_unit_get(access=access, pk=params["org_unit"])
        year = params.get("year", timezone.localdate().year)
        plan = training_need_plan(access=access, year=year, org_unit=unit, with_funding=True)
        if plan.funding is None:
            raise Http404
        return Response(FundingOutput(plan.funding).data)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("budgets", BudgetViewSet, basename="budget")
    router.register("offering-costs", OfferingCostViewSet, basename="offering-cost")
    router.register("cost-effectiveness", CostEffectivenessViewSet, basename="cost-effectiveness")
    router.register("training-needs/funding", TrainingNeedFundingViewSet, basename="training-need-funding")
