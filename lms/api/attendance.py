"""API of the attendance slice: viewsets, registered by `register`.

- ``GET /api/v1/attendance/`` (and ``/<id>/``): records the caller may read — those of
  offerings they manage, their own, or all for HR and administrators.
- ``POST /api/v1/attendance/roll-call/``: a coordinator of the offering marks a session.
- ``POST /api/v1/attendance/checkin/``: the signed-in participant checks in with a QR code.
"""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from backend.common.fields import IdField
from backend.people.access import access_for
from backend.people.api.serializers import EmployeeRefOutput
from lms.checkin import REFUSAL_CODES
from lms.choices import AttendanceStatus
from lms.filters_attendance import AttendanceFilter
from lms.models import Attendance, Enrollment, Session
from lms.selectors.attendance import attendance_get, attendance_list, session_managed_get
from lms.services.attendance import CheckinRefused, attendance_checkin, attendance_record_bulk

# --- Output -------------------------------------------------------------------


class AttendanceSessionOutput(serializers.ModelSerializer):
    offering_code = serializers.CharField(source="offering.code", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "offering", "offering_code", "date", "starts_at", "ends_at", "topic"]


class AttendanceEnrollmentOutput(serializers.ModelSerializer):
    employee = EmployeeRefOutput(read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "employee"]


class RecorderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        employee = getattr(user, "employee", None)
        return employee.name if employee is not None else user.get_username()


class AttendanceOutput(serializers.ModelSerializer):
    session = AttendanceSessionOutput(read_only=True)
    enrollment = AttendanceEnrollmentOutput(read_only=True)
    recorded_by = RecorderOutput(read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "enrollment", "status", "method", "recorded_by", "recorded_at", "note"]


class CheckinRefusalOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=REFUSAL_CODES)
    detail = serializers.CharField()


# --- Input --------------------------------------------------------------------


class RollCallMarkInput(serializers.Serializer):
    enrollment = IdField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class RollCallInput(serializers.Serializer):
    session = IdField()
    marks = RollCallMarkInput(many=True, allow_empty=False)

    def validate_marks(self, marks):
        ids = [mark["enrollment"] for mark in marks]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each enrollment may be marked once."))
        return marks


class CheckinInput(serializers.Serializer):
    token = serializers.CharField(max_length=200)


# --- Views --------------------------------------------------------------------


@extend_schema(tags=["training"])
class AttendanceViewSet(viewsets.GenericViewSet):
    """Attendance records, one per participant and session, with how and by whom each was recorded."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = AttendanceFilter
    ordering_fields = ["session__date", "recorded_at"]
    serializer_class = AttendanceOutput

    def get_queryset(self):
        return attendance_list(access=access_for(self.request.user))

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(AttendanceOutput(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(AttendanceOutput(attendance_get(access=access_for(request.user), pk=pk)).data)

    @extend_schema(request=RollCallInput, responses=AttendanceOutput(many=True))
    @action(detail=False, methods=["post"], url_path="roll-call", filter_backends=[], pagination_class=None)
    def roll_call(self, request):
        """Mark seat holders of a session (coordinators of its offering); nothing is written on any error."""
        data = self._validated(request, RollCallInput)
        session = session_managed_get(access=access_for(request.user), pk=data["session"])
        records = attendance_record_bulk(
            session=session, marks={mark["enrollment"]: mark["status"] for mark in data["marks"]}, actor=request.user
        )
        return Response(AttendanceOutput(records, many=True).data)

    @extend_schema(request=CheckinInput, responses={201: AttendanceOutput, 400: CheckinRefusalOutput})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def checkin(self, request):
        """Check the caller in with the code of the session screen; a refusal says which rule refused it."""
        data = self._validated(request, CheckinInput)
        try:
            record = attendance_checkin(token=data["token"], user=request.user)
        except CheckinRefused as exc:
            return Response({"code": exc.code, "detail": exc.messages[0]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(AttendanceOutput(record).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _validated(request, serializer_class):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
    router.register("attendance", AttendanceViewSet, basename="attendance")
