"""Budget pages: realisation per OPD, one OPD's budget with its revisions, an offering's cost lines.

HR and administrators set and revise budgets; coordinators read the budgets of the OPDs they
coordinate and cost the offerings they manage; nobody else sees money (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.people.access import access_for
from lms.exports import Sheet, xlsx_response
from lms.forms_budget import (
    ActualCostForm,
    BudgetForm,
    BudgetRevisionForm,
    PlannedCostForm,
    UnplannedCostForm,
)
from lms.models import CostKind
from lms.selectors import budget as selectors
from lms.selectors.budget_costs import offering_cost_managed_get, offering_costs_get
from lms.selectors.budget_realisation import budget_detail_get, budget_realisation_list
from lms.services import budget as services
from lms.views.budget_charts import realisation_chart
from lms.views.ledger import year_param

# Whole rupiah in a workbook: numbers stay numbers; the reader's locale chooses the separators.
RUPIAH_FORMAT = '"Rp "#,##0;-"Rp "#,##0'


def budget_years(year: int | None = None) -> list[int]:
    """The fiscal years the money pages offer (every one of them, so that they agree): three
    back, this one and the next, which is being budgeted, plus ``year`` if it is another."""
    current = timezone.localdate().year
    return sorted({*range(current - 3, current + 2), *([year] if year else [])}, reverse=True)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Realisation -----------------------------------------------------------------------


def _totals(rows) -> dict:
    budgeted = [r for r in rows if r.budget is not None]
    amount = sum(r.budget.amount for r in budgeted)
    # As per row: what the budgeted OPDs spent against their budgets (an OPD without one has no share).
    spent_of_budgets = sum(r.usage.spent for r in budgeted)
    return {
        "realised_pct": round(spent_of_budgets * 100 / amount, 1) if amount else None,
        "amount": sum(r.budget.amount for r in budgeted),
        "committed": sum(r.usage.committed for r in rows),
        "spent": sum(r.usage.spent for r in rows),
        "used": sum(r.usage.used for r in rows),
        "remaining": sum(r.remaining for r in budgeted),
        "drafts": sum(r.usage.drafts_planned for r in rows),
    }


@login_required
@require_GET
def budgets(request):
    access = access_for(request.user)
    year = year_param(request)
    rows = budget_realisation_list(access=access, year=year)
    context = {
        "rows": rows,
        "year": year,
        "years": budget_years(year),
        "totals": _totals(rows),
        "chart": realisation_chart(rows),
        "can_manage": selectors.can_manage_budgets(access),
    }
    return render(request, "lms/budget/list.html", context)


@login_required
@require_GET
def budgets_export(request):
    access = access_for(request.user)
    year = year_param(request)
    rows = budget_realisation_list(access=access, year=year)
    amounts = dict.fromkeys((1, 2, 3, 4, 5, 6), RUPIAH_FORMAT)
    sheet = Sheet(
        title=_("Budget realisation"),
        preamble=[
            (_("Fiscal year"), year),
            (_("Remaining"), _("Budget − used (a settled offering uses its actual cost, others their commitment).")),
            (_("Generated at"), timezone.now()),
        ],
        header=[
            _("OPD"),
            _("Budget"),
            _("Committed"),
            _("Spent"),
            _("Used"),
            _("Remaining"),
            _("Planned in drafts"),
            _("Realised (%)"),
        ],
        rows=[
            [
                r.opd.name,
                r.amount,
                r.usage.committed,
                r.usage.spent,
                r.usage.used,
                r.remaining,
                r.usage.drafts_planned,
                r.realised_pct,
            ]
            for r in rows
        ],
        number_formats=amounts,
    )
    return xlsx_response(f"realisasi-anggaran-pelatihan-{year}.xlsx", [sheet])


# --- One OPD's budget --------------------------------------------------------------------


def _plausible(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def budget_detail(request, opd_pk: int, year: int):
    """One OPD's budget for a year; HR and administrators set it (first) or revise it here."""
    access = access_for(request.user)
    detail = budget_detail_get(access=access, opd_pk=opd_pk, year=_plausible(year))
    form_class = BudgetForm if detail.budget is None else BudgetRevisionForm
    form = None
    if detail.can_manage:
        form = form_class(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                if detail.budget is None:
                    services.budget_create(
                        actor=request.user, org_unit=detail.opd, fiscal_year=detail.year, **form.cleaned_data
                    )
                    messages.success(request, _("The budget was set."))
                else:
                    services.budget_revise(actor=request.user, budget=detail.budget, **form.cleaned_data)
                    messages.success(request, _("The revision was recorded."))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("budget-detail", opd_pk=detail.opd.pk, year=detail.year)
    return render(
        request, "lms/budget/detail.html", {"detail": detail, "form": form, "years": budget_years(detail.year)}
    )


# --- An offering's costs -----------------------------------------------------------------


def _costs_context(costs, *, form=None) -> dict:
    if form is None and costs.plan_editable:
        form = PlannedCostForm()
    elif form is None and costs.actual_editable:
        form = UnplannedCostForm()
    return {"costs": costs, "offering": costs.offering, "form": form, "kinds": CostKind.choices}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offering_costs(request, pk: int):
    """An offering's cost lines: a fragment for its page (htmx), or a page of its own; POST adds a line."""
    access = access_for(request.user)
    costs = offering_costs_get(access=access, pk=pk)
    form = None
    if request.method == "POST":
        if not costs.can_edit:
            raise PermissionDenied
        form = PlannedCostForm(request.POST) if costs.plan_editable else UnplannedCostForm(request.POST)
        if form.is_valid():
            try:
                services.offering_cost_create(actor=request.user, offering=costs.offering, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The cost line was added."))
                return redirect("offering-costs", pk=pk)
    partial = request.method == "GET" and request.htmx and not request.htmx.history_restore_request
    template = "lms/budget/_offering_costs.html" if partial else "lms/budget/offering_costs.html"
    response = render(request, template, _costs_context(costs, form=form))
    patch_vary_headers(response, ["HX-Request"])
    if partial:
        add_never_cache_headers(response)
    return response


@login_required
@require_POST
def offering_cost_edit(request, pk: int):
    """Change a line: its plan while the offering is a draft, its actual amount afterwards."""
    access = access_for(request.user)
    line = offering_cost_managed_get(access=access, pk=pk)
    draft = line.offering.status == "draft"
    form = PlannedCostForm(request.POST) if draft else ActualCostForm(request.POST)
    if form.is_valid():
        try:
            services.offering_cost_update(actor=request.user, cost=line, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The cost line was saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("offering-costs", args=[line.offering_id]))


@login_required
@require_POST
def offering_cost_delete(request, pk: int):
    access = access_for(request.user)
    line = offering_cost_managed_get(access=access, pk=pk)
    try:
        services.offering_cost_delete(actor=request.user, cost=line)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The cost line was removed."))
    return redirect(reverse("offering-costs", args=[line.offering_id]))


urlpatterns = [
    path("budgets/", budgets, name="budgets"),
    path("budgets/export.xlsx", budgets_export, name="budgets-export"),
    path("budgets/<int:opd_pk>/<int:year>/", budget_detail, name="budget-detail"),
    path("offerings/<int:pk>/costs/", offering_costs, name="offering-costs"),
    path("offering-costs/<int:pk>/", offering_cost_edit, name="offering-cost-edit"),
    path("offering-costs/<int:pk>/delete/", offering_cost_delete, name="offering-cost-delete"),
]
