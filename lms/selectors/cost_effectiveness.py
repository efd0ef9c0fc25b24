"""Cost-effectiveness of training: what each rupiah bought, per course and per owning OPD.

Rows are built from **finished** offerings (delivered training) whose costs the caller reads
(``lms.selectors.budget.offering_money_visible``) and that have cost lines (an offering with
none has an unknown cost and is left out; ``uncosted`` counts them). With a year, offerings
that started in that fiscal year.

- **Cost**: per line its actual amount, or its planned amount while the actual one is not
  recorded; ``basis`` says which: ``actual`` (every line recorded), ``planned`` (none) or ``mixed``.
- **Participants**: seat holders (enrolled, completed, not completed); **completed**: those
  who completed; **JP delivered**: the JP credited to them (1 JP = 45 minutes).
- Cost **per participant**, **per JP** and **per completed participant**: the cost divided by
  each, in whole rupiah.
- Cost **per point of indicator improvement** = cost per completed participant ÷ the impact
  estimate (difference in differences, in achievement points) of the course, or of the OPD's
  offerings, from ``lms.selectors.impact.impact_list`` — never estimated again here. Its 95 %
  interval is the cost per completed participant ÷ the upper and ÷ the lower bound of the
  estimate's interval, with the estimate's n of both groups. When the impact has fewer than
  ``LMS_IMPACT_MIN_N`` participants (or none was measured) the row says *not enough data*; when
  the estimate is not above zero, or its interval reaches zero, a cost per point cannot be
  determined (it would be negative or unbounded) and the row says so.

The impact of a course is measured over its participants in the caller's scope, for offerings
that ended in the year when a year is chosen (``impact_list``'s rule); an offering running
over New Year counts its cost in the year it started.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import BigIntegerField, Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from backend.people.access import Access
from backend.people.models import OrgUnit
from lms.choices import SEAT_STATUSES, EnrollmentStatus, OfferingStatus
from lms.models import Enrollment, Offering, OfferingCost
from lms.rules import JP_MINUTES
from lms.selectors.budget import offering_money_visible, require_money
from lms.selectors.dashboard import dashboard_access
from lms.selectors.impact import ImpactEstimate, ImpactGroup, impact_list
from lms.selectors.ledger import OPD_PATH_LENGTH


class CostGroup:
    COURSE = "course"
    OPD = "opd"
    CHOICES = ((COURSE, _("Course")), (OPD, _("OPD (owning the offerings)")))
    VALUES = (COURSE, OPD)


class PointStatus:
    MEASURED = "measured"
    NOT_ENOUGH_DATA = "not_enough_data"
    NOT_DETERMINABLE = "not_determinable"
    LABELS = {
        MEASURED: _("Measured"),
        NOT_ENOUGH_DATA: _("Not enough data"),
        NOT_DETERMINABLE: _("Not determinable"),
    }


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _per(cost: int, count: int | Decimal) -> Decimal | None:
    return _rupiah(Decimal(cost) / Decimal(count)) if count else None


@dataclass(frozen=True)
class CostPerPoint:
    """Cost per point of measured improvement, with the impact estimate it comes from."""

    status: str
    reason: str = ""
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    did: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n_treated: int = 0
    n_control: int = 0

    @property
    def status_label(self) -> str:
        return str(PointStatus.LABELS[self.status])


def cost_per_point(cost_per_completed: Decimal | None, estimate: ImpactEstimate | None) -> CostPerPoint:
    """The cost of one point of improvement (see the module's rules): a number only when it means one."""
    if estimate is None:
        return CostPerPoint(
            PointStatus.NOT_ENOUGH_DATA, str(_("No participant was measured against a comparison group."))
        )
    figures = {
        "did": estimate.did,
        "ci_low": estimate.ci_low,
        "ci_high": estimate.ci_high,
        "n_treated": estimate.n_treated,
        "n_control": estimate.n_control,
    }
    if not estimate.enough_data:
        return CostPerPoint(
            PointStatus.NOT_ENOUGH_DATA,
            str(_("Fewer than %(n)d participants measured.") % {"n": settings.LMS_IMPACT_MIN_N}),
            **figures,
        )
    if cost_per_completed is None:
        return CostPerPoint(PointStatus.NOT_DETERMINABLE, str(_("No participant completed.")), **figures)
    if estimate.did is None or estimate.did <= 0:
        return CostPerPoint(
            PointStatus.NOT_DETERMINABLE, str(_("No improvement over the comparison group.")), **figures
        )
    if estimate.ci_low is None or estimate.ci_high is None or estimate.ci_low <= 0:
        return CostPerPoint(
            PointStatus.NOT_DETERMINABLE, str(_("The improvement is not clearly above zero.")), **figures
        )
    return CostPerPoint(
        PointStatus.MEASURED,
        value=_rupiah(cost_per_completed / Decimal(str(estimate.did))),
        low=_rupiah(cost_per_completed / Decimal(str(estimate.ci_high))),
        high=_rupiah(cost_per_completed / Decimal(str(estimate.ci_low))),
        **figures,
    )


@dataclass
class CostEffectiveness:
    group: str
    key: int
    label: str
    offerings: int = 0
    # Offerings whose cost is (partly) planned, their actual amounts not all recorded.
    offerings_planned: int = 0
    lines: int = 0
    lines_recorded: int = 0
    cost: int = 0
    participants: int = 0
    completed: int = 0
    jp_minutes: int = 0
    point: CostPerPoint = field(default_factory=lambda: CostPerPoint(PointStatus.NOT_ENOUGH_DATA))

    @property
    def basis(self) -> str:
        if self.lines_recorded == self.lines:
            return "actual"
        return "planned" if self.lines_recorded == 0 else "mixed"

    @property
    def basis_label(self) -> str:
        return str({"actual": _("Actual"), "planned": _("Planned"), "mixed": _("Actual and planned")}[self.basis])

    @property
    def jp(self) -> Decimal:
        return (Decimal(self.jp_minutes) / JP_MINUTES).quantize(Decimal("0.01"))

    @property
    def cost_per_participant(self) -> Decimal | None:
        return _per(self.cost, self.participants)

    @property
    def cost_per_jp(self) -> Decimal | None:
        return _per(self.cost, self.jp) if self.jp_minutes else None

    @property
    def cost_per_completed(self) -> Decimal | None:
        return _per(self.cost, self.completed)


@dataclass
class CostEffectivenessReport:
    group: str
    year: int | None
    rows: list[CostEffectiveness]
    # Finished offerings in scope left out for having no cost line.
    uncosted: int
    min_n: int

    @property
    def count(self) -> int:
        return len(self.rows)


def _line_total(expression, **filters) -> Coalesce:
    total = (
        OfferingCost.objects.filter(offering=OuterRef("pk"), **filters)
        .order_by()
        .values("offering")
        .annotate(total=expression)
        .values("total")[:1]
    )
    return Coalesce(Subquery(total, output_field=BigIntegerField()), 0)


def _seats(**filters) -> Coalesce:
    return _enrollment_total(Count("pk"), **filters)


def _enrollment_total(expression, **filters) -> Coalesce:
    total = (
        Enrollment.objects.filter(offering=OuterRef("pk"), **filters)
        .order_by()
        .values("offering")
        .annotate(total=expression)
        .values("total")[:1]
    )
    return Coalesce(Subquery(total, output_field=BigIntegerField()), 0)


def cost_effectiveness_list(
    *, access: Access, group_by: str = CostGroup.COURSE, year: int | None = None
) -> CostEffectivenessReport:
    """Cost-effectiveness per course or per owning OPD (see the module's rules).

    Queries: the offerings with their costs and seats (1), the labels of the OPDs (1, by OPD),
    then ``impact_list``'s own.
    """
    require_money(access)
    if group_by not in CostGroup.VALUES:
        raise ValueError(group_by)
    offerings = Offering.objects.filter(offering_money_visible(access), status=OfferingStatus.FINISHED)
    if year is not None:
        offerings = offerings.filter(start_date__year=year)
    rows = (
        offerings.annotate(
            opd_path=Substr("owner_unit__path", 1, OPD_PATH_LENGTH),
            cost=_line_total(Sum(Coalesce("actual_amount", "planned_amount"))),
            lines=_line_total(Count("pk")),
            recorded=_line_total(Count("pk"), actual_amount__isnull=False),
            participants=_seats(status__in=SEAT_STATUSES),
            completed=_seats(status=EnrollmentStatus.COMPLETED),
            jp_minutes=_enrollment_total(Sum("credited_minutes"), status=EnrollmentStatus.COMPLETED),
        )
        .order_by()
        .values_list(
            "course_id",
            "course__title",
            "opd_path",
            "cost",
            "lines",
            "recorded",
            "participants",
            "completed",
            "jp_minutes",
        )
    )
    grouped: dict[int, CostEffectiveness] = {}
    uncosted = 0
    for course_id, title, opd_path, cost, lines, recorded, participants, completed, minutes in rows:
        if not lines:
            uncosted += 1
            continue
        key = course_id if group_by == CostGroup.COURSE else int(opd_path.strip("/"))
        row = grouped.setdefault(key, CostEffectiveness(group=group_by, key=key, label=title))
        row.offerings += 1
        row.offerings_planned += recorded < lines
        row.lines += lines
        row.lines_recorded += recorded
        row.cost += cost
        row.participants += participants
        row.completed += completed
        row.jp_minutes += minutes
    if group_by == CostGroup.OPD and grouped:
        names = dict(OrgUnit.objects.filter(pk__in=list(grouped)).values_list("pk", "name"))
        for key, row in grouped.items():
            row.label = names.get(key, str(key))
    estimates: dict[int, ImpactEstimate] = {}
    if grouped:
        impact_group = ImpactGroup.COURSE if group_by == CostGroup.COURSE else ImpactGroup.OWNER
        for estimate in impact_list(access=dashboard_access(access), group_by=impact_group, year=year):
            estimates[estimate.key] = estimate
    for key, row in grouped.items():
        row.point = cost_per_point(row.cost_per_completed, estimates.get(key))
    ordered = sorted(grouped.values(), key=lambda r: (-r.cost, r.label.casefold(), r.key))
    return CostEffectivenessReport(
        group=group_by, year=year, rows=ordered, uncosted=uncosted, min_n=settings.LMS_IMPACT_MIN_N
    )
