"""The HR dashboard: impact by course, JP compliance, IKM, predikat and suggestion uptake, with exports."""

from html import escape

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backend.appraisal.choices import Predikat
from backend.appraisal.views import PREDIKAT_COLOURS
from backend.common.charts import bar_shares
from backend.people.access import access_for
from lms.exports import Sheet, csv_response, xlsx_response
from lms.rules import format_jp
from lms.selectors.dashboard import (
    DEFAULT_IMPACT_SORT,
    IMPACT_SORTS,
    PANELS,
    can_see_dashboard,
    course_impact_get,
    hr_dashboard_get,
)
from lms.selectors.jp import jp_target_minutes

MET_COLOUR, SHORT_COLOUR = "#0b6e4f", "#d9652b"
UP_COLOUR, DOWN_COLOUR, UNSURE_COLOUR = "#0b6e4f", "#b3261e", "#8a96a3"
UPTAKE_COLOURS = {"enrolled": "#0b6e4f", "suggested": "#3b6ea5", "dismissed": "#c98a00", "lapsed": "#8a96a3"}


# --- Parsing -------------------------------------------------------------------------


def _positive_int(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _filters(request) -> dict:
    year = _positive_int(request, "year")
    return {
        "year": year if year is not None and 2000 <= year <= 2100 else None,
        "org_unit_id": _positive_int(request, "opd"),
        "indicator_id": _positive_int(request, "indicator"),
        "impact_of_year": request.GET.get("impact") == "year",
    }


def _require(access) -> None:
    if not can_see_dashboard(access):
        raise PermissionDenied


def _board(request, panels=PANELS):
    access = access_for(request.user)
    _require(access)
    sort = request.GET.get("sort", DEFAULT_IMPACT_SORT)
    return hr_dashboard_get(access=access, sort=sort, panels=panels, **_filters(request))


def _query(board, **extra) -> str:
    """The filters of ``board`` as a query string, so that every link keeps them."""
    params = {"year": board.year}
    if board.impact_year is not None:
        params["impact"] = "year"
    if board.opd is not None:
        params["opd"] = board.opd.pk
    if board.indicator is not None:
        params["indicator"] = board.indicator.pk
    params.update(extra)
    return urlencode(params)


# --- Charts --------------------------------------------------------------------------


def _interval_scale(rows) -> float:
    """Half the width of the shared axis: the largest distance from zero any row reaches."""
    reach = [abs(v) for row in rows if row.enough_data for v in (row.ci_low, row.ci_high, row.did) if v is not None]
    return max(reach, default=1.0) * 1.1 or 1.0


def interval_bar(row, scale: float, *, width: int = 180, height: int = 18) -> SafeString:
    """A zero line, the 95 % interval as a bar and the estimate as a dot, on an axis of ±``scale``."""
    if not row.enough_data or row.did is None:
        return mark_safe("")

    def x(value: float) -> float:
        return width / 2 + max(-1.0, min(1.0, value / scale)) * (width / 2 - 4)

    low = row.ci_low if row.ci_low is not None else row.did
    high = row.ci_high if row.ci_high is not None else row.did
    colour = UP_COLOUR if low > 0 else DOWN_COLOUR if high < 0 else UNSURE_COLOUR
    title = escape(f"{row.did:+.1f} ({low:+.1f} … {high:+.1f})")
    return mark_safe(  # noqa: S308 - numbers only, and the title escaped
        f'<svg class="interval" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="0" y2="{height}" stroke="#1d2733" stroke-width="1"/>'
        f'<rect x="{x(low):.1f}" y="{height / 2 - 3:.1f}" width="{max(x(high) - x(low), 1):.1f}" height="6" '
        f'rx="2" fill="{colour}" fill-opacity="0.45"/>'
        f'<circle cx="{x(row.did):.1f}" cy="{height / 2:.1f}" r="4" fill="{colour}"/></svg>'
    )


def _impact_rows(rows) -> tuple[list[dict], float]:
    scale = _interval_scale(rows)
    return [{"estimate": row, "bar": interval_bar(row, scale)} for row in rows], scale


def _predikat_bar(counts: dict[str, int]) -> SafeString:
    return bar_shares(
        counts={Predikat(key).label: n for key, n in counts.items()},
        colours={Predikat(key).label: colour for key, colour in PREDIKAT_COLOURS.items()},
    )


def _sort_links(board) -> list[dict]:
    """Column headers: a click sorts by the column, largest first; a second click reverses."""
    labels = {
        "course": _("Course"),
        "treated": _("Participants (n)"),
        "control": _("Comparison (n)"),
        "treated_change": _("Change, participants"),
        "control_change": _("Change, comparison"),
        "did": _("Difference (DiD) with 95 % interval"),
        "closed": _("Gap closed"),
    }
    links = []
    for key in IMPACT_SORTS:
        active = board.sort.removeprefix("-") == key
        descending = board.sort.startswith("-")
        # Text sorts A→Z first, figures largest first.
        first = key if key == "course" else f"-{key}"
        target = (key if descending else f"-{key}") if active else first
        links.append(
            {
                "key": key,
                "label": labels[key],
                "url": f"?{_query(board, sort=target)}",
                "active": active,
                "arrow": ("↓" if descending else "↑") if active else "",
            }
        )
    return links


# --- Pages ---------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    board = _board(request)
    impact, scale = _impact_rows(board.impact)
    met_label, short_label = _("At the target"), _("Below the target")
    for row in board.compliance:
        row.bar = bar_shares(
            counts={met_label: row.met, short_label: row.short},
            colours={met_label: MET_COLOUR, short_label: SHORT_COLOUR},
        )
    for row in board.predikat:
        row.bar = _predikat_bar(row.counts)
    uptake_labels = {
        "enrolled": _("Enrolled"),
        "suggested": _("Still suggested"),
        "dismissed": _("Dismissed"),
        "lapsed": _("No longer applies"),
    }
    uptake_bar = bar_shares(
        counts={uptake_labels[k]: board.uptake.get(k, 0) for k in uptake_labels},
        colours={uptake_labels[k]: c for k, c in UPTAKE_COLOURS.items()},
        width=360,
    )
    context = {
        "min_n": settings.LMS_IMPACT_MIN_N,
        "board": board,
        "impact": impact,
        "scale": scale,
        "sort_links": _sort_links(board),
        "query": _query(board),
        "query_sorted": _query(board, sort=board.sort),
        "target_jp": format_jp(jp_target_minutes()),
        "compliance_legend": [(met_label, MET_COLOUR), (short_label, SHORT_COLOUR)],
        "predikat_legend": [(Predikat(k).label, c) for k, c in PREDIKAT_COLOURS.items()],
        "predikat_total_bar": _predikat_bar(board.predikat_totals) if board.predikat_totals else "",
        "predikat_labels": Predikat.choices,
        "uptake_rows": [(uptake_labels[k], board.uptake.get(k, 0), UPTAKE_COLOURS[k]) for k in uptake_labels],
        "uptake_bar": uptake_bar,
        "interval_legend": [
            (_("Better than the comparison group"), UP_COLOUR),
            (_("Worse than the comparison group"), DOWN_COLOUR),
            (_("Not clearly different"), UNSURE_COLOUR),
        ],
    }
    return render(request, "lms/dashboard/dashboard.html", context)


@login_required
@require_GET
def course_impact(request, course_pk: int):
    access = access_for(request.user)
    _require(access)
    filters = _filters(request)
    detail = course_impact_get(
        access=access,
        course_pk=course_pk,
        year=filters["year"] if filters["impact_of_year"] else None,
        org_unit_id=filters["org_unit_id"],
    )
    sections = []
    for title, rows in (
        (_("By offering"), detail.by_offering),
        (_("By indicator"), detail.by_indicator),
        (_("By the participants' OPD"), detail.by_opd),
    ):
        shown, scale = _impact_rows(rows)
        sections.append({"title": title, "rows": shown, "scale": scale})
    back = {"year": filters["year"]} if filters["year"] else {}
    if detail.year:
        back["impact"] = "year"
    if detail.opd is not None:
        back["opd"] = detail.opd.pk
    return render(
        request,
        "lms/dashboard/course_impact.html",
        {"detail": detail, "sections": sections, "back_query": urlencode(back), "min_n": settings.LMS_IMPACT_MIN_N},
    )


# --- Exports -------------------------------------------------------------------------


def _impact_table(board) -> tuple[list[str], list[list]]:
    headers = [
        _("Course"),
        _("Participants (n)"),
        _("Comparison (n)"),
        _("Change, participants"),
        _("Change, comparison"),
        _("Difference (DiD)"),
        _("95 % interval, low"),
        _("95 % interval, high"),
        _("Share whose gap closed"),
        _("Enough data"),
    ]

    def rounded(value):
        return None if value is None else round(value, 2)

    rows = [
        [
            row.label,
            row.n_treated,
            row.n_control,
            rounded(row.treated_change),
            rounded(row.control_change),
            rounded(row.did),
            rounded(row.ci_low),
            rounded(row.ci_high),
            rounded(row.gap_closed_share),
            _("yes") if row.enough_data else _("no"),
        ]
        for row in board.impact
    ]
    return headers, rows


def _panels(board) -> list:
    """Every panel as (sheet name, headers, rows): the workbook of the whole dashboard."""
    impact = _impact_table(board)
    compliance = (
        [_("OPD"), _("PNS"), _("At the target"), _("Share (%)"), _("Mean JP")],
        [[r.opd.name, r.pns, r.met, float(r.share), float(r.mean_jp)] for r in board.compliance],
    )
    ikm = (
        [_("Unit"), _("Period"), _("Responses"), _("IKM"), _("Grade")],
        [
            [
                r.unit.name,
                str(r.period),
                r.result.responses,
                float(r.result.value) if r.result.value is not None else None,
                r.result.grade or "",
            ]
            for r in board.ikm
        ],
    )
    predikat = (
        [_("OPD"), _("Evaluated"), *[label for _key, label in Predikat.choices]],
        [[r.opd.name, r.total, *[r.counts.get(key, 0) for key in Predikat.values]] for r in board.predikat],
    )
    uptake = (
        [_("Suggested"), _("Enrolled"), _("Dismissed"), _("No longer applies"), _("Total"), _("Uptake (%)")],
        [
            [
                board.uptake.get("suggested", 0),
                board.uptake.get("enrolled", 0),
                board.uptake.get("dismissed", 0),
                board.uptake.get("lapsed", 0),
                board.uptake.get("total", 0),
                round(board.uptake["uptake"] * 100, 1) if board.uptake.get("uptake") is not None else None,
            ]
        ],
    )
    return [
        Sheet(_("Impact"), *impact, preamble=_preamble(board)),
        (_("JP compliance"), *compliance),
        (_("IKM"), *ikm),
        (_("Predikat"), *predikat),
        (_("Suggestion uptake"), *uptake),
    ]


def _preamble(board) -> list[tuple]:
    """What the impact figures are, written above the table: the filters and the comparison group."""
    return [
        (_("Year (offerings ended)"), board.impact_year or _("Every year")),
        (_("OPD"), board.opd.name if board.opd else _("Every OPD in scope")),
        (_("Indicator"), board.indicator.name if board.indicator else _("Every target indicator")),
        (
            _("Comparison group"),
            _("Employees weak on the same indicator in the same period who did not take the course"),
        ),
        (_("Minimum n for an estimate"), settings.LMS_IMPACT_MIN_N),
    ]


def _filename(board, stem: str, extension: str) -> str:
    parts = [stem, str(board.year)]
    if board.opd is not None:
        parts.append(board.opd.code)
    return f"{'-'.join(parts)}.{extension}"


@login_required
@require_GET
def impact_csv(request):
    board = _board(request, panels=frozenset({"impact"}))
    return csv_response(_filename(board, "impact", "csv"), *_impact_table(board), preamble=_preamble(board))


@login_required
@require_GET
def impact_xlsx(request):
    board = _board(request, panels=frozenset({"impact"}))
    header, rows = _impact_table(board)
    return xlsx_response(_filename(board, "impact", "xlsx"), [Sheet(_("Impact"), header, rows, _preamble(board))])


@login_required
@require_GET
def dashboard_xlsx(request):
    board = _board(request)
    return xlsx_response(_filename(board, "dashboard", "xlsx"), _panels(board))


urlpatterns = [
    path("dashboard/", dashboard, name="hr-dashboard"),
    path("dashboard/impact.csv", impact_csv, name="hr-dashboard-impact-csv"),
    path("dashboard/impact.xlsx", impact_xlsx, name="hr-dashboard-impact-xlsx"),
    path("dashboard/dashboard.xlsx", dashboard_xlsx, name="hr-dashboard-xlsx"),
    path("dashboard/impact/<int:course_pk>/", course_impact, name="hr-dashboard-course"),
]
