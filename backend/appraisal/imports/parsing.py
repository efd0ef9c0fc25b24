"""Read an uploaded CSV or XLSX into numbered rows keyed by canonical column names.

Nothing here touches the database. Line numbers are the ones a person sees in
their spreadsheet or text editor (the header is line 1), so an error report can
be followed back to the cell.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backend.appraisal.imports.result import RowError
from backend.appraisal.imports.spec import Column, normalise_header

XLSX_MAGIC = b"PK\x03\x04"
# The compound-file signature of the old binary .xls format, which openpyxl cannot read.
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_ELEMENT_HEADER = re.compile(r"^(u[1-9])_")

Row = tuple[int, dict[str, object]]


class FileRejected(Exception):
    """The file cannot be read at all (format, size, headers); ``errors`` say why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


def _reject(message: str, line: int = 0) -> FileRejected:
    return FileRejected([RowError(line=line, column="", message=message)])


@dataclass
class ParsedFile:
    rows: list[Row]
    # Headers that match no column: reported, so a misspelt optional column is not silently dropped.
    ignored: list[str] = field(default_factory=list)


def read_rows(data: bytes, *, columns: tuple[Column, ...], max_rows: int) -> ParsedFile:
    """Parse ``data`` (CSV or XLSX, told apart by content) into ``(line, {column: raw value})`` rows.

    CSV values are strings; XLSX values keep their cell type (numbers, dates), so
    a NIP typed as a number can be recognised as damaged. Blank rows are skipped
    but keep their line numbers.
    """
    if data.startswith(XLS_MAGIC):
        raise _reject(_("This is an old Excel .xls file. Save it as .xlsx (Excel Workbook) or as CSV UTF-8."))
    source = _xlsx_records(data) if data.startswith(XLSX_MAGIC) else _csv_records(data)
    # Records are streamed, so an oversized sheet is refused without being held in memory.
    with closing(source) as records:
        header_line, headers = _first_record(records)
        mapping, ignored = _map_headers(headers, columns, header_line)
        rows = []
        for line, values in records:
            if not any(_present(v) for v in values):
                continue
            if len(rows) >= max_rows:
                raise _reject(
                    _("The file has more than %(max)s rows. Split it into files of at most %(max)s rows.")
                    % {"max": f"{max_rows:,}"}
                )
            row = {name: _clean(values[index]) if index < len(values) else None for index, name in mapping.items()}
            rows.append((line, row))
    if not rows:
        raise _reject(_("The file has a header row but no data rows."))
    return ParsedFile(rows=rows, ignored=ignored)


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _first_record(records: Iterator) -> tuple[int, list]:
    for line, values in records:
        if any(_present(v) for v in values):
            return line, values
    raise _reject(_("The file is empty: it needs a header row and at least one data row."))


def _map_headers(headers: list, columns: tuple[Column, ...], header_line: int) -> tuple[dict[int, str], list[str]]:
    by_alias = {alias: column for column in columns for alias in column.accepted}
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    ignored = []
    errors = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        column = by_alias.get(key)
        if column is None and (match := _ELEMENT_HEADER.match(key)):
            # Questionnaires often head a column with the element's name: "U1 Persyaratan".
            column = by_alias.get(match.group(1))
        if column is None:
            ignored.append(str(header).strip())
            continue
        if column.name in seen:
            errors.append(
                RowError(
                    line=header_line,
                    column="",
                    message=_("The columns “%(first)s” and “%(second)s” both mean %(label)s; keep one.")
                    % {"first": seen[column.name], "second": str(header).strip(), "label": column.label},
                )
            )
            continue
        seen[column.name] = str(header).strip()
        mapping[index] = column.name
    missing = [column for column in columns if column.required and column.name not in seen]
    if missing:
        errors.append(
            RowError(
                line=header_line,
                column="",
                message=_("Missing column(s): %(columns)s. The first row must name the columns.")
                % {"columns": ", ".join(f"{c.label} ({c.aliases[0] if c.aliases else c.name})" for c in missing)},
            )
        )
    if errors:
        raise FileRejected(errors)
    return mapping, ignored


def _csv_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8".
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(
            _("The file is not UTF-8 text. In Excel choose “Save as → CSV UTF-8”, or upload the .xlsx file.")
        ) from None
    if "\x00" in text:
        raise _reject(_("The file is not a CSV or XLSX file."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    last = 0
    try:
        for values in reader:
            # A quoted value may span lines: the row starts on the line after the previous row ended.
            yield last + 1, values
            last = reader.line_num
    except csv.Error as exc:
        message = _("Line %(line)s cannot be read: %(error)s") % {"line": last + 1, "error": exc}
        raise _reject(message, last + 1) from None


def _delimiter(text: str) -> str:
    """Comma or semicolon (what Excel writes where the decimal mark is a comma, as in Indonesia), or tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = _("The file cannot be read as an Excel workbook (.xlsx).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise _reject(unreadable) from None
    try:
        # The first sheet holds the data; a template may carry instructions on later sheets.
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(values)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _reject(unreadable) from None
    finally:
        workbook.close()
