"""Check an employee file row by row, with one query per referenced kind of thing (not per row)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.appraisal.imports import cells
from backend.appraisal.imports.lookups import in_chunks, unit_problem, units_by_code
from backend.appraisal.imports.parsing import Row
from backend.appraisal.imports.result import ImportResult
from backend.people.models import Employee, OrgUnit, Position
from backend.people.nip import format_nip, parse_nip
from backend.people.services import EmployeeRow

PREVIEW_HEADINGS = (
    gettext_lazy("NIP"),
    gettext_lazy("Name"),
    gettext_lazy("Type"),
    gettext_lazy("Grade"),
    gettext_lazy("Unit"),
    gettext_lazy("Position"),
    gettext_lazy("Supervisor NIP"),
)
OPTIONAL_TEXT = ("front_title", "back_title", "birth_place", "email")
# Model fields whose errors belong to a column of the file; the rest are derived from the NIP.
FIELD_COLUMNS = {"nip": "nip", "name": "name", "grade": "grade", **{name: name for name in OPTIONAL_TEXT}}


@dataclass
class _Draft:
    line: int
    nip: str = ""
    name: str = ""
    employment_type: str = ""
    grade: str = ""
    unit_code: str = ""
    position_name: str = ""
    supervisor_nip: str = ""
    front_title: str = ""
    back_title: str = ""
    birth_place: str = ""
    email: str = ""
    unit: OrgUnit | None = None
    position: Position | None = None


def validate_employee_rows(rows: list[Row], result: ImportResult) -> list[EmployeeRow]:
    """Every error of every row goes to ``result``; returns the rows ready for ``employee_bulk_create``."""
    drafts = [_read(line, raw, result) for line, raw in rows]
    _resolve(drafts, result)
    bad = result.lines_with_errors()
    ready = []
    for draft in drafts:
        ok = draft.line not in bad
        unit = draft.unit.label if draft.unit else draft.unit_code
        position = draft.position.name if draft.position else draft.position_name
        result.add_preview(
            draft.line,
            [
                format_nip(draft.nip),
                draft.name,
                draft.employment_type,
                draft.grade,
                unit,
                position,
                format_nip(draft.supervisor_nip),
            ],
            action=_("create") if ok else "",
            ok=ok,
        )
        if ok:
            ready.append(
                EmployeeRow(
                    nip=draft.nip,
                    name=draft.name,
                    employment_type=draft.employment_type,
                    grade=draft.grade,
                    position_id=draft.position.pk,
                    unit_id=draft.unit.pk,
                    supervisor_nip=draft.supervisor_nip or None,
                    front_title=draft.front_title,
                    back_title=draft.back_title,
                    birth_place=draft.birth_place,
                    email=draft.email,
                )
            )
    result.created = len(ready)
    return ready


def _required(raw: dict, column: str, line: int, result: ImportResult) -> str:
    value = cells.text(raw.get(column))
    if not value:
        result.add_error(line, column, _("Empty; this column is required."))
    return value


def _read(line: int, raw: dict, result: ImportResult) -> _Draft:
    """Everything that can be checked from the row alone."""
    draft = _Draft(line=line)
    errors: dict[str, list[str]] = {}
    if cells.is_blank(raw.get("nip")):
        result.add_error(line, "nip", _("Empty; this column is required."))
    else:
        try:
            draft.nip = cells.nip(raw["nip"])
            parsed = parse_nip(draft.nip)
        except cells.CellError as exc:
            errors.setdefault("nip", []).append(exc.message)
        except ValidationError as exc:
            errors.setdefault("nip", []).extend(exc.messages)
        else:
            draft.employment_type = parsed.employment_type
    draft.name = _required(raw, "name", line, result)
    draft.unit_code = _required(raw, "unit_code", line, result).lower()
    draft.position_name = _required(raw, "position", line, result)
    if _required(raw, "grade", line, result):
        draft.grade = cells.grade(raw["grade"])
    if not cells.is_blank(raw.get("supervisor_nip")):
        try:
            draft.supervisor_nip = cells.nip(raw["supervisor_nip"])
        except cells.CellError as exc:
            errors.setdefault("supervisor_nip", []).append(exc.message)
        else:
            if not (draft.supervisor_nip.isdigit() and len(draft.supervisor_nip) == 18):
                errors.setdefault("supervisor_nip", []).append(
                    _("“%(value)s” is not a NIP: a NIP has 18 digits.") % {"value": draft.supervisor_nip}
                )
            elif draft.supervisor_nip == draft.nip:
                errors.setdefault("supervisor_nip", []).append(_("An employee cannot supervise themselves."))
    for name in OPTIONAL_TEXT:
        setattr(draft, name, cells.text(raw.get(name)))
    _model_check(draft, errors)
    for column, messages in errors.items():
        for message in dict.fromkeys(messages):
            result.add_error(line, column, message)
    return draft


def _model_check(draft: _Draft, errors: dict[str, list[str]]) -> None:
    """The model's own field rules (lengths, e-mail, grade for the type), without a query."""
    employee = Employee(
        nip=draft.nip,
        name=draft.name,
        employment_type=draft.employment_type,
        grade=draft.grade,
        front_title=draft.front_title,
        back_title=draft.back_title,
        birth_place=draft.birth_place,
        email=draft.email,
    )
    exclude = ["position", "unit", "supervisor", "user", "sex", "birth_date", "employment_type"]
    # An empty required cell has been reported once already.
    exclude += [name for name in ("nip", "name", "grade") if not getattr(draft, name)]
    try:
        employee.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = FIELD_COLUMNS.get(field_name, "")
            if column == "nip" and "nip" in errors:
                continue  # parse_nip already said what is wrong with it
            errors.setdefault(column, []).extend(messages)


def _resolve(drafts: list[_Draft], result: ImportResult) -> None:
    """Checks against the database and across rows: existing NIPs, units, positions, supervisors."""
    file_nips = {d.nip for d in drafts if d.nip}
    existing = {
        nip: (name, is_active)
        for chunk in in_chunks(file_nips | {d.supervisor_nip for d in drafts if d.supervisor_nip})
        for nip, name, is_active in Employee.objects.filter(nip__in=chunk).values_list("nip", "name", "is_active")
    }
    units = units_by_code({d.unit_code for d in drafts if d.unit_code})
    positions = {
        _position_key(position.name): position
        for chunk in in_chunks({_position_key(d.position_name) for d in drafts if d.position_name})
        for position in Position.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=chunk)
    }

    first_line: dict[str, int] = {}
    for draft in drafts:
        if draft.nip:
            if draft.nip in existing:
                result.add_error(
                    draft.line,
                    "nip",
                    _("An employee with this NIP already exists (%(name)s).") % {"name": existing[draft.nip][0]},
                )
            elif draft.nip in first_line:
                result.add_error(
                    draft.line, "nip", _("Duplicate: line %(line)d has the same NIP.") % {"line": first_line[draft.nip]}
                )
            else:
                first_line[draft.nip] = draft.line
        if draft.unit_code:
            draft.unit = units.get(draft.unit_code)
            if problem := unit_problem(draft.unit, draft.unit_code):
                result.add_error(draft.line, "unit_code", problem)
        if draft.position_name:
            draft.position = positions.get(_position_key(draft.position_name))
            if draft.position is None:
                result.add_error(
                    draft.line,
                    "position",
                    _("No position is named “%(name)s”. HR adds positions before they are used.")
                    % {"name": draft.position_name},
                )
        if not draft.supervisor_nip:
            continue
        if draft.supervisor_nip in existing:
            name, is_active = existing[draft.supervisor_nip]
            if not is_active:
                result.add_error(
                    draft.line,
                    "supervisor_nip",
                    _("The supervisor %(name)s is no longer active.") % {"name": name},
                )
        elif draft.supervisor_nip not in file_nips:
            result.add_error(
                draft.line,
                "supervisor_nip",
                _("No employee has the NIP %(nip)s, and no row of this file adds one.")
                % {"nip": format_nip(draft.supervisor_nip)},
            )
    _check_cycles(drafts, existing, result)


def _position_key(name: str) -> str:
    return " ".join(name.split()).lower()


def _check_cycles(drafts: list[_Draft], existing: dict, result: ImportResult) -> None:
    """Supervisors among the new rows must not loop (A reports to B, B to A).

    Existing employees cannot close a loop: none of them reports to someone not yet created.
    """
    boss = {d.nip: d.supervisor_nip for d in drafts if d.nip and d.supervisor_nip and d.nip not in existing}
    line_of = {d.nip: d.line for d in drafts if d.nip}
    reported = set()
    for start in boss:
        seen = []
        current = start
        while current in boss and current not in seen:
            seen.append(current)
            current = boss[current]
        if current == start and start not in reported:
            loop = seen
            reported.update(loop)
            lines = ", ".join(str(line_of[nip]) for nip in loop)
            for nip in loop:
                result.add_error(
                    line_of[nip],
                    "supervisor_nip",
                    _("Supervisors go round in a circle (lines %(lines)s).") % {"lines": lines},
                )
