from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from backend.common.viewsets import ServiceViewSet, write_schema
from backend.people.access import access_for
from backend.people.api.permissions import CanManageEmployeesOrReadOnly, CanManageOrgUnitsOrReadOnly
from backend.people.api.serializers import (
    EmployeeInput,
    EmployeeOutput,
    MeOutput,
    OrgUnitInput,
    OrgUnitOutput,
)
from backend.people.filters import EmployeeFilter, OrgUnitFilter
from backend.people.lockout import lockout_json
from backend.people.selectors import (
    employee_for_user,
    employee_get,
    employee_list,
    org_unit_get,
    org_unit_list,
    role_assignment_list,
)
from backend.people.services import employee_create, employee_update, org_unit_create, org_unit_update


@extend_schema(tags=["people"])
@write_schema(EmployeeInput, EmployeeOutput)
class EmployeeViewSet(ServiceViewSet):
    """ASN records. Each user sees only the employees their role reaches; others are 404."""

    permission_classes = [IsAuthenticated, CanManageEmployeesOrReadOnly]
    filterset_class = EmployeeFilter
    ordering_fields = ["name", "nip", "grade"]
    output_serializer = EmployeeOutput
    input_serializer = EmployeeInput
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return employee_list(access=access_for(self.request.user))

    def get_object_scoped(self, pk):
        return employee_get(access=access_for(self.request.user), pk=pk)

    def perform_service_create(self, data):
        return employee_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return employee_update(actor=self.request.user, employee=obj, **data)


@extend_schema(tags=["people"])
@write_schema(OrgUnitInput, OrgUnitOutput)
class OrgUnitViewSet(ServiceViewSet):
    """The organisation tree (OPD → bidang / UPT / puskesmas / sekolah …), readable by every login."""

    permission_classes = [IsAuthenticated, CanManageOrgUnitsOrReadOnly]
    filterset_class = OrgUnitFilter
    ordering_fields = ["path", "name", "code"]
    output_serializer = OrgUnitOutput
    input_serializer = OrgUnitInput
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return org_unit_list()

    def get_object_scoped(self, pk):
        return org_unit_get(pk=pk)

    def perform_service_create(self, data):
        return org_unit_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return org_unit_update(actor=self.request.user, unit=obj, **data)


@extend_schema(tags=["people"], responses=MeOutput)
@api_view(["GET"])
def me(request):
    """Who the caller is, their employee record, roles and what they may do."""
    access = access_for(request.user)
    assignments = list(role_assignment_list(user=request.user))
    payload = {
        "username": request.user.get_username(),
        "employee": employee_for_user(user=request.user),
        "roles": sorted({a.role for a in assignments} | ({"supervisor"} if access.is_supervisor else set())),
        "coordinated_units": [a.org_unit for a in assignments if a.org_unit_id],
        "is_supervisor": access.is_supervisor,
        "sees_all_employees": access.sees_all_employees,
        "can_manage_employees": access.can_manage_employees,
    }
    return Response(MeOutput(payload).data)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


@extend_schema(
    tags=["people"],
    responses={
        200: OpenApiResponse(TokenOutput, description="The token."),
        400: OpenApiResponse(description="Wrong username or password."),
        429: OpenApiResponse(description="Too many failed logins of this username from this address: try later."),
    },
)
class TokenObtainView(ObtainAuthToken):
    """A token for a username and password, counted by the same login lockout as the pages.

    Axes marks the DRF request, which its middleware never sees, so the lockout is answered here.
    """

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout_json(request, getattr(request, "axes_credentials", None))
            raise
