"""API of course suggestions: ``/api/v1/recommendations/`` with dismiss, enroll and refresh actions.

Reads are scoped like the pages (one's own, a supervisor's team, a coordinator's units);
only the employee may dismiss or enroll (the services refuse anyone else with 403).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.people.access import access_for
from lms.api.suggestion_serializers import SuggestionDismissInput, SuggestionOutput, SuggestionRefreshOutput
from lms.filters_suggestions import SuggestionFilter
from lms.selectors.suggestion_pages import suggestion_detail_get, suggestion_detail_list
from lms.selectors.suggestions import suggestion_get
from lms.services.suggestions import suggestion_dismiss, suggestion_enroll
from lms.tasks import compute_suggestions_task


@extend_schema(tags=["training"])
class SuggestionViewSet(viewsets.GenericViewSet):
    """Courses suggested for appraisal gaps, each with its reason and evidence, best first per employee."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = SuggestionFilter
    serializer_class = SuggestionOutput

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return suggestion_detail_list(access=self.access)

    def _detail(self, pk):
        return Response(SuggestionOutput(suggestion_detail_get(access=self.access, pk=pk)).data)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SuggestionOutput(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(request=SuggestionDismissInput, responses=SuggestionOutput)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """The employee says the suggestion does not fit, and why."""
        suggestion = suggestion_get(access=self.access, pk=pk)
        serializer = SuggestionDismissInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion_dismiss(suggestion=suggestion, actor=request.user, reason=serializer.validated_data["reason"])
        return self._detail(pk)

    @extend_schema(request=None, responses=SuggestionOutput)
    @action(detail=True, methods=["post"])
    def enroll(self, request, pk=None):
        """One click: ask for a seat in the suggested offering; the answer carries the enrollment and its status."""
        suggestion_enroll(suggestion=suggestion_get(access=self.access, pk=pk), actor=request.user)
        return self._detail(pk)

    @extend_schema(request=None, responses={202: SuggestionRefreshOutput})
    @action(detail=False, methods=["post"])
    def refresh(self, request):
        """Recompute the caller's own suggestions (in the background when a broker runs)."""
        employee_id = self.access.employee_id
        if employee_id is None:
            raise ValidationError(_("Your login has no employee record."))
        actor_id = request.user.pk
        transaction.on_commit(lambda: compute_suggestions_task.delay(employee_id, actor_id))
        return Response(
            SuggestionRefreshOutput({"queued": True, "employee": employee_id}).data, status=status.HTTP_202_ACCEPTED
        )


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("recommendations", SuggestionViewSet, basename="recommendation")
