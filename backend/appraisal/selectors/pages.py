"""Reads that the appraisal pages need, shaped for them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from backend.appraisal.choices import PeriodKind
from backend.appraisal.models import Evaluation, Indicator, Period, Score
from backend.appraisal.selectors.core import appraisal_rules_get, score_list
from backend.common.db import subquery_count
from backend.people.access import Access
from backend.people.models import Employee


@dataclass(frozen=True)
class ScoreHistory:
    periods: list[Period]
    # Indicator → achievements aligned with ``periods`` (None where not scored).
    rows: dict[Indicator, list[Decimal | None]]


def score_history(*, access: Access, employee: Employee, periods: int = 8) -> ScoreHistory:
    """An employee's achievements over their last ``periods`` scored periods (two queries)."""
    scores = list(score_list(access=access).filter(employee=employee).order_by("period__start_date"))
    ordered = sorted({s.period for s in scores}, key=lambda p: p.start_date)[-periods:]
    position = {p.pk: i for i, p in enumerate(ordered)}
    rows: dict[Indicator, list[Decimal | None]] = {}
    for score in scores:
        if score.period_id in position:
            rows.setdefault(score.indicator, [None] * len(ordered))[position[score.period_id]] = score.achievement
    return ScoreHistory(periods=ordered, rows=dict(sorted(rows.items(), key=lambda item: item[0].code)))


def latest_scored_period(*, access: Access, employee: Employee | None = None) -> Period | None:
    scores = score_list(access=access)
    if employee is not None:
        scores = scores.filter(employee=employee)
    latest = scores.order_by("-period__start_date").values_list("period_id", flat=True).first()
    return Period.objects.filter(pk=latest).first() if latest else None


def annual_period(*, year: int) -> Period | None:
    return Period.objects.filter(year=year, kind=PeriodKind.ANNUAL).first()


def team_list(*, access: Access, period: Period) -> QuerySet[Employee]:
    """The caller's direct subordinates, with score counts for ``period`` and the year's predikat.

    HR may write anyone's scores, but "my team" is the people one appraises.
    """
    weak_below = appraisal_rules_get().weak_threshold
    scores = Score.objects.filter(employee=OuterRef("pk"), period=period)
    annual = Evaluation.objects.filter(
        employee=OuterRef("pk"), period__year=period.year, period__kind=PeriodKind.ANNUAL
    ).values("predikat")[:1]
    return (
        Employee.objects.filter(supervisor_id=access.employee_id or 0, is_active=True)
        .select_related("position", "unit__parent")
        .annotate(
            score_count=subquery_count(scores, outer_field="employee"),
            weak_count=subquery_count(scores.filter(achievement__lt=weak_below), outer_field="employee"),
            predikat=Subquery(annual),
        )
        .order_by("name")
    )


def score_sheet_get(*, employee: Employee, period: Period) -> tuple[QuerySet[Indicator], list[dict]]:
    """The appraiser's sheet: indicators on offer (the employee's own and their OPD's) and the
    pre-filled rows, one per indicator the employee carries (their SKP), with this period's values."""
    opd_path = employee.unit.path.split("/")[1]
    indicators = (
        Indicator.objects.filter(
            Q(scores__employee=employee) | Q(org_unit__path__startswith=f"/{opd_path}/", is_active=True)
        )
        .distinct()
        .order_by("code")
    )
    scored = {s.indicator_id: s for s in Score.objects.filter(employee=employee, period=period)}
    assigned = set(Score.objects.filter(employee=employee).values_list("indicator_id", flat=True))
    rows = [
        {
            "indicator": indicator,
            "target": scored[indicator.pk].target if indicator.pk in scored else None,
            "realisasi": scored[indicator.pk].realisasi if indicator.pk in scored else None,
            "evidence_url": scored[indicator.pk].evidence_url if indicator.pk in scored else "",
        }
        for indicator in indicators
        if indicator.pk in assigned
    ]
    return indicators, rows
