from rest_framework.permissions import SAFE_METHODS, BasePermission

from backend.people.access import access_for


class CanManageEmployeesOrReadOnly(BasePermission):
    """Everyone may read (what their scope shows); HR and administrators write."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or access_for(request.user).can_manage_employees


class CanManageOrgUnitsOrReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or access_for(request.user).can_manage_org_units
