from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import api_view
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

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
from backend.people.selectors import (
    employee_for_user,
    employee_get,
    employee_list,
    org_unit_get,
    org_unit_list,
    role_assignment_list,
)
from backend.people.services import employee_create, employee_update, org_unit_create, org_unit_update


class _ListRetrieveWriteViewSet(viewsets.GenericViewSet):
    """List/retrieve through a selector, create/update through a service."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    output_serializer = None
    input_serializer = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.input_serializer
        return self.output_serializer

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.output_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.output_serializer(self.get_object_scoped(pk)).data)

    def create(self, request):
        data = self._validated(request, partial=False)
        obj = self.perform_service_create(data)
        return Response(self.output_serializer(self.get_object_scoped(obj.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        return self._update(request, pk, partial=False)

    def partial_update(self, request, pk=None):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, *, partial):
        obj = self.get_object_scoped(pk)
        data = self._validated(request, partial=partial)
        obj = self.perform_service_update(obj, data)
        return Response(self.output_serializer(self.get_object_scoped(obj.pk)).data)

    def _validated(self, request, *, partial):
        serializer = self.input_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _write_schema(input_serializer, output_serializer):
    """Document writes as taking the input serializer and answering with the output one."""
    return extend_schema_view(
        create=extend_schema(request=input_serializer, responses={201: output_serializer}),
        update=extend_schema(request=input_serializer, responses=output_serializer),
        partial_update=extend_schema(request=input_serializer, responses=output_serializer),
    )


@extend_schema(tags=["people"])
@_write_schema(EmployeeInput, EmployeeOutput)
class EmployeeViewSet(_ListRetrieveWriteViewSet):
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
@_write_schema(OrgUnitInput, OrgUnitOutput)
class OrgUnitViewSet(_ListRetrieveWriteViewSet):
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
