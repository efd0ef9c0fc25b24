"""Check a score file: every row, against the database in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.appraisal import rules
from backend.appraisal.access import can_write_scores
from backend.appraisal.imports import cells
from backend.appraisal.imports.lookups import in_chunks, periods_by_key
from backend.appraisal.imports.parsing import Row
from backend.appraisal.imports.result import ImportResult
from backend.appraisal.models import Indicator, Period, Score
from backend.people.access import Access
from backend.people.models import Employee
from backend.people.nip import format_nip, parse_nip

PREVIEW_HEADINGS = (
    gettext_lazy("NIP"),
    gettext_lazy("Name"),
    gettext_lazy("Indicator"),
    gettext_lazy("Period"),
    gettext_lazy("Target"),
    gettext_lazy("Realisasi"),
    gettext_lazy("Achievement (%)"),
)


@dataclass
class ScoreLine:
    line: int
    nip: str = ""
    indicator_code: str = ""
    period_key: tuple[int, str, int] | None = None
    target: Decimal | None = None
    realisasi: Decimal | None = None
    employee: Employee | None = None
    indicator: Indicator | None = None
    period: Period | None = None
    achievement: Decimal | None = None
    existing: Score | None = None

    @property
    def key(self) -> tuple:
        return (self.nip, self.indicator_code, self.period_key)

    @property
    def unchanged(self) -> bool:
        return (
            self.existing is not None
            and self.existing.target == self.target
            and self.existing.realisasi == self.realisasi
        )


def validate_score_rows(rows: list[Row], result: ImportResult, *, access: Access, lock: bool) -> list[ScoreLine]:
    """Every error of every row goes to ``result``; returns the valid lines with their existing scores.

    ``lock`` takes row locks on the scores about to be updated, so a concurrent
    edit cannot slip between this check and the write.
    """
    lines = [_read(line, raw, result) for line, raw in rows]
    _resolve(lines, result, access=access, lock=lock)
    bad = result.lines_with_errors()
    ready = []
    for item in lines:
        ok = item.line not in bad
        if ok:
            ready.append(item)
            if item.existing is None:
                result.created += 1
                action = _("create")
            elif item.unchanged:
                result.unchanged += 1
                action = _("unchanged")
            else:
                result.updated += 1
                action = _("update (was %(target)s / %(realisasi)s)") % {
                    "target": localize(item.existing.target),
                    "realisasi": localize(item.existing.realisasi),
                }
        else:
            action = ""
        result.add_preview(
            item.line,
            [
                format_nip(item.nip),
                item.employee.name if item.employee else "",
                item.indicator_code,
                item.period if item.period else (cells.period_code(*item.period_key) if item.period_key else ""),
                "" if item.target is None else item.target,
                "" if item.realisasi is None else item.realisasi,
                "" if item.achievement is None or not ok else item.achievement,
            ],
            action=action,
            ok=ok,
        )
    return ready


def _read(line: int, raw: dict, result: ImportResult) -> ScoreLine:
    item = ScoreLine(line=line)
    if cells.is_blank(raw.get("nip")):
        result.add_error(line, "nip", _("Empty; this column is required."))
    else:
        try:
            item.nip = cells.nip(raw["nip"])
            parse_nip(item.nip)
        except cells.CellError as exc:
            result.add_error(line, "nip", exc.message)
            item.nip = ""
        except ValidationError as exc:
            for message in exc.messages:
                result.add_error(line, "nip", message)
            item.nip = ""
    item.indicator_code = cells.text(raw.get("indicator_code")).lower()
    if not item.indicator_code:
        result.add_error(line, "indicator_code", _("Empty; this column is required."))
    for column in ("period", "target", "realisasi"):
        if cells.is_blank(raw.get(column)):
            result.add_error(line, column, _("Empty; this column is required."))
            continue
        try:
            if column == "period":
                item.period_key = cells.period_key(raw[column])
            else:
                setattr(item, column, cells.number(raw[column]))
        except cells.CellError as exc:
            result.add_error(line, column, exc.message)
    if item.target is not None and item.target <= 0:
        result.add_error(line, "target", _("The target must be greater than 0."))
    if item.realisasi is not None and item.realisasi < 0:
        result.add_error(line, "realisasi", _("The realisasi cannot be negative."))
    return item


def _resolve(lines: list[ScoreLine], result: ImportResult, *, access: Access, lock: bool) -> None:
    employees = {
        employee.nip: employee
        for chunk in in_chunks({item.nip for item in lines if item.nip})
        for employee in Employee.objects.filter(nip__in=chunk).only("id", "nip", "name", "supervisor_id")
    }
    indicators = {
        indicator.code.lower(): indicator
        for chunk in in_chunks({item.indicator_code for item in lines if item.indicator_code})
        for indicator in Indicator.objects.annotate(lower_code=Lower("code")).filter(lower_code__in=chunk)
    }
    periods = periods_by_key(item.period_key for item in lines if item.period_key)

    first_line: dict[tuple, int] = {}
    for item in lines:
        if item.nip:
            item.employee = employees.get(item.nip)
            if item.employee is None:
                result.add_error(item.line, "nip", _("No employee has this NIP."))
            elif not can_write_scores(access, item.employee):
                result.add_error(
                    item.line, "nip", _("Not your team: you may enter scores only for your direct subordinates.")
                )
        if item.indicator_code:
            item.indicator = indicators.get(item.indicator_code)
            if item.indicator is None:
                result.add_error(
                    item.line,
                    "indicator_code",
                    _("No indicator has the code “%(code)s”.") % {"code": item.indicator_code},
                )
        if item.period_key:
            item.period = periods.get(item.period_key)
            code = cells.period_code(*item.period_key)
            if item.period is None:
                result.add_error(
                    item.line,
                    "period",
                    _("There is no appraisal period %(period)s; HR opens periods before scores are entered.")
                    % {"period": code},
                )
            elif item.period.is_closed:
                result.add_error(
                    item.line,
                    "period",
                    _("%(period)s is closed; its scores can no longer be changed.") % {"period": item.period},
                )
        if item.nip and item.indicator_code and item.period_key:
            if item.key in first_line:
                result.add_error(
                    item.line,
                    "",
                    _("Duplicate: line %(line)d has the same NIP, indicator and period.")
                    % {"line": first_line[item.key]},
                )
            else:
                first_line[item.key] = item.line
        _derive(item, result)
    _attach_existing([item for item in lines if item.employee and item.indicator and item.period], lock=lock)


def _derive(item: ScoreLine, result: ImportResult) -> None:
    if item.indicator is None or item.target is None or item.realisasi is None:
        return
    if item.target <= 0 or item.realisasi < 0:
        return  # already reported by _read
    try:
        item.achievement = rules.achievement(
            target=item.target, realisasi=item.realisasi, direction=item.indicator.direction
        )
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                result.add_error(item.line, field_name, message)


def _attach_existing(items: list[ScoreLine], *, lock: bool) -> None:
    """An existing score for the same employee, indicator and period is updated, not duplicated."""
    if not items:
        return
    scores = Score.objects.all()
    if lock:
        scores = scores.select_for_update()
    by_key = {}
    employee_ids = {item.employee.pk for item in items}
    indicator_ids = sorted({item.indicator.pk for item in items})
    period_ids = sorted({item.period.pk for item in items})
    for chunk in in_chunks(employee_ids):
        query = scores.filter(employee_id__in=chunk, indicator_id__in=indicator_ids, period_id__in=period_ids)
        by_key.update({(s.employee_id, s.indicator_id, s.period_id): s for s in query})
    for item in items:
        item.existing = by_key.get((item.employee.pk, item.indicator.pk, item.period.pk))
