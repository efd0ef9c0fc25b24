from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from backend.audit.selectors import audit_history
from backend.people.access import access_for
from backend.people.filters import EmployeeFilter, OrgUnitFilter
from backend.people.forms import EmployeeForm
from backend.people.selectors import (
    employee_for_user,
    employee_get,
    employee_list,
    employee_subordinate_list,
    org_unit_choices,
    org_unit_list,
    org_unit_tree,
    role_assignment_list,
)
from backend.people.services import employee_create, employee_update

PAGE_SIZE = 25


@login_required
def home(request):
    access = access_for(request.user)
    employee = employee_for_user(user=request.user)
    context = {
        "employee": employee,
        "assignments": role_assignment_list(user=request.user),
        "team": employee_subordinate_list(employee=employee) if access.is_supervisor else [],
    }
    return render(request, "people/home.html", context)


@login_required
def employee_index(request):
    access = access_for(request.user)
    filterset = EmployeeFilter(
        request.GET or None, queryset=employee_list(access=access), unit_choices=org_unit_choices(access=access)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # A history restore needs the whole page, not the table the live search swaps in.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/_employee_table.html" if partial else "people/employee_list.html"
    response = render(request, template, {"filter": filterset, "page": page, "query": query.urlencode()})
    # The same URL answers a fragment or a page: caches (the browser's Back) must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    if partial:
        add_never_cache_headers(response)
    return response


@login_required
def employee_detail(request, pk: int):
    access = access_for(request.user)
    employee = employee_get(access=access, pk=pk)
    context = {
        "employee": employee,
        "subordinates": employee_subordinate_list(employee=employee).filter(pk__in=employee_list(access=access)),
        "history": audit_history(obj=employee) if access.can_manage_employees else None,
    }
    return render(request, "people/employee_detail.html", context)


def _employee_form_page(request, *, employee=None):
    access = access_for(request.user)
    if not access.can_manage_employees:
        raise PermissionDenied
    initial = EmployeeForm.initial_for(employee) if employee else {"is_active": True}
    form = EmployeeForm(request.POST or None, initial=initial, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            if employee is None:
                employee = employee_create(actor=request.user, **form.service_kwargs())
                messages.success(request, _("The employee was added."))
            else:
                employee = employee_update(actor=request.user, employee=employee, **form.service_kwargs())
                messages.success(request, _("The changes were saved."))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("employee-detail", pk=employee.pk)
    return render(request, "people/employee_form.html", {"form": form, "employee": employee})


@login_required
def employee_create_page(request):
    return _employee_form_page(request)


@login_required
def employee_update_page(request, pk: int):
    employee = employee_get(access=access_for(request.user), pk=pk)
    return _employee_form_page(request, employee=employee)


@login_required
def org_unit_index(request):
    filterset = OrgUnitFilter(request.GET or None, queryset=org_unit_list())
    shown = set(filterset.qs.values_list("pk", flat=True))
    units = [unit for unit in org_unit_tree() if unit.pk in shown]
    return render(request, "people/org_unit_list.html", {"filter": filterset, "units": units})
