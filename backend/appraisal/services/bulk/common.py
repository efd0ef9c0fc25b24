"""What the bulk services share: batch permission checks, row errors, history, fast inserts."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.appraisal.access import require, scores_writable
from backend.appraisal.models import Period
from backend.appraisal.services.common import actor_access, ensure_period_writable
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record, diff, snapshot
from backend.people.models import Employee

BATCH_SIZE = 2000


def raise_row_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def record_created(objs: list, *, actor, fields: list[str], reason: str = "", changes_for=None) -> None:
    audit_bulk_record(
        objs=objs,
        action=AuditEntry.Action.CREATE,
        actor=actor,
        changes_for=changes_for or (lambda obj: diff({}, snapshot(obj, fields))),
        reason=reason,
    )


def writable_employees(actor, employee_ids: set[int], message: str) -> dict[int, Employee]:
    """The employees of a batch (name and supervisor only), after one permission check for all."""
    access = actor_access(actor)
    employees = Employee.objects.only("pk", "name", "supervisor_id").in_bulk(employee_ids)
    missing = employee_ids - set(employees)
    if missing:
        raise ValidationError({"employee": _("Unknown employees: %(ids)s.") % {"ids": sorted(missing)}})
    if not (access.is_admin or access.is_hr):
        writable = Employee.objects.filter(scores_writable(access), pk__in=employee_ids).count()
        require(writable == len(employee_ids), message)
    return employees


def writable_periods(actor, period_ids: set[int], reason: str) -> tuple[dict[int, Period], str]:
    """The periods of a batch; closed ones need an administrator and a reason, as for one row."""
    periods = Period.objects.in_bulk(period_ids)
    missing = period_ids - set(periods)
    if missing:
        raise ValidationError({"period": _("Unknown periods: %(ids)s.") % {"ids": sorted(missing)}})
    recorded = ""
    for period in periods.values():
        recorded = ensure_period_writable(actor=actor, period=period, reason=reason) or recorded
    return periods, recorded


def db_now():
    """The current time as the database driver takes it (naive UTC on SQLite)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def db_date(value: datetime.date):
    return connection.ops.adapt_datefield_value(value)


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple], *, batch_size: int) -> None:
    """INSERT ``rows`` (values of the fields ``columns``, already as the driver takes them) in batches.

    ``bulk_create`` prepares every field of every row through the field API, about 0.1 ms a
    row: most of the time of seeding a regency's 300,000 scores. Callers validate and
    convert the values themselves; the database constraints still apply.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    row = f"({', '.join(['%s'] * len(columns))})"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 - names from _meta
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite runs prepared statements in-process: one row per execution costs nothing.
            for start in range(0, len(rows), batch_size):
                cursor.executemany(sql + row, rows[start : start + batch_size])
            return
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            # psycopg 3: COPY streams the rows; parameters would be quoted one by one in Python.
            copy_sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for values in rows:
                    copy.write_row(values)
            return
        # Elsewhere a round trip per statement: many rows per statement, within the parameter limit.
        per_statement = max(1, min(batch_size, (connection.features.max_query_params or 65535) // len(columns)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(sql + ", ".join([row] * len(chunk)), [value for values in chunk for value in values])
