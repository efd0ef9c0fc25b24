"""The XLSX/CSV helpers of lms/exports.py (written for the needs plan, shared with other reports)."""

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from lms.exports import Sheet, csv_response, xlsx_bytes, xlsx_response


def test_xlsx_takes_tuples_and_sheets_with_preamble_and_text_columns():
    at = timezone.make_aware(datetime.datetime(2026, 3, 10, 8, 30))
    sheets = [
        ("Plain", ["a", "b"], [[1, Decimal("2.50")], [None, True]]),
        Sheet(
            title="Detail",
            preamble=[(gettext_lazy("Year"), 2026), ("At", at)],
            header=["NIP", "Name"],
            rows=[["198504122010011001", '=HYPERLINK("http://x")']],
            text_columns={0},
        ),
    ]
    # Lazy translations are resolved in the language active while writing.
    with translation.override("en"):
        response = xlsx_response("laporan ø.xlsx", sheets)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    plain, detail = load_workbook(io.BytesIO(response.content)).worksheets
    assert plain.title == "Plain"
    assert [[c.value for c in row] for row in plain.iter_rows()] == [["a", "b"], [1, 2.5], [None, True]]
    assert detail["A1"].value == "Year"
    assert detail["B2"].value == datetime.datetime(2026, 3, 10, 8, 30)
    assert [c.value for c in detail[4]] == ["NIP", "Name"]
    assert detail["A5"].value == "198504122010011001"
    assert detail["A5"].number_format == "@"
    # Text from the database never becomes a formula.
    assert detail["B5"].data_type == "s"
    assert detail.freeze_panes == "A5"


def test_sheet_titles_are_made_valid_and_unique():
    sheets = load_workbook(io.BytesIO(xlsx_bytes([("a/b: [c]?", [], []), ("A/B: [C]?", [], []), ("x" * 40, [], [])])))
    titles = sheets.sheetnames
    assert titles[0] == "a b   c"
    assert titles[1] != titles[0]
    assert titles[1].lower().startswith("a b   c")
    assert len(titles[2]) == 31


def test_csv_has_bom_preamble_and_escapes_formulas():
    response = csv_response(
        "x.csv", ["Name", "JP"], iter([["=cmd()", Decimal("1.5")], ["Ani", 2]]), preamble=[("Year", 2026)]
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Year", "2026"], [], ["Name", "JP"], ["'=cmd()", "1.5"], ["Ani", "2"]]
    assert 'filename="x.csv"' in response["Content-Disposition"]
    assert not csv_response("y.csv", ["a"], [], bom=False).content.startswith(b"\xef\xbb\xbf")
