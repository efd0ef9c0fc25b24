"""Pages of the training-needs plan (AKPK): the plan of an OPD and a year, a gap's employees, the workbook."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backend.people.access import access_for
from lms.access import can_manage_offerings
from lms.choices import GapKind
from lms.exports import Sheet, xlsx_response
from lms.selectors import needs as selectors
from lms.views.ledger import year_param as _year


def _years(year: int) -> list[int]:
    # Next year too: the plan is drawn up the year before it is carried out.
    current = timezone.localdate().year
    return sorted({*range(current - 3, current + 2), year}, reverse=True)


def _scope(request):
    """The caller's access, the plan year and the OPD asked for (404 outside their scope)."""
    access = access_for(request.user)
    if not selectors.can_see_training_needs(access):
        raise PermissionDenied
    opd = request.GET.get("opd", "")
    unit = selectors.training_need_unit_get(access=access, pk=opd) if opd else None
    return access, _year(request), unit


def _query(year: int, unit) -> str:
    return f"year={year}" + (f"&opd={unit.pk}" if unit is not None else "")


@login_required
@require_GET
def training_needs(request):
    access, year, unit = _scope(request)
    plan = selectors.training_need_plan(access=access, year=year, org_unit=unit, with_funding=True)
    return render(
        request,
        "lms/needs/plan.html",
        {
            "plan": plan,
            "year": year,
            "years": _years(year),
            "opd": unit,
            "opds": selectors.training_need_unit_choices(access=access),
            "whole": access.sees_all_employees,
            "query": _query(year, unit),
            "may_create": can_manage_offerings(access),
            "owner_id": selectors.need_offering_owner_id(access, unit),
        },
    )


@login_required
@require_GET
def training_need_detail(request, kind: str, code: str):
    """Who has one gap: a fragment for the plan's expanded row (htmx), or a page of its own."""
    access, year, unit = _scope(request)
    plan = selectors.training_need_plan(
        access=access, year=year, org_unit=unit, with_employees=True, kind=kind, code=code
    )
    context = {"plan": plan, "row": plan.rows[0], "employees": plan.employees, "year": year, "opd": unit}
    context["query"] = _query(year, unit)
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, "lms/needs/_employees.html" if partial else "lms/needs/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    if partial:
        add_never_cache_headers(response)
    return response


def _courses_cell(row) -> str:
    return "; ".join(f"{c.code} – {c.title} ({c.weight})" for c in row.courses)


@login_required
@require_GET
def training_needs_export(request):
    """The plan as a workbook: a header block and the table, then the employees behind each row."""
    access, year, unit = _scope(request)
    plan = selectors.training_need_plan(access=access, year=year, org_unit=unit, with_employees=True)
    if unit is not None:
        scope_name = unit.name
    else:
        scope_name = _("Whole regency") if access.sees_all_employees else _("All your units")
    preamble = [
        (_("OPD"), scope_name),
        (_("Year"), year),
        (_("Gaps from the period"), str(plan.period) if plan.period else _("No scores yet")),
        (_("Generated at"), timezone.now()),
    ]
    plan_sheet = Sheet(
        title=_("Training needs"),
        preamble=preamble,
        header=[
            _("Kind"),
            _("Code"),
            _("Gap"),
            _("Employees"),
            _("Mean gap"),
            _("Answering courses"),
            _("Covered"),
            _("Requested"),
            _("Open seats"),
            _("Seats scheduled"),
            _("Shortfall"),
        ],
        rows=[
            [
                row.kind_label,
                row.code,
                row.label,
                row.employees,
                row.mean_size,
                _courses_cell(row),
                row.covered,
                row.requested,
                row.open_seats,
                row.seats_scheduled,
                row.shortfall,
            ]
            for row in plan.rows
        ],
    )
    employee_sheet = Sheet(
        title=_("Employees"),
        header=[_("Name"), _("NIP"), _("Unit"), _("Kind"), _("Gap"), _("Size"), _("Covered"), _("Offering")],
        rows=[
            [
                item.employee.name,
                item.employee.nip,
                item.employee.unit.label,
                GapKind(item.kind).label,
                item.label,
                item.size,
                item.cover_label,
                item.offering_code,
            ]
            for item in plan.employees
        ],
        text_columns={1},
    )
    if unit is not None:
        slug = unit.code
    elif access.sees_all_employees:
        slug = "semua"
    else:
        # A coordinator's whole scope: named by the units they coordinate.
        slug = "-".join(selectors.training_need_unit_choices(access=access).values_list("code", flat=True)[:3])
    slug = slug or "cakupan"
    return xlsx_response(f"kebutuhan-pelatihan-{slug}-{year}.xlsx", [plan_sheet, employee_sheet])


urlpatterns = [
    path("needs/", training_needs, name="training-needs"),
    path("needs/export.xlsx", training_needs_export, name="training-needs-export"),
    path("needs/<slug:kind>/<slug:code>/", training_need_detail, name="training-need-detail"),
]
