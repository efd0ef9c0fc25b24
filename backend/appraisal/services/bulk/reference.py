"""Reference data in bulk: periods, the indicator library, the OPDs' own ratings."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.access import can_manage_reference, require
from backend.appraisal.choices import PERIODS_PER_YEAR, OrgRating, PeriodKind, PeriodStatus
from backend.appraisal.models import Indicator, OrgPerformance, Period
from backend.appraisal.services.bulk.common import raise_row_errors, record_created
from backend.appraisal.services.common import actor_access
from backend.appraisal.services.indicators import INDICATOR_FIELDS
from backend.appraisal.services.periods import PERIOD_FIELDS, period_dates
from backend.people.models import OrgUnit


@dataclass(frozen=True)
class PeriodRow:
    year: int
    kind: str
    number: int
    status: str = PeriodStatus.OPEN
    # Empty: the calendar span of the period (``period_dates``).
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


@transaction.atomic
def period_bulk_create(*, actor, rows: Iterable[PeriodRow]) -> list[Period]:
    require(can_manage_reference(actor_access(actor)))
    periods, errors = [], {}
    for index, row in enumerate(rows):
        label = f"row {index + 1} ({row.year} {row.kind} {row.number})"
        if row.kind not in PeriodKind.values or not 1 <= row.number <= PERIODS_PER_YEAR[PeriodKind(row.kind)]:
            errors[label] = [_("This number does not exist for this kind of period.")]
            continue
        start, end = period_dates(year=row.year, kind=row.kind, number=row.number)
        period = Period(
            year=row.year,
            kind=row.kind,
            number=row.number,
            start_date=row.start_date or start,
            end_date=row.end_date or end,
            status=row.status,
        )
        try:
            period.full_clean(validate_unique=False, validate_constraints=False)
            if period.end_date < period.start_date:
                raise ValidationError({"end_date": _("The period must end after it starts.")})
        except ValidationError as exc:
            errors[label] = exc.messages
        periods.append(period)
    raise_row_errors(errors)
    Period.objects.bulk_create(periods)
    record_created(periods, actor=actor, fields=PERIOD_FIELDS)
    return periods


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    level: str
    org_unit_id: int
    category: str
    aspect: str
    unit_of_measure: str
    direction: str
    # Code of the IKU this IKI is cascaded from: in this batch or already stored.
    parent_code: str = ""


@transaction.atomic
def indicator_bulk_create(*, actor, rows: Iterable[IndicatorRow]) -> dict[str, Indicator]:
    """Create a library of indicators, returned by code; parents are written before the IKI cascaded from them."""
    require(can_manage_reference(actor_access(actor)))
    rows = list(rows)
    parent_codes = {r.parent_code for r in rows if r.parent_code} - {r.code for r in rows}
    known = {i.code: i for i in Indicator.objects.filter(code__in=parent_codes)}
    units = OrgUnit.objects.in_bulk({r.org_unit_id for r in rows})
    created: dict[str, Indicator] = {}
    # Two passes are enough: only an IKI is cascaded, and only from an indicator that is not.
    for cascaded in (False, True):
        batch, errors = [], {}
        for index, row in enumerate(rows):
            if bool(row.parent_code) != cascaded:
                continue
            label = f"row {index + 1} ({row.code})"
            parent = (created.get(row.parent_code) or known.get(row.parent_code)) if cascaded else None
            if cascaded and parent is None:
                errors[label] = [_("Unknown parent indicator %(code)s.") % {"code": row.parent_code}]
                continue
            indicator = Indicator(
                code=row.code,
                name=row.name,
                level=row.level,
                org_unit=units.get(row.org_unit_id),
                parent=parent,
                category=row.category,
                aspect=row.aspect,
                unit_of_measure=row.unit_of_measure,
                direction=row.direction,
            )
            try:
                indicator.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                errors[label] = exc.messages
            batch.append(indicator)
        raise_row_errors(errors)
        Indicator.objects.bulk_create(batch)
        created.update((indicator.code, indicator) for indicator in batch)
    record_created(list(created.values()), actor=actor, fields=INDICATOR_FIELDS)
    return created


@dataclass(frozen=True)
class OrgPerformanceRow:
    org_unit_id: int
    year: int
    rating: str


@transaction.atomic
def org_performance_bulk_create(*, actor, rows: Iterable[OrgPerformanceRow]) -> list[OrgPerformance]:
    require(can_manage_reference(actor_access(actor)))
    rows = list(rows)
    units = OrgUnit.objects.in_bulk({r.org_unit_id for r in rows})
    records, errors = [], {}
    for index, row in enumerate(rows):
        unit = units.get(row.org_unit_id)
        if unit is None or unit.parent_id is not None:
            errors[f"row {index + 1}"] = [_("Organisational ratings belong to an OPD.")]
        elif row.rating not in OrgRating.values:
            errors[f"row {index + 1}"] = [_("Choose one of the organisational ratings.")]
        else:
            records.append(OrgPerformance(org_unit=unit, year=row.year, rating=row.rating))
    raise_row_errors(errors)
    OrgPerformance.objects.bulk_create(records)
    record_created(records, actor=actor, fields=[], changes_for=lambda record: {"rating": [None, record.rating]})
    return records
