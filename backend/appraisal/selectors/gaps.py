"""Performance gaps: the input of course suggestions and needs planning (PP 17/2020 Pasal 206).

A gap names what is weak, how far (``size``) and where the evidence comes from:

- an indicator achieved below the weak threshold (default 80 %): size = 100 − achievement,
  the percentage points short of target;
- a BerAKHLAK value rated below expectation in the evaluation covering the period: size 1
  (one step below expectation);
- for service staff (employees with a community-satisfaction score in the period), an IKM
  element of their unit's survey whose converted score (NRR × 25) is below its threshold:
  size = threshold − converted score.

Everything is set-based: a fixed number of queries whatever the number of employees.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from backend.appraisal.choices import BerakhlakValue, IkmElement, IndicatorCategory, Rating
from backend.appraisal.models import BehaviourRating, Period, Score, period_label
from backend.appraisal.selectors.core import appraisal_rules_get
from backend.appraisal.selectors.ikm import ikm_results_for_period
from backend.common.charts import plain_number
from backend.people.access import Access, employee_visibility
from backend.people.models import OrgUnit

HUNDRED = Decimal(100)


class GapKind:
    INDICATOR = "indicator"
    BEHAVIOUR = "behaviour"
    IKM_ELEMENT = "ikm_element"


@dataclass(frozen=True)
class Gap:
    employee_id: int
    kind: str
    code: str
    label: str
    size: Decimal
    value: Decimal | None
    threshold: Decimal | None
    source: str


def _indicator_gaps(scope: Q, period: Period, threshold: Decimal) -> list[Gap]:
    rows = (
        Score.objects.filter(scope, period=period, achievement__lt=threshold)
        .values("employee_id", "indicator__code", "indicator__name", "achievement", "target", "realisasi")
        .order_by("employee_id", "achievement")
    )
    return [
        Gap(
            employee_id=row["employee_id"],
            kind=GapKind.INDICATOR,
            code=row["indicator__code"],
            label=row["indicator__name"],
            size=HUNDRED - row["achievement"],
            value=row["achievement"],
            threshold=threshold,
            source=_("Score %(period)s: realisasi %(realisasi)s against target %(target)s")
            % {"period": period, "realisasi": plain_number(row["realisasi"]), "target": plain_number(row["target"])},
        )
        for row in rows
    ]


def _behaviour_gaps(scope: Q, period: Period) -> list[Gap]:
    rows = (
        BehaviourRating.objects.filter(
            scope,
            rating=Rating.BELOW,
            evaluation__period__start_date__lte=period.start_date,
            evaluation__period__end_date__gte=period.end_date,
        )
        .values(
            "value",
            employee_id=F("evaluation__employee_id"),
            year=F("evaluation__period__year"),
            kind=F("evaluation__period__kind"),
            number=F("evaluation__period__number"),
        )
        .order_by("employee_id", "value")
    )
    return [
        Gap(
            employee_id=row["employee_id"],
            kind=GapKind.BEHAVIOUR,
            code=row["value"],
            label=BerakhlakValue(row["value"]).label,
            size=Decimal(1),
            value=None,
            threshold=None,
            source=_("Evaluation %(period)s: rated below expectation")
            % {"period": period_label(row["kind"], row["number"], row["year"])},
        )
        for row in rows
    ]


def _ikm_gaps(scope: Q, period: Period, threshold: Decimal) -> list[Gap]:
    weak_surveys = []
    for survey, result in ikm_results_for_period(period=period):
        weak = {e: v for e, v in result.converted.items() if v < threshold}
        if weak:
            weak_surveys.append((survey, result, weak))
    if not weak_surveys:
        return []
    staff = (
        Score.objects.filter(scope, period=period, indicator__category=IndicatorCategory.COMMUNITY_SATISFACTION)
        .values("employee_id", "employee__unit__path")
        .distinct()
        .order_by("employee_id")
    )
    gaps = []
    for row in staff:
        for survey, result, weak in weak_surveys:
            if not row["employee__unit__path"].startswith(survey.org_unit.path):
                continue
            for element, value in weak.items():
                gaps.append(
                    Gap(
                        employee_id=row["employee_id"],
                        kind=GapKind.IKM_ELEMENT,
                        code=element,
                        label=IkmElement(element).label,
                        size=threshold - value,
                        value=value,
                        threshold=threshold,
                        source=_("IKM %(unit)s %(period)s: %(element)s scored %(value)s (n = %(n)d)")
                        % {
                            "unit": survey.org_unit,
                            "period": period,
                            "element": element.upper(),
                            "value": value,
                            "n": result.responses,
                        },
                    )
                )
    return gaps


def _scopes(access: Access, unit: OrgUnit | None, employee_id: int | None) -> tuple[Q, Q]:
    """Filters for scores and for behaviour ratings: visible employees, narrowed as asked."""
    scope = employee_visibility(access, prefix="employee__")
    behaviour_scope = employee_visibility(access, prefix="evaluation__employee__")
    if unit is not None:
        scope &= Q(employee__unit__path__startswith=unit.path)
        behaviour_scope &= Q(evaluation__employee__unit__path__startswith=unit.path)
    if employee_id is not None:
        scope &= Q(employee_id=employee_id)
        behaviour_scope &= Q(evaluation__employee_id=employee_id)
    return scope, behaviour_scope


def gap_list(*, access: Access, period: Period, unit: OrgUnit | None = None, employee_id: int | None = None):
    """Every gap of every employee ``access`` sees (optionally of one unit subtree or one employee)."""
    config = appraisal_rules_get()
    scope, behaviour_scope = _scopes(access, unit, employee_id)
    return [
        *_indicator_gaps(scope, period, config.weak_threshold),
        *_behaviour_gaps(behaviour_scope, period),
        *_ikm_gaps(scope, period, config.ikm_element_weak_below),
    ]


def employee_gap_list(*, access: Access, employee_id: int, period: Period) -> list[Gap]:
    return sorted(gap_list(access=access, period=period, employee_id=employee_id), key=lambda g: -g.size)


@dataclass(frozen=True)
class GapSummary:
    kind: str
    code: str
    label: str
    employees: int
    mean_size: Decimal


def org_unit_gap_summary(*, access: Access, unit: OrgUnit | None, period: Period) -> list[GapSummary]:
    """Gaps of a unit subtree (or of everyone visible) aggregated: employees affected, mean size.

    Indicator gaps are grouped in the database; behaviour and IKM gaps, few per unit, in memory.
    """
    config = appraisal_rules_get()
    scope, behaviour_scope = _scopes(access, unit, None)
    indicator_rows = (
        Score.objects.filter(scope, period=period, achievement__lt=config.weak_threshold)
        .values("indicator__code", "indicator__name")
        .annotate(employees=Count("employee", distinct=True), mean_achievement=Avg("achievement"))
        .order_by()
    )
    summaries = [
        GapSummary(
            kind=GapKind.INDICATOR,
            code=row["indicator__code"],
            label=row["indicator__name"],
            employees=row["employees"],
            mean_size=(HUNDRED - Decimal(row["mean_achievement"])).quantize(Decimal("0.01")),
        )
        for row in indicator_rows
    ]
    others = [*_behaviour_gaps(behaviour_scope, period), *_ikm_gaps(scope, period, config.ikm_element_weak_below)]
    grouped: dict[tuple[str, str], list[Gap]] = defaultdict(list)
    for gap in others:
        grouped[(gap.kind, gap.code)].append(gap)
    for (kind, code), gaps in grouped.items():
        summaries.append(
            GapSummary(
                kind=kind,
                code=code,
                label=gaps[0].label,
                employees=len({g.employee_id for g in gaps}),
                mean_size=(sum((g.size for g in gaps), Decimal(0)) / len(gaps)).quantize(Decimal("0.01")),
            )
        )
    return sorted(summaries, key=lambda s: (-s.employees, -s.mean_size))
