"""The HR analyst's journey: the impact dashboard, narrowed to one OPD, exported to a spreadsheet.

The regency is the HR dashboard tests' (tests/lms/dashboard_fixtures.py), whose figures are
worked out by hand there: three courses measured in 2025, one of them run for Dikbud.
"""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.steps import LANGUAGES, log_in, nav
from tests.lms.dashboard_fixtures import YEAR, board_world_fixture, impact_settings_fixture  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

EVERY_COURSE = ["Pelayanan Puskesmas", "Asesmen Formatif", "Kelas Kecil"]
DIKBUD = "Dinas Pendidikan dan Kebudayaan"

# What the pages say in each language (the Indonesian from locale/id/LC_MESSAGES/django.po).
TEXT = {
    "id": {
        "dashboard": "Dasbor dampak",
        "heading": f"Dasbor dampak · {YEAR}",
        "show": "Tampilkan",
        "sheet": "Dampak",
        "course": "Pelatihan",
        "header": ["Pelatihan", "Peserta (n)", "Pembanding (n)"],
        "opd_label": "OPD",
    },
    "en": {
        "dashboard": "Impact dashboard",
        "heading": f"Impact dashboard · {YEAR}",
        "show": "Show",
        "sheet": "Impact",
        "course": "Course",
        "header": ["Course", "Participants (n)", "Comparison (n)"],
        "opd_label": "OPD",
    },
}


def _impact_courses(page) -> list[str]:
    """The course of each row of the impact table, top to bottom."""
    return page.locator("section[aria-labelledby=impact] tbody tr td:first-child").all_inner_texts()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hr_filters_the_impact_dashboard_by_opd_and_exports_it(page, board_world, screenshots, lang):
    text = TEXT[lang]
    shot = screenshots("hr", lang)
    log_in(page, username="hr", lang=lang)

    nav(page, text["dashboard"])
    expect(page.locator("h1")).to_have_text(text["heading"])
    # Every OPD: the three measured courses, the largest difference first.
    expect(page.locator("section[aria-labelledby=impact] tbody tr")).to_have_count(3)
    assert _impact_courses(page) == EVERY_COURSE
    shot(page, "every-opd")

    page.select_option("select[name=opd]", str(board_world["dikbud"].pk))
    with page.expect_navigation():
        page.get_by_role("button", name=text["show"], exact=True).click()
    assert f"opd={board_world['dikbud'].pk}" in page.url
    expect(page.locator("h1")).to_contain_text(DIKBUD)
    expect(page.locator("section[aria-labelledby=impact] tbody tr")).to_have_count(1)
    assert _impact_courses(page) == ["Asesmen Formatif"]
    expect(page.locator("section[aria-labelledby=compliance]")).not_to_contain_text("Dinas Kesehatan")
    shot(page, "dikbud")

    with page.expect_download() as download_info:
        page.locator("section[aria-labelledby=impact] a[href*='impact.xlsx']").click()
    download = download_info.value
    assert download.suggested_filename == f"impact-{YEAR}-dikbud.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames == [text["sheet"]]
    rows = list(book.active.iter_rows(values_only=True))
    about = {row[0]: row[1] for row in rows[: rows.index((None,) * len(rows[0]))]}
    assert about[text["opd_label"]] == DIKBUD
    table = rows[[row[0] for row in rows].index(text["course"]) :]
    assert list(table[0][:3]) == text["header"]
    # Asesmen Formatif: 2 participants against 2, a difference (DiD) of 10 points.
    assert [(row[0], row[1], row[2], row[5]) for row in table[1:]] == [("Asesmen Formatif", 2, 2, 10.0)]
