"""The cost-effectiveness page and workbook: what each rupiah bought, per course or per owning OPD."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backend.people.access import access_for
from lms.exports import Sheet, xlsx_response
from lms.selectors.cost_effectiveness import CostGroup, cost_effectiveness_list
from lms.views.budget import RUPIAH_FORMAT, budget_years
from lms.views.budget_charts import bar_chart

CHART_ROWS = 20


def _filters(request) -> dict:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None
    # "group_by", as the API names it.
    group = request.GET.get("group_by", CostGroup.COURSE)
    return {"year": year, "group_by": group if group in CostGroup.VALUES else CostGroup.COURSE}


@login_required
@require_GET
def cost_effectiveness(request):
    filters = _filters(request)
    report = cost_effectiveness_list(access=access_for(request.user), **filters)
    per_jp = [(row.label, row.cost_per_jp) for row in report.rows[:CHART_ROWS]]
    query = {"group_by": report.group, **({"year": report.year} if report.year else {})}
    context = {
        "report": report,
        "groups": CostGroup.CHOICES,
        "years": budget_years(report.year),
        "chart": bar_chart(per_jp, title=_("Cost per JP delivered")),
        "chart_rows": CHART_ROWS,
        "query": urlencode(query),
    }
    return render(request, "lms/budget/cost_effectiveness.html", context)


def _number(value):
    return None if value is None else int(value)


@login_required
@require_GET
def cost_effectiveness_export(request):
    filters = _filters(request)
    report = cost_effectiveness_list(access=access_for(request.user), **filters)
    group_label = dict(CostGroup.CHOICES)[report.group]
    header = [
        group_label,
        _("Offerings"),
        _("Cost basis"),
        _("Cost"),
        _("Participants"),
        _("Completed"),
        _("JP delivered"),
        _("Cost per participant"),
        _("Cost per JP"),
        _("Cost per completed participant"),
        _("Improvement (DiD, points)"),
        _("95 % interval, low"),
        _("95 % interval, high"),
        _("Participants measured (n)"),
        _("Comparison (n)"),
        _("Cost per point"),
        _("Cost per point, low"),
        _("Cost per point, high"),
        _("Cost per point: status"),
    ]

    def rounded(value):
        return None if value is None else round(value, 2)

    rows = [
        [
            row.label,
            row.offerings,
            row.basis_label,
            row.cost,
            row.participants,
            row.completed,
            row.jp,
            _number(row.cost_per_participant),
            _number(row.cost_per_jp),
            _number(row.cost_per_completed),
            rounded(row.point.did),
            rounded(row.point.ci_low),
            rounded(row.point.ci_high),
            row.point.n_treated,
            row.point.n_control,
            _number(row.point.value),
            _number(row.point.low),
            _number(row.point.high),
            row.point.status_label if not row.point.reason else f"{row.point.status_label}: {row.point.reason}",
        ]
        for row in report.rows
    ]
    sheet = Sheet(
        title=_("Cost-effectiveness"),
        preamble=[
            (_("Grouped by"), group_label),
            (_("Fiscal year"), report.year or _("Every year")),
            (_("Offerings"), _("Finished offerings with cost lines")),
            (_("Minimum n for an estimate"), report.min_n),
            (_("Finished offerings without costs (left out)"), report.uncosted),
            (_("Generated at"), timezone.now()),
        ],
        header=header,
        rows=rows,
        number_formats=dict.fromkeys((3, 7, 8, 9, 15, 16, 17), RUPIAH_FORMAT),
    )
    stem = f"efektivitas-biaya-{report.group}-{report.year or 'semua'}"
    return xlsx_response(f"{stem}.xlsx", [sheet])


urlpatterns = [
    path("cost-effectiveness/", cost_effectiveness, name="cost-effectiveness"),
    path("cost-effectiveness/export.xlsx", cost_effectiveness_export, name="cost-effectiveness-export"),
]
