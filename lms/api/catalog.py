"""API of the catalog slice: courses, offerings (with their status actions), sessions, venues, trainers,
competencies.

Every signed-in user reads (drafts only their managers); the competency agency writes the
catalog; an offering's coordinators write it and its sessions. A wrong role is 403, an object
outside the caller's scope 404.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from backend.common.viewsets import ServiceViewSet, write_schema
from backend.people.access import access_for
from lms.access import can_manage_catalog, can_manage_offerings, sees_common_catalog
from lms.api.budget_serializers import PublishInput
from lms.api.catalog_serializers import (
    CancelInput,
    CompetencyInput,
    CompetencyOutput,
    CourseInput,
    CourseListOutput,
    CourseOutput,
    OfferingInput,
    OfferingOutput,
    OfferingUpdateInput,
    SessionInput,
    SessionOutput,
    SessionUpdateInput,
    TrainerInput,
    TrainerOutput,
    VenueInput,
    VenueOutput,
)
from lms.cache import catalog_cache_key
from lms.filters_catalog import (
    CompetencyFilter,
    CourseFilter,
    OfferingFilter,
    SessionFilter,
    TrainerFilter,
    VenueFilter,
)
from lms.selectors import catalog as selectors
from lms.services import catalog as catalog_services
from lms.services import scheduling


class CanManageCatalogOrReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_manage_catalog(access_for(request.user))


class CanManageOfferingsOrReadOnly(BasePermission):
    """Writers must coordinate some unit; which offerings they may touch is the selector's 404."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_manage_offerings(access_for(request.user))


class _CatalogViewSet(ServiceViewSet):
    permission_classes = [IsAuthenticated, CanManageCatalogOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def access(self):
        return access_for(self.request.user)


class _CachedListMixin:
    """Serve the JSON of a list from the cache to everyone who sees the common catalog (lms.cache)."""

    def list(self, request):
        shared = request.accepted_renderer.format == "json" and sees_common_catalog(request.user)
        key = catalog_cache_key(request=request, shared_view=shared)
        if key is None:
            return super().list(request)
        content = cache.get(key)
        if content is None:
            response = super().list(request)
            content = request.accepted_renderer.render(response.data, request.accepted_media_type)
            cache.set(key, content, settings.LMS_CATALOG_CACHE_SECONDS)
        return HttpResponse(content, content_type=request.accepted_renderer.media_type)


@extend_schema(tags=["training"])
@write_schema(CompetencyInput, CompetencyOutput)
class CompetencyViewSet(_CatalogViewSet):
    """Competencies of the national dictionary and the regency's technical ones."""

    filterset_class = CompetencyFilter
    ordering_fields = ["name", "code"]
    output_serializer = CompetencyOutput
    input_serializer = CompetencyInput

    def get_queryset(self):
        return selectors.competency_list()

    def get_object_scoped(self, pk):
        return selectors.competency_get(pk=pk)

    def perform_service_create(self, data):
        return catalog_services.competency_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return catalog_services.competency_update(actor=self.request.user, competency=obj, **data)


def _targets(data: dict) -> dict:
    """The input's ``[{indicator, weight}]`` as the service's (indicator, weight) pairs."""
    if "target_indicators" in data:
        data["target_indicators"] = [(row["indicator"], row["weight"]) for row in data["target_indicators"]]
    if "gap_targets" in data:
        data["gap_targets"] = [(row["kind"], row["code"], row["weight"]) for row in data["gap_targets"]]
    return data


@extend_schema(tags=["training"])
@write_schema(CourseInput, CourseOutput)
class CourseViewSet(_CachedListMixin, _CatalogViewSet):
    """Courses with their target indicators (weights), competencies, prerequisites and mandatory audiences.

    ``upcoming_offering_count`` is the number of published offerings not yet started.
    """

    filterset_class = CourseFilter
    ordering_fields = ["title", "code", "duration_minutes"]
    output_serializer = CourseOutput
    list_output_serializer = CourseListOutput
    input_serializer = CourseInput

    def get_queryset(self):
        return selectors.course_summary_list(access=self.access)

    def get_object_scoped(self, pk):
        return selectors.course_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        return catalog_services.course_create(actor=self.request.user, **_targets(data))

    def perform_service_update(self, obj, data):
        return catalog_services.course_update(actor=self.request.user, course=obj, **_targets(data))


@extend_schema(tags=["training"])
@write_schema(VenueInput, VenueOutput)
class VenueViewSet(_CatalogViewSet):
    filterset_class = VenueFilter
    ordering_fields = ["name", "capacity"]
    output_serializer = VenueOutput
    input_serializer = VenueInput

    def get_queryset(self):
        return selectors.venue_list()

    def get_object_scoped(self, pk):
        return selectors.venue_get(pk=pk)

    def perform_service_create(self, data):
        return catalog_services.venue_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return catalog_services.venue_update(actor=self.request.user, venue=obj, **data)


@extend_schema(tags=["training"])
@write_schema(TrainerInput, TrainerOutput)
class TrainerViewSet(_CatalogViewSet):
    """Trainers (widyaiswara): employees of the regency (name copied from the employee) or external people."""

    filterset_class = TrainerFilter
    ordering_fields = ["name"]
    output_serializer = TrainerOutput
    input_serializer = TrainerInput

    def get_queryset(self):
        return selectors.trainer_list()

    def get_object_scoped(self, pk):
        return selectors.trainer_get(pk=pk)

    def perform_service_create(self, data):
        return catalog_services.trainer_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return catalog_services.trainer_update(actor=self.request.user, trainer=obj, **data)


@extend_schema(tags=["training"])
@write_schema(OfferingInput, OfferingOutput)
class OfferingViewSet(_CachedListMixin, _CatalogViewSet):
    """Offerings (angkatan) with seats taken and left, waitlist and session counts.

    Filters: channel, type, indicator, competency, date range (``date_from``/``date_to`` on the
    offering's dates), unit (the owning unit's subtree), status, ``has_seats``, ``seats_left_min``, search.
    """

    permission_classes = [IsAuthenticated, CanManageOfferingsOrReadOnly]
    filterset_class = OfferingFilter
    ordering_fields = ["start_date", "code", "seats_left"]
    output_serializer = OfferingOutput
    input_serializer = OfferingInput
    update_input_serializer = OfferingUpdateInput

    def get_queryset(self):
        return selectors.offering_list(access=self.access)

    def get_object_scoped(self, pk):
        if self.request.method in SAFE_METHODS:
            return selectors.offering_get(access=self.access, pk=pk)
        return selectors.offering_managed_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        return scheduling.offering_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return scheduling.offering_update(actor=self.request.user, offering=obj, **data)

    @extend_schema(request=PublishInput, responses=OfferingOutput)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Draft → published (needs at least one session). Its planned cost is committed against its OPD's
        budget; beyond what is left only an administrator publishes, giving ``override_reason``."""
        offering = self.get_object_scoped(pk)
        data = self._validated(request, partial=False, serializer_class=PublishInput)
        offering = scheduling.offering_publish(
            actor=request.user, offering=offering, override_reason=data["override_reason"]
        )
        return Response(self.output(self.get_object_scoped(offering.pk)))

    @extend_schema(request=None, responses=OfferingOutput)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Published → running."""
        offering = scheduling.offering_start(actor=request.user, offering=self.get_object_scoped(pk))
        return Response(self.output(self.get_object_scoped(offering.pk)))

    @extend_schema(request=CancelInput, responses=OfferingOutput)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel with a reason: pending, enrolled and waitlisted participants are cancelled and notified."""
        data = self._validated(request, partial=False, serializer_class=CancelInput)
        offering = scheduling.offering_cancel(
            actor=request.user, offering=self.get_object_scoped(pk), reason=data["reason"]
        )
        return Response(self.output(self.get_object_scoped(offering.pk)))

    @extend_schema(request=None, responses=OfferingOutput)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        """Evaluate every participant (attendance and post-test), credit JP on completion, notify results."""
        # The attendance slice owns completion; imported where used so this module loads on its own.
        from lms.services.completion import offering_finish

        offering = offering_finish(actor=request.user, offering=self.get_object_scoped(pk))
        return Response(self.output(self.get_object_scoped(offering.pk)))


@extend_schema(tags=["training"])
@write_schema(SessionInput, SessionOutput)
class SessionViewSet(_CatalogViewSet):
    """Sessions of the offerings the caller sees. A clash (venue, trainer, participant) is a 400 naming it,
    unless ``override_reason`` keeps the session; the reason is stored with it and in its history."""

    permission_classes = [IsAuthenticated, CanManageOfferingsOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    filterset_class = SessionFilter
    ordering_fields = ["date", "starts_at"]
    output_serializer = SessionOutput
    input_serializer = SessionInput
    update_input_serializer = SessionUpdateInput

    def get_queryset(self):
        return selectors.session_list(access=self.access)

    def get_object_scoped(self, pk):
        if self.request.method in SAFE_METHODS:
            return selectors.session_get(access=self.access, pk=pk)
        return selectors.session_managed_get(access=self.access, pk=pk)

    def perform_service_create(self, data):
        data["offering"] = selectors.offering_managed_get(access=self.access, pk=data["offering"])
        return scheduling.session_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return scheduling.session_update(actor=self.request.user, session=obj, **data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        scheduling.session_delete(actor=request.user, session=self.get_object_scoped(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("courses", CourseViewSet, basename="course")
    router.register("offerings", OfferingViewSet, basename="offering")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("venues", VenueViewSet, basename="venue")
    router.register("trainers", TrainerViewSet, basename="trainer")
    router.register("competencies", CompetencyViewSet, basename="competency")
