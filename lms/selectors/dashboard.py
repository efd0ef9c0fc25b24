"""The HR dashboard (issue 5): training impact, JP compliance, IKM, predikat and suggestion uptake.

One read gathers every panel for one year and, optionally, one OPD (every panel narrows to it)
and one indicator (only impact is measured per indicator). Each panel comes from the selector
that owns its figures, so the dashboard never computes a number differently from the page the
number comes from; the cost is a fixed number of queries whatever the size of the regency.

Scope follows the caller: HR and administrators read everything, a coordinator their subtree
(a BKPSDM coordinator everything). Choosing an OPD outside one's scope is a 404.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from backend.appraisal.models import Indicator, Period
from backend.appraisal.selectors import (
    IkmResult,
    PredikatDistribution,
    ikm_result_list,
    ikm_survey_list,
    period_list,
    predikat_distribution_list,
    score_list,
)
from backend.appraisal.selectors.pages import annual_period
from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.models import Course
from lms.selectors.catalog import targeted_indicator_choices
from lms.selectors.impact import ImpactEstimate, can_see_impact, impact_list
from lms.selectors.ledger import OPD_PATH_LENGTH, JpCompliance, jp_compliance_list
from lms.selectors.suggestions import suggestion_uptake

# ``?sort=`` keys of the impact table and the estimate field each one orders by.
IMPACT_SORTS = {
    "course": "label",
    "treated": "n_treated",
    "control": "n_control",
    "treated_change": "treated_change",
    "control_change": "control_change",
    "did": "did",
    "closed": "gap_closed_share",
}
DEFAULT_IMPACT_SORT = "-did"
PANELS = frozenset({"impact", "compliance", "ikm", "predikat", "uptake"})


@dataclass(frozen=True)
class IkmRow:
    unit: OrgUnit
    period: Period
    result: IkmResult


@dataclass
class HrDashboard:
    year: int
    years: list[int]
    opd: OrgUnit | None
    opds: list[OrgUnit]
    indicator: Indicator | None
    indicators: list[Indicator]
    sort: str
    impact: list[ImpactEstimate]
    # The year whose offerings the impact table measures; None: offerings of every year.
    impact_year: int | None = None
    compliance: list[JpCompliance] = field(default_factory=list)
    ikm: list[IkmRow] = field(default_factory=list)
    predikat_period: Period | None = None
    predikat: list[PredikatDistribution] = field(default_factory=list)
    predikat_totals: dict[str, int] = field(default_factory=dict)
    uptake: dict = field(default_factory=dict)


def can_see_dashboard(access: Access) -> bool:
    """HR, administrators and coordinators: the same people who may read impact figures."""
    return can_see_impact(access)


def dashboard_access(access: Access) -> Access:
    """``access`` as its roles alone: a coordinator's panels hold their subtree, not also their
    own record and their team's, which would add a stray row for their own OPD."""
    return replace(access, employee_id=None, employee_unit_id=None, has_subordinates=False)


def _scope_paths(access: Access) -> tuple[str, ...] | None:
    """Subtrees the caller reads, or None for the whole regency."""
    return None if access.sees_all_employees else access.coordinated_paths


def dashboard_opd_choices(*, access: Access) -> list[OrgUnit]:
    """The OPDs the caller may narrow to: every OPD, or those holding the subtrees they coordinate.

    A coordinator of a puskesmas picks its Dinas, and still sees only the puskesmas in it.
    """
    opds = OrgUnit.objects.filter(parent__isnull=True).order_by("name")
    paths = _scope_paths(access)
    if paths is not None:
        opds = opds.filter(path__in={path[:OPD_PATH_LENGTH] for path in paths})
    return list(opds)


def dashboard_indicator_choices(*, access: Access, opd: OrgUnit | None = None) -> QuerySet[Indicator]:
    """Indicators some course targets, of the chosen OPD or of the OPDs in the caller's scope."""
    indicators = targeted_indicator_choices()
    paths = (opd.path,) if opd is not None else _scope_paths(access)
    if paths is not None:
        scope = Q(pk__in=[])
        for path in {p[:OPD_PATH_LENGTH] for p in paths}:
            scope |= Q(org_unit__path__startswith=path)
        indicators = indicators.filter(scope)
    return indicators


def dashboard_years(*, access: Access) -> list[int]:
    """Years with appraisal scores in the caller's scope, newest first (one query)."""
    scored = score_list(access=access).filter(period=OuterRef("pk"))
    return sorted(
        set(period_list().filter(Exists(scored)).order_by().values_list("year", flat=True).distinct()), reverse=True
    )


def sort_impact(rows: list[ImpactEstimate], sort: str) -> tuple[list[ImpactEstimate], str]:
    """Rows ordered by ``sort`` (a key of ``IMPACT_SORTS``, ``-`` for descending), and the sort used.

    Rows without a value (not enough data) always come last, whichever the direction, so that
    measured courses stay on top.
    """
    key = sort.removeprefix("-")
    if key not in IMPACT_SORTS:
        sort, key = DEFAULT_IMPACT_SORT, DEFAULT_IMPACT_SORT.removeprefix("-")
    attribute, descending = IMPACT_SORTS[key], sort.startswith("-")
    known = [row for row in rows if getattr(row, attribute) is not None]
    unknown = [row for row in rows if getattr(row, attribute) is None]

    def value(row):
        v = getattr(row, attribute)
        return v.casefold() if isinstance(v, str) else v

    known.sort(key=lambda row: (value(row), row.label.casefold(), row.key), reverse=descending)
    unknown.sort(key=lambda row: (row.label.casefold(), row.key))
    return known + unknown, sort


def ikm_by_unit(*, access: Access, year: int, opd: OrgUnit | None = None) -> list[IkmRow]:
    """Per service unit its latest IKM survey of ``year``, worst first (two queries).

    Surveys are quarterly in most units; the year's latest is the one the unit answers for.
    Units without answers yet come last.
    """
    surveys = ikm_survey_list().filter(period__year=year)
    paths = _scope_paths(access)
    if paths is not None:
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(org_unit__path__startswith=path)
        surveys = surveys.filter(scope)
    if opd is not None:
        surveys = surveys.filter(org_unit__path__startswith=opd.path)
    latest = {}
    for survey in surveys.order_by("org_unit_id", "-period__start_date"):
        latest.setdefault(survey.org_unit_id, survey)
    results = ikm_result_list(surveys=list(latest.values()))
    rows = [IkmRow(unit=s.org_unit, period=s.period, result=results[s.pk]) for s in latest.values()]
    return sorted(rows, key=lambda r: (r.result.value is None, r.result.value or 0, r.unit.name))


def _chosen_opd(opds: list[OrgUnit], org_unit_id: int | None) -> OrgUnit | None:
    if org_unit_id is None:
        return None
    opd = next((unit for unit in opds if unit.pk == org_unit_id), None)
    if opd is None:
        raise Http404
    return opd


def hr_dashboard_get(
    *,
    access: Access,
    year: int | None = None,
    org_unit_id: int | None = None,
    indicator_id: int | None = None,
    sort: str = DEFAULT_IMPACT_SORT,
    panels: frozenset[str] = PANELS,
    impact_of_year: bool = False,
) -> HrDashboard:
    """The ``panels`` of the dashboard for ``year`` (default: the latest year with scores, else this
    year); an export of one table asks for that panel alone.

    Impact is measured over offerings of every year unless ``impact_of_year``: a course's effect
    is not a calendar-year figure, and one year's classes are often too few to tell.

    Queries: the years with scores, the OPDs in scope, the indicators courses target, then each
    panel's own (impact, compliance 2, IKM 2, annual period 1 + predikat 3, uptake).
    """
    access = dashboard_access(access)
    years = dashboard_years(access=access)
    if year is None:
        year = years[0] if years else timezone.localdate().year
    opds = dashboard_opd_choices(access=access)
    opd = _chosen_opd(opds, org_unit_id)
    indicators = list(dashboard_indicator_choices(access=access, opd=opd))
    # An indicator left over from another OPD's choices is dropped, not an error: the page then
    # says no indicator is chosen.
    indicator = next((i for i in indicators if i.pk == indicator_id), None)

    board = HrDashboard(
        year=year,
        years=sorted({*years, year, timezone.localdate().year}, reverse=True),
        opd=opd,
        opds=opds,
        indicator=indicator,
        indicators=indicators,
        sort=sort,
        impact=[],
        impact_year=year if impact_of_year else None,
    )
    if "impact" in panels:
        rows = impact_list(
            access=access,
            group_by="course",
            year=board.impact_year,
            org_unit=opd,
            indicator_id=indicator.pk if indicator else None,
        )
        board.impact, board.sort = sort_impact(rows, sort)
    if "compliance" in panels:
        board.compliance = [
            row for row in jp_compliance_list(access=access, year=year) if opd is None or row.opd.pk == opd.pk
        ]
    if "ikm" in panels:
        board.ikm = ikm_by_unit(access=access, year=year, opd=opd)
    if "predikat" in panels:
        board.predikat_period = annual_period(year=year)
        if board.predikat_period is not None:
            rows = predikat_distribution_list(access=access, period=board.predikat_period)
            board.predikat = [row for row in rows if opd is None or row.opd.pk == opd.pk]
        for row in board.predikat:
            for key, n in row.counts.items():
                board.predikat_totals[key] = board.predikat_totals.get(key, 0) + n
    if "uptake" in panels:
        board.uptake = suggestion_uptake(access=access, year=year, org_unit=opd)
    return board


@dataclass
class CourseImpact:
    course: Course
    year: int | None
    opd: OrgUnit | None
    by_offering: list[ImpactEstimate]
    by_indicator: list[ImpactEstimate]
    by_opd: list[ImpactEstimate]


def course_impact_get(
    *, access: Access, course_pk: int, year: int | None = None, org_unit_id: int | None = None
) -> CourseImpact:
    """One course's impact broken down by offering, by indicator and by OPD, with the dashboard's
    year and OPD. Any course may be opened: the figures are those of the caller's scope."""
    access = dashboard_access(access)
    try:
        course = Course.objects.get(pk=course_pk)
    except Course.DoesNotExist:
        raise Http404 from None
    opd = _chosen_opd(dashboard_opd_choices(access=access), org_unit_id) if org_unit_id is not None else None
    common = {"access": access, "year": year, "org_unit": opd, "course_id": course.pk}
    return CourseImpact(
        course=course,
        year=year,
        opd=opd,
        by_offering=impact_list(group_by="offering", **common),
        by_indicator=impact_list(group_by="indicator", **common),
        by_opd=impact_list(group_by="opd", **common),
    )
