"""Reads of the JP ledger: entries, per-employee summaries, compliance per OPD, external claims.

Totals are correlated ``Sum`` subqueries per employee (never an aggregate over a join that
would multiply rows), so a summary page costs the same whatever its size.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, Substr
from django.http import Http404

from backend.people.access import Access, employee_visibility, org_unit_within_scope
from backend.people.choices import EmploymentType
from backend.people.models import Employee, OrgUnit, unit_path
from lms.choices import ActivityStatus
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from lms.rules import JP_MINUTES, Conversion, activity_minutes, jp_from_minutes
from lms.selectors.jp import jp_target_minutes

# Every OPD's path is "/" + its zero-padded id + "/": the first this many characters of any
# unit's path name its OPD.
OPD_PATH_LENGTH = len(unit_path(None, 0))


# --- Who may do what with claims -----------------------------------------------------


def activity_reviewable(access: Access, activity: ExternalActivity) -> bool:
    """HR and administrators, or a coordinator whose scope holds the employee; never one's own claim."""
    if access.employee_id is not None and activity.employee_id == access.employee_id:
        return False
    if access.is_admin or access.is_hr:
        return True
    return access.is_coordinator and org_unit_within_scope(access, activity.employee.unit)


def activities_reviewable(access: Access) -> Q:
    """A filter on ``ExternalActivity`` for the claims ``access`` may verify or reject."""
    if access.is_admin or access.is_hr or (access.is_coordinator and access.coordinates_all):
        scope = Q(pk__isnull=False)
    else:
        scope = Q(pk__in=[])
        if access.is_coordinator:
            for path in access.coordinated_paths:
                scope |= Q(employee__unit__path__startswith=path)
    if access.employee_id is not None:
        scope &= ~Q(employee_id=access.employee_id)
    return scope


def can_submit_activity(access: Access, employee: Employee) -> bool:
    """The ASN for themself; HR, administrators and the coordinators of their scope on their behalf."""
    if access.employee_id is not None and employee.pk == access.employee_id:
        return True
    if access.is_admin or access.is_hr:
        return True
    return access.is_coordinator and org_unit_within_scope(access, employee.unit)


def can_see_compliance(access: Access) -> bool:
    return access.sees_all_employees or access.is_coordinator


def can_manage_conversions(access: Access) -> bool:
    return access.is_admin or access.is_hr


def compliance_unit_get(*, access: Access, pk) -> OrgUnit:
    """A unit whose shortfall list ``access`` may open: in their scope, or an OPD holding their scope."""
    try:
        unit = OrgUnit.objects.select_related("parent").get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_see_compliance(access):
        raise Http404
    # A coordinator of a puskesmas clicks the row of its Dinas: they see their own part of it.
    if org_unit_within_scope(access, unit) or any(path.startswith(unit.path) for path in access.coordinated_paths):
        return unit
    raise Http404


# --- Conversion table and claims ----------------------------------------------------


def jp_conversion_list() -> QuerySet[JpConversion]:
    return JpConversion.objects.order_by("kind")


def jp_conversion_get(*, pk) -> JpConversion:
    try:
        return JpConversion.objects.get(pk=pk)
    except (JpConversion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def external_activity_list(*, access: Access) -> QuerySet[ExternalActivity]:
    """The claims of the employees ``access`` may see, newest first."""
    return (
        ExternalActivity.objects.filter(employee_visibility(access, prefix="employee__"))
        .select_related("employee__unit", "reviewed_by")
        .order_by("-submitted_at", "-pk")
    )


def employee_activity_list(*, access: Access, employee, year: int) -> QuerySet[ExternalActivity]:
    """One employee's claims for "JP saya": those of ``year`` and any still waiting for review."""
    return (
        external_activity_list(access=access)
        .filter(employee=employee)
        .filter(Q(end_date__year=year) | Q(status=ActivityStatus.SUBMITTED))
    )


def external_activity_get(*, access: Access, pk) -> ExternalActivity:
    try:
        return external_activity_list(access=access).get(pk=pk)
    except (ExternalActivity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def activity_review_list(*, access: Access) -> QuerySet[ExternalActivity]:
    """Claims waiting for ``access`` to verify or reject them, oldest first."""
    return (
        ExternalActivity.objects.filter(activities_reviewable(access), status=ActivityStatus.SUBMITTED)
        .select_related("employee__unit", "employee__position")
        .order_by("submitted_at", "pk")
    )


def activity_reviewed_list(*, access: Access) -> QuerySet[ExternalActivity]:
    """Claims ``access`` may review that were already decided, latest decision first."""
    return (
        ExternalActivity.objects.filter(activities_reviewable(access))
        .exclude(status=ActivityStatus.SUBMITTED)
        .select_related("employee__unit", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


def _months(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


Span = tuple[datetime.date, datetime.date, int]


def capped_sessions(*, prior: list[Span], cap: int, start: datetime.date, end: datetime.date, units: int) -> int:
    """Sessions of a new claim that still fit the monthly cap after the ``prior`` verified claims.

    Each claim fills its months from the first onwards, in the order claims were verified, so the
    same history always gives the same answer without storing per-month counts.
    """
    used: dict[tuple[int, int], int] = {}

    def take(first: datetime.date, last: datetime.date, wanted: int) -> int:
        taken = 0
        for month in _months(first, last):
            step = min(wanted - taken, max(0, cap - used.get(month, 0)))
            used[month] = used.get(month, 0) + step
            taken += step
            if taken >= wanted:
                break
        return taken

    for first, last, wanted in prior:
        take(first, last, wanted)
    return take(start, end, units)


@dataclass(frozen=True)
class Claim:
    minutes: int
    # Sessions that count after the monthly cap (only for per-session kinds), else None.
    sessions: int | None
    conversion: JpConversion


def activity_claim_get(
    *,
    employee_id: int | None,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date,
    units: int | None,
    is_international: bool,
    exclude_activity_id: int | None = None,
) -> Claim:
    """The JP (in minutes) a claim earns now: the conversion row, its caps, and for coaching and
    mentoring the sessions already verified for the same employee in the same months."""
    conversion = JpConversion.objects.filter(kind=kind).first()
    if conversion is None:
        raise JpConversion.DoesNotExist(kind)
    sessions = None
    if conversion.max_units_per_month:
        wanted = units or 1
        prior = []
        if employee_id is not None:
            prior = [
                (first, last, n or 1)
                for first, last, n in ExternalActivity.objects.filter(
                    employee_id=employee_id, kind=kind, status=ActivityStatus.VERIFIED
                )
                .exclude(pk=exclude_activity_id)
                .order_by("reviewed_at", "pk")
                .values_list("start_date", "end_date", "units")
            ]
        sessions = capped_sessions(
            prior=prior, cap=conversion.max_units_per_month, start=start_date, end=end_date, units=wanted
        )
        units = sessions
    minutes = 0
    if sessions != 0:
        minutes = activity_minutes(
            conversion=Conversion(conversion.basis, conversion.jp, conversion.max_units_per_month),
            start=start_date,
            end=end_date,
            units=units,
            international=is_international,
            international_bonus_pct=settings.LMS_INTERNATIONAL_BONUS_PCT,
        )
    return Claim(minutes=minutes, sessions=sessions, conversion=conversion)


# --- The ledger ---------------------------------------------------------------------


def jp_ledger_list(*, access: Access, year: int | None = None, employee: Employee | None = None):
    """Ledger entries of the employees ``access`` sees, with the course or activity behind each."""
    entries = JpLedgerEntry.objects.filter(employee_visibility(access, prefix="employee__")).select_related(
        # The certificate (certificates app) is the evidence shown beside a completed course.
        "employee__unit",
        "enrollment__offering__course",
        "enrollment__certificate",
        "activity",
    )
    if year is not None:
        entries = entries.filter(year=year)
    if employee is not None:
        entries = entries.filter(employee=employee)
    return entries.order_by("-date", "-pk")


def jp_ledger_get(*, access: Access, pk) -> JpLedgerEntry:
    try:
        return jp_ledger_list(access=access).get(pk=pk)
    except (JpLedgerEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _earned(year: int) -> Coalesce:
    totals = (
        JpLedgerEntry.objects.filter(employee=OuterRef("pk"), year=year)
        .order_by()
        .values("employee")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), 0)


def jp_summary_list(*, access: Access, year: int, unit: OrgUnit | None = None) -> QuerySet[Employee]:
    """Active employees in scope with ``earned_minutes``, ``counted_minutes`` (PPPK capped),
    ``target_minutes`` (PNS only, else None) and ``deficit_minutes`` for ``year``.

    A PPPK's contract year is taken as the calendar year: contracts carry no start date here.
    """
    target = jp_target_minutes()
    cap = settings.LMS_PPPK_CAP_JP * JP_MINUTES
    employees = Employee.objects.filter(employee_visibility(access), is_active=True).select_related(
        "unit__parent", "position"
    )
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    return employees.annotate(
        earned_minutes=_earned(year),
        counted_minutes=Case(
            When(employment_type=EmploymentType.PPPK, then=Least(F("earned_minutes"), Value(cap))),
            default=F("earned_minutes"),
            output_field=IntegerField(),
        ),
        target_minutes=Case(
            When(employment_type=EmploymentType.PNS, then=Value(target)), default=None, output_field=IntegerField()
        ),
        deficit_minutes=Case(
            When(employment_type=EmploymentType.PNS, then=Greatest(Value(target) - F("counted_minutes"), Value(0))),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("name", "pk")


def jp_shortfall_list(*, access: Access, year: int, unit: OrgUnit) -> QuerySet[Employee]:
    """The PNS of ``unit``'s subtree (in scope) below the yearly target, largest deficit first."""
    return (
        jp_summary_list(access=access, year=year, unit=unit)
        .filter(employment_type=EmploymentType.PNS, earned_minutes__lt=jp_target_minutes())
        .order_by("-deficit_minutes", "name", "pk")
    )


@dataclass
class JpCompliance:
    opd: OrgUnit
    pns: int
    met: int
    total_minutes: int

    @property
    def short(self) -> int:
        return self.pns - self.met

    @property
    def share(self) -> Decimal:
        """Percentage of PNS at or above the target, one decimal."""
        return (Decimal(self.met) * 100 / self.pns).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def mean_jp(self) -> Decimal:
        return (jp_from_minutes(self.total_minutes) / self.pns).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def jp_compliance_list(*, access: Access, year: int) -> list[JpCompliance]:
    """Per OPD (top-level unit) the PNS in scope, those at or above the target, and their JP.

    Two queries: one grouped over employees (each row one employee, its total a subquery, so
    nothing multiplies), one for the OPDs' names. PPPK are not part of the PNS target.
    """
    target = jp_target_minutes()
    rows = list(
        Employee.objects.filter(employee_visibility(access), is_active=True, employment_type=EmploymentType.PNS)
        .annotate(opd_path=Substr("unit__path", 1, OPD_PATH_LENGTH), earned=_earned(year))
        .order_by()
        .values("opd_path")
        .annotate(pns=Count("pk"), met=Count("pk", filter=Q(earned__gte=target)), total=Sum("earned"))
        .values_list("opd_path", "pns", "met", "total")
    )
    opds = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=[row[0] for row in rows])}
    result = [
        JpCompliance(opd=opds[path], pns=pns, met=met, total_minutes=total or 0)
        for path, pns, met, total in rows
        if path in opds
    ]
    return sorted(result, key=lambda row: row.opd.name)
