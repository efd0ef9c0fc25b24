"""Spreadsheet and CSV downloads for the training pages (needs plan, dashboard, …).

HR staff live in spreadsheets, so every report a page shows can be taken away as a file.
These helpers take plain rows and answer with the download:

- ``xlsx_response(filename, sheets)``: one workbook, one worksheet per ``Sheet`` (or per
  ``(title, header, rows)`` tuple). A sheet may carry a ``preamble`` of label/value lines
  written above the table (the OPD, the year, when the file was generated …) and
  ``text_columns`` kept as text (NIP: 18 digits Excel would otherwise round into another
  number; codes with leading zeros).
- ``csv_response(filename, header, rows, preamble=())``: UTF-8 CSV, with a byte-order mark
  by default so that Excel opens Indonesian names correctly.

Cells may be str, lazy translations, numbers (``Decimal`` included), dates, aware datetimes
(written in local time: Excel has no time zones), booleans or None; anything else is written
as its ``str()``. Text that a spreadsheet would run as a formula (``=…``; in CSV also ``+ - @``)
is written as text, so a name typed into the system cannot become a formula in HR's sheet.
"""

import csv
import datetime
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Excel's limits on a worksheet's title.
_TITLE_MAX = 31
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WIDTH_MIN, _WIDTH_MAX = 8, 60


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence
    rows: Iterable[Sequence]
    # Label/value lines above the table, then one empty line.
    preamble: Sequence[tuple] = ()
    # Zero-based columns of the table written as text.
    text_columns: Collection[int] = ()
    # Zero-based column → Excel number format of its numbers (e.g. rupiah); the reader's locale
    # chooses the separators.
    number_formats: dict[int, str] = field(default_factory=dict)


def _cell_value(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, str | int | float | Decimal | datetime.date | datetime.time):
        return value
    return str(value)


_QUOTED = re.compile(r'"([^"]*)"|\\(.)')
_DIGITS = re.compile(r"[#0?][#0?,]*(\.[0?#]+)?")
_CODES = re.compile(r"\[[^\]]*\]|\*.")


def _shown_width(value, number_format: str | None) -> int:
    """How many characters ``value`` takes as a spreadsheet shows it: ``1357060000`` under the
    rupiah format is ``Rp 1.357.060.000`` (16), not ``1357060000`` (10); a column sized on the
    latter shows ``####``. Handles the formats this module is given: literal text, a digit
    pattern with thousands separators and decimals, and a negative section."""
    if value is None:
        return 0
    if number_format is None or not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return len(str(value))
    sections = number_format.split(";")
    negative = value < 0
    section = sections[1] if negative and len(sections) > 1 else sections[0]
    literal = "".join(a or b for a, b in _QUOTED.findall(section))
    pattern = _QUOTED.sub("", section)
    digits = _DIGITS.search(pattern)
    if digits is None:
        return len(literal) or len(str(value))
    decimals = len(digits.group(1)) - 1 if digits.group(1) else 0
    grouped = "," in digits.group(0).split(".")[0]
    number = abs(value) * (100 if "%" in pattern else 1)
    text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    # Unquoted literals around the digits ("-", "%", brackets' colours excepted; "_x" pads one).
    rest = _CODES.sub("", _DIGITS.sub("", pattern, count=1))
    rest = re.sub(r"_.", " ", rest)
    # The minus comes from the format's own negative section, or is added before a single one.
    sign = 1 if negative and len(sections) == 1 else 0
    return sign + len(text) + len(literal) + len(rest)


def _sheet_title(title, used: set[str]) -> str:
    base = _TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:_TITLE_MAX] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: _TITLE_MAX - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _as_sheet(item) -> Sheet:
    return item if isinstance(item, Sheet) else Sheet(*item)


def _write_sheet(worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    widths: dict[int, int] = {}

    def put(row: int, column: int, value, *, as_text=False, font=None, number_format=None):
        value = _cell_value(value)
        if as_text and value is not None:
            value = str(value)
        cell = worksheet.cell(row=row, column=column + 1, value=value)
        if isinstance(value, str):
            # openpyxl stores any text beginning with "=" as a formula.
            cell.data_type = "s"
        if as_text:
            cell.number_format = "@"
        elif number_format and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        shown = _shown_width(value, None if as_text else number_format)
        widths[column] = max(widths.get(column, 0), shown)

    row = 1
    for line in sheet.preamble:
        for column, value in enumerate(line):
            put(row, column, value, font=bold if column == 0 else None)
        row += 1
    if sheet.preamble:
        row += 1
    header_row = row
    for column, value in enumerate(sheet.header):
        put(row, column, value, font=bold)
    text_columns = set(sheet.text_columns)
    for values in sheet.rows:
        row += 1
        for column, value in enumerate(values):
            put(row, column, value, as_text=column in text_columns, number_format=sheet.number_formats.get(column))
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    for column, width in widths.items():
        worksheet.column_dimensions[get_column_letter(column + 1)].width = min(max(width + 2, _WIDTH_MIN), _WIDTH_MAX)


def xlsx_bytes(sheets: Sequence[Sheet | tuple]) -> bytes:
    """The workbook of ``sheets`` as bytes (for responses, e-mail attachments, tests)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for item in sheets:
        sheet = _as_sheet(item)
        _write_sheet(workbook.create_sheet(_sheet_title(sheet.title, used)), sheet)
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet | tuple]) -> HttpResponse:
    """A download of ``sheets`` (``Sheet`` objects or ``(title, header, rows)`` tuples) as ``filename``."""
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _csv_value(value):
    value = _cell_value(value)
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(
    filename: str, header: Sequence, rows: Iterable[Sequence], *, preamble: Sequence[tuple] = (), bom: bool = True
) -> HttpResponse:
    """A CSV download: the ``preamble`` lines and an empty line (when given), the header, the rows.

    ``rows`` may be a generator (e.g. a queryset's ``iterator()``): it is written as it comes.
    """
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if bom:
        response.write("\ufeff")
    writer = csv.writer(response)
    for line in preamble:
        writer.writerow([_csv_value(v) for v in line])
    if preamble:
        writer.writerow([])
    writer.writerow([_csv_value(v) for v in header])
    for values in rows:
        writer.writerow([_csv_value(v) for v in values])
    return response
