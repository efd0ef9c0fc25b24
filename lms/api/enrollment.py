"""API of the enrollment slice: enrollments (with enroll, approve, reject, cancel) and notifications."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.people.access import access_for
from backend.people.selectors import employee_get
from lms.api.enrollment_serializers import (
    EnrollmentDetailOutput,
    EnrollmentEnrollInput,
    EnrollmentOutput,
    EnrollmentReasonInput,
    EnrollmentRejectInput,
    NotificationOutput,
    NotificationReadInput,
    NotificationReadOutput,
)
from lms.choices import EnrollmentSource
from lms.filters_enrollment import EnrollmentFilter
from lms.selectors.enrollment import enrollable_offering_get, enrollment_get, enrollment_list, notification_list
from lms.services.enrollment import enrollment_approve, enrollment_cancel, enrollment_reject, enrollment_request
from lms.services.notifications import notification_mark_read


def _validated(request, serializer_class) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["training"])
class EnrollmentViewSet(viewsets.GenericViewSet):
    """Enrollments the caller may read: their own, their team's, and those of offerings they manage.

    Status changes are actions; the waitlist position and the need behind it come with each row.
    """

    filter_backends = [DjangoFilterBackend]
    filterset_class = EnrollmentFilter
    serializer_class = EnrollmentOutput

    @property
    def access(self):
        return access_for(self.request.user)

    def get_queryset(self):
        return enrollment_list(access=self.access)

    def get_serializer_class(self):
        return EnrollmentDetailOutput if self.action == "retrieve" else EnrollmentOutput

    def _detail(self, pk, *, code=status.HTTP_200_OK):
        return Response(EnrollmentDetailOutput(enrollment_get(access=self.access, pk=pk)).data, status=code)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(EnrollmentOutput(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(request=EnrollmentEnrollInput, responses={201: EnrollmentDetailOutput})
    @action(detail=False, methods=["post"])
    def enroll(self, request):
        """Enroll yourself, or (coordinators) assign an employee, into an offering."""
        data = _validated(request, EnrollmentEnrollInput)
        offering = enrollable_offering_get(access=self.access, pk=data["offering"])
        employee_id = data.get("employee")
        if employee_id is None or employee_id == self.access.employee_id:
            if self.access.employee_id is None:
                raise ValidationError(_("Your login has no employee record to enroll."))
            employee, source = employee_get(access=self.access, pk=self.access.employee_id), EnrollmentSource.SELF
        else:
            employee, source = employee_get(access=self.access, pk=employee_id), EnrollmentSource.ASSIGNED
        enrollment = enrollment_request(
            offering=offering,
            employee=employee,
            actor=request.user,
            source=source,
            override_reason=data["override_reason"],
        )
        return self._detail(enrollment.pk, code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EnrollmentDetailOutput)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        enrollment_approve(enrollment=enrollment_get(access=self.access, pk=pk), actor=request.user)
        return self._detail(pk)

    @extend_schema(request=EnrollmentRejectInput, responses=EnrollmentDetailOutput)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = _validated(request, EnrollmentRejectInput)
        enrollment_reject(enrollment=enrollment_get(access=self.access, pk=pk), actor=request.user, **data)
        return self._detail(pk)

    @extend_schema(request=EnrollmentReasonInput, responses=EnrollmentDetailOutput)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _validated(request, EnrollmentReasonInput)
        enrollment_cancel(enrollment=enrollment_get(access=self.access, pk=pk), actor=request.user, **data)
        return self._detail(pk)


@extend_schema(tags=["training"])
class NotificationViewSet(viewsets.GenericViewSet):
    """The caller's own notifications, newest first."""

    serializer_class = NotificationOutput

    def get_queryset(self):
        return notification_list(user=self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(NotificationOutput(page, many=True).data)

    @extend_schema(request=NotificationReadInput, responses=NotificationReadOutput)
    @action(detail=False, methods=["post"])
    def read(self, request):
        """Mark the given notifications (or all unread ones) as read."""
        data = _validated(request, NotificationReadInput)
        marked = notification_mark_read(user=request.user, notification_ids=data.get("ids"))
        return Response(NotificationReadOutput({"marked": marked}).data)


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("enrollments", EnrollmentViewSet, basename="enrollment")
    router.register("notifications", NotificationViewSet, basename="notification")
