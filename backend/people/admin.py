"""Django admin for reference data. Every save goes through the services, so
the admin keeps the same rules and history as the pages and the API."""

from django.contrib import admin

from backend.people.models import Employee, OrgUnit, Position, RoleAssignment
from backend.people.services import (
    EMPLOYEE_FIELDS,
    ORG_UNIT_FIELDS,
    POSITION_FIELDS,
    employee_create,
    employee_update,
    org_unit_create,
    org_unit_update,
    position_create,
    position_update,
    role_grant,
    role_revoke,
)


def _changed(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_competency_agency", "is_active"]
    list_filter = ["kind", "is_competency_agency", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fields = ORG_UNIT_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            saved = org_unit_update(actor=request.user, unit=obj, **_changed(form, ORG_UNIT_FIELDS))
        else:
            saved = org_unit_create(actor=request.user, **{name: form.cleaned_data[name] for name in ORG_UNIT_FIELDS})
        obj.pk, obj.path = saved.pk, saved.path

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "eselon"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if change:
            position_update(actor=request.user, position=obj, **_changed(form, POSITION_FIELDS))
        else:
            data = {name: form.cleaned_data[name] for name in POSITION_FIELDS}
            obj.pk = position_create(actor=request.user, **data).pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["name", "nip", "employment_type", "grade", "position", "unit", "is_active"]
    list_filter = ["employment_type", "position__kind", "is_active"]
    search_fields = ["name", "nip"]
    list_select_related = ["position", "unit"]
    autocomplete_fields = ["position", "unit", "supervisor", "user"]
    fields = EMPLOYEE_FIELDS
    readonly_fields = ["birth_date", "sex"]

    def save_model(self, request, obj, form, change):
        if change:
            employee_update(actor=request.user, employee=obj, **_changed(form, EMPLOYEE_FIELDS))
        else:
            data = {name: form.cleaned_data[name] for name in EMPLOYEE_FIELDS}
            obj.pk = employee_create(actor=request.user, **data).pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org_unit", "granted_by", "granted_at", "notified_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "org_unit__name"]
    list_select_related = ["user", "org_unit", "granted_by"]
    autocomplete_fields = ["user", "org_unit"]
    fields = ["user", "role", "org_unit"]

    def has_change_permission(self, request, obj=None):
        # A role is granted or revoked, never edited in place: history stays readable.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.pk = role_grant(actor=request.user, **form.cleaned_data).pk

    def delete_model(self, request, obj):
        role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            role_revoke(actor=request.user, assignment=assignment)
