import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.access import can_manage_reference, require
from backend.appraisal.choices import PERIODS_PER_YEAR, PeriodKind, PeriodStatus
from backend.appraisal.models import Period
from backend.appraisal.services.common import actor_access
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.common.services import model_create, model_update

PERIOD_FIELDS = ["year", "kind", "number", "start_date", "end_date", "status"]


def period_dates(*, year: int, kind: str, number: int) -> tuple[datetime.date, datetime.date]:
    """The calendar span of a period: months split evenly by the kind."""
    months = 12 // PERIODS_PER_YEAR[PeriodKind(kind)]
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


@transaction.atomic
def period_create(
    *,
    actor,
    year: int,
    kind: str,
    number: int,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Period:
    require(can_manage_reference(actor_access(actor)))
    if kind not in PeriodKind.values or not 1 <= number <= PERIODS_PER_YEAR[PeriodKind(kind)]:
        raise ValidationError({"number": _("This number does not exist for this kind of period.")})
    if start_date is None or end_date is None:
        default_start, default_end = period_dates(year=year, kind=kind, number=number)
        start_date, end_date = start_date or default_start, end_date or default_end
    period = Period(year=year, kind=kind, number=number, start_date=start_date, end_date=end_date)
    return model_create(instance=period, fields=PERIOD_FIELDS, actor=actor)


@transaction.atomic
def period_close(*, actor, period: Period) -> Period:
    require(can_manage_reference(actor_access(actor)))
    period, _changes = model_update(
        instance=period, fields=PERIOD_FIELDS, data={"status": PeriodStatus.CLOSED}, actor=actor
    )
    return period


@transaction.atomic
def period_reopen(*, actor, period: Period, reason: str) -> Period:
    require(actor_access(actor).is_admin, _("Only an administrator may reopen a closed period."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening the period.")})
    period, changes = model_update(
        instance=period, fields=PERIOD_FIELDS, data={"status": PeriodStatus.OPEN}, actor=actor, reason=reason
    )
    if not changes:
        audit_record(obj=period, action=AuditEntry.Action.UPDATE, actor=actor, reason=reason)
    return period
