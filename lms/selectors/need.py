"""How much an employee needs a course: what orders a full offering's waitlist.

Two measures, in this order of weight (issue 4, "ordered by need"):

- the performance gap on the course's target indicators in the employee's latest scored
  period: for each target indicator achieved below its target, the points short (100 −
  achievement) times the course's weight for that indicator, summed;
- the JP still missing this year (PNS toward 20 JP; PPPK have no target, so no deficit).

Two queries whatever the course: the scores (with the latest period as a subquery and the
course's weights joined in), and the year's JP total.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from backend.appraisal.selectors import score_list
from backend.common.charts import plain_number
from backend.people.access import Access
from lms.models import CourseIndicator
from lms.rules import format_jp
from lms.selectors.jp import jp_progress_get

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class NeedItem:
    indicator: str
    achievement: Decimal
    weight: Decimal

    @property
    def points_short(self) -> Decimal:
        return HUNDRED - self.achievement

    @property
    def weighted(self) -> Decimal:
        return self.points_short * self.weight


@dataclass(frozen=True)
class Need:
    year: int
    gap: Decimal
    jp_deficit_minutes: int
    items: tuple[NeedItem, ...]
    reason: str


def _own_access(employee) -> Access:
    # The need is read as the employee would see their own scores, whoever asks on their
    # behalf: a coordinator of another agency must not get a zero gap for lack of scope.
    return Access(user_id=employee.user_id, employee_id=employee.pk, employee_unit_id=employee.unit_id)


def enrollment_need_get(*, employee, course, year: int) -> Need:
    """The employee's need for ``course`` in ``year``, with the reason in plain words."""
    own_scores = score_list(access=_own_access(employee)).filter(employee_id=employee.pk)
    latest_period = own_scores.order_by("-period__start_date", "-period__end_date").values("period_id")[:1]
    weight = CourseIndicator.objects.filter(course_id=course.pk, indicator_id=OuterRef("indicator_id")).values(
        "weight"
    )[:1]
    rows = (
        own_scores.filter(period_id=Subquery(latest_period), achievement__lt=HUNDRED)
        .annotate(course_weight=Subquery(weight))
        .filter(course_weight__isnull=False)
        .order_by("achievement", "indicator__code")
        .values_list("indicator__name", "achievement", "course_weight")
    )
    items = tuple(NeedItem(indicator=name, achievement=value, weight=weight) for name, value, weight in rows)
    gap = sum((item.weighted for item in items), Decimal(0)).quantize(Decimal("0.01"))
    progress = jp_progress_get(employee=employee, year=year)
    return Need(
        year=year,
        gap=gap,
        jp_deficit_minutes=progress.deficit_minutes,
        items=items,
        reason=need_reason(items=items, jp_deficit_minutes=progress.deficit_minutes, year=year),
    )


def need_reason(*, items: tuple[NeedItem, ...], jp_deficit_minutes: int, year: int) -> str:
    parts = [
        _("Achievement «%(indicator)s» %(achievement)s %% of target (gap %(gap)s points × weight %(weight)s)")
        % {
            "indicator": item.indicator,
            "achievement": plain_number(item.achievement),
            "gap": plain_number(item.points_short),
            "weight": plain_number(item.weight),
        }
        for item in items
    ]
    if jp_deficit_minutes:
        parts.append(_("%(jp)s JP short in %(year)s") % {"jp": format_jp(jp_deficit_minutes), "year": year})
    if not parts:
        return _("No gap on the course's indicators and no JP deficit in %(year)s") % {"year": year}
    return "; ".join(parts)[:500]
