"""Check a file of IKM questionnaires (paper forms typed in): survey, answers, permissions."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.appraisal.access import can_manage_ikm
from backend.appraisal.choices import IKM_ELEMENTS
from backend.appraisal.imports import cells
from backend.appraisal.imports.lookups import periods_by_key, unit_problem, units_by_code
from backend.appraisal.imports.parsing import Row
from backend.appraisal.imports.result import ImportResult
from backend.appraisal.models import IkmSurvey
from backend.people.access import Access

PREVIEW_HEADINGS = (
    gettext_lazy("Unit"),
    gettext_lazy("Period"),
    gettext_lazy("Date filled in"),
    *(element.upper() for element in IKM_ELEMENTS),
)


@dataclass
class IkmLine:
    line: int
    unit_code: str = ""
    period_key: tuple[int, str, int] | None = None
    submitted_on: datetime.date | None = None
    answers: dict[str, int] = field(default_factory=dict)
    survey: IkmSurvey | None = None


def validate_ikm_rows(rows: list[Row], result: ImportResult, *, access: Access) -> list[IkmLine]:
    """Every error of every row goes to ``result``; returns the valid lines with their surveys.

    Identical rows are not duplicates: two respondents may well give the same answers.
    """
    today = timezone.localdate()
    lines = [_read(line, raw, result, today=today) for line, raw in rows]
    _resolve(lines, result, access=access)
    bad = result.lines_with_errors()
    ready = []
    for item in lines:
        ok = item.line not in bad
        if ok:
            ready.append(item)
        period = item.survey.period if item.survey else (cells.period_code(*item.period_key) if item.period_key else "")
        result.add_preview(
            item.line,
            [
                item.survey.org_unit.label if item.survey else item.unit_code,
                period,
                item.submitted_on or "",
                *(item.answers.get(element, "") for element in IKM_ELEMENTS),
            ],
            action=_("add") if ok else "",
            ok=ok,
        )
    result.created = len(ready)
    return ready


def _read(line: int, raw: dict, result: ImportResult, *, today: datetime.date) -> IkmLine:
    item = IkmLine(line=line, unit_code=cells.text(raw.get("unit_code")).lower())
    if not item.unit_code:
        result.add_error(line, "unit_code", _("Empty; this column is required."))
    if cells.is_blank(raw.get("period")):
        result.add_error(line, "period", _("Empty; this column is required."))
    else:
        try:
            item.period_key = cells.period_key(raw["period"])
        except cells.CellError as exc:
            result.add_error(line, "period", exc.message)
    if cells.is_blank(raw.get("submitted_on")):
        item.submitted_on = today
    else:
        try:
            item.submitted_on = cells.date(raw["submitted_on"])
        except cells.CellError as exc:
            result.add_error(line, "submitted_on", exc.message)
        else:
            if item.submitted_on > today:
                result.add_error(line, "submitted_on", _("The date lies in the future."))
    for element in IKM_ELEMENTS:
        if cells.is_blank(raw.get(element)):
            result.add_error(line, element, _("No answer; every element needs a score from 1 to 4."))
            continue
        try:
            item.answers[element] = cells.answer(raw[element])
        except cells.CellError as exc:
            result.add_error(line, element, exc.message)
    return item


def _resolve(lines: list[IkmLine], result: ImportResult, *, access: Access) -> None:
    units = units_by_code(item.unit_code for item in lines if item.unit_code)
    periods = periods_by_key(item.period_key for item in lines if item.period_key)
    surveys = {
        (survey.org_unit_id, survey.period_id): survey
        for survey in IkmSurvey.objects.select_related("org_unit__parent", "period").filter(
            org_unit__in=units.values(), period__in=periods.values()
        )
    }
    for item in lines:
        unit = units.get(item.unit_code) if item.unit_code else None
        if item.unit_code and (problem := unit_problem(unit, item.unit_code)):
            result.add_error(item.line, "unit_code", problem)
            unit = None
        period = periods.get(item.period_key) if item.period_key else None
        if item.period_key and period is None:
            result.add_error(
                item.line,
                "period",
                _("There is no appraisal period %(period)s.") % {"period": cells.period_code(*item.period_key)},
            )
        elif period is not None and period.is_closed:
            result.add_error(
                item.line, "period", _("%(period)s is closed; it takes no more answers.") % {"period": period}
            )
        if unit is None or period is None:
            continue
        item.survey = surveys.get((unit.pk, period.pk))
        if item.survey is None:
            result.add_error(
                item.line,
                "",
                _("%(unit)s has no IKM survey for %(period)s; create the survey first.")
                % {"unit": unit.label, "period": period},
            )
        elif not can_manage_ikm(access, unit):
            result.add_error(item.line, "unit_code", _("You do not manage the IKM of %(unit)s.") % {"unit": unit.label})
