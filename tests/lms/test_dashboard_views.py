"""The HR dashboard pages: who may open them, what they show, sorting, the course breakdown and exports."""

import csv
import io
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import OrgUnitFactory, ScoreFactory
from tests.lms.dashboard_fixtures import YEAR, board_world_fixture, impact_settings_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = reverse("hr-dashboard")


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, user, url=URL, **params):
    client.force_login(user)
    response = client.get(url, {"year": YEAR, **params})
    assert response.status_code == 200
    return response.content.decode()


def csv_parts(response) -> tuple[dict, list[list[str]]]:
    """The preamble (filters, comparison group) as a dict, and the table under it, header first."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    gap = rows.index([])
    return dict(rows[:gap]), rows[gap + 1 :]


def csv_rows(response) -> list[list[str]]:
    return csv_parts(response)[1]


def sheet_table(sheet) -> list[tuple]:
    """A worksheet's table, from its header row (the one starting "Course" or the first) on."""
    rows = list(sheet.iter_rows(values_only=True))
    return rows[next((i for i, row in enumerate(rows) if row[0] == "Course"), 0) :]


def workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("who", ["hr", "admin", "koord_all", "koord_dikbud"])
def test_roles_that_may_see_impact_open_the_dashboard(english, board_world, who):
    html = page(english, board_world[who])
    assert "Impact dashboard" in html
    assert "How to read this" in html


@pytest.mark.parametrize("who", ["pegawai", "supervisor"])
@pytest.mark.parametrize(
    "name", ["hr-dashboard", "hr-dashboard-impact-csv", "hr-dashboard-impact-xlsx", "hr-dashboard-xlsx"]
)
def test_asn_and_supervisor_without_a_role_get_403(client, board_world, who, name):
    client.force_login(board_world[who])
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("hr-dashboard-course", args=[board_world["kes"].pk])).status_code == 403


def test_anonymous_is_sent_to_log_in(client, board_world):
    assert client.get(URL).status_code == 302


def row_of(html, text):
    """The table row holding ``text``, with its cells' text."""
    start = html.rindex("<tr", 0, html.index(text))
    return re.findall(r"<td[^>]*>(.*?)</td>", html[start : html.index("</tr>", start)], re.S)


def test_page_shows_every_panel_with_n_interval_and_charts(english, board_world):
    html = page(english, board_world["hr"])
    # Impact: each row names both n; the measured one has its estimate, interval and bar.
    kes = row_of(html, "Pelayanan Puskesmas")
    assert kes[1:5] == ["3", "3", "20.0", "5.0"]
    assert kes[5].startswith("<strong>+15.0</strong><br><small>")
    assert kes[6].startswith('<svg class="interval"')
    assert kes[7] == "67 %"
    assert reverse("hr-dashboard-course", args=[board_world["kes"].pk]) + f"?year={YEAR}" in kes[0]
    small = row_of(html, "Kelas Kecil")
    assert small[1:3] == ["1", "2"]
    assert small[5:7] == ["not enough data", ""]
    assert 'class="muted" title="Not enough data' in html
    assert "How to read this" in html
    # Compliance, IKM, predikat, uptake.
    assert row_of(html, '?year=2025">Dinas Kesehatan')[1:4] == ["10", "20.0 %", "4.0"]
    assert row_of(html, "SD Negeri 1 Muara Bungo")[1:4] == ["Quarter II 2025", "2", "50.00"]
    predikat = row_of(html, '<td>Dinas Pendidikan dan Kebudayaan</td><td class="num">1')
    assert predikat[1:7] == ["1", "0", "0", "1", "0", "0"]
    assert predikat[7].startswith('<svg class="bar"')
    assert row_of(html, "<td>Still suggested</td>") == ["Still suggested", "1"]
    assert '<th>Uptake</th><th class="num">40 %</th>' in html


def test_opd_filter_narrows_the_page_and_is_kept_in_links(english, board_world):
    dikbud = board_world["dikbud"].pk
    html = page(english, board_world["hr"], opd=dikbud)
    assert "Asesmen Formatif" in html
    assert "Pelayanan Puskesmas" not in html
    assert "Puskesmas Muara Bungo I" not in html
    assert f"?year={YEAR}&amp;opd={dikbud}&amp;sort=course" in html
    assert f"{reverse('hr-dashboard-impact-csv')}?year={YEAR}&amp;opd={dikbud}" in html


def test_sort_is_server_side(english, board_world):
    hr = board_world["hr"]
    by_did = page(english, hr)
    assert by_did.index("Pelayanan Puskesmas") < by_did.index("Asesmen Formatif") < by_did.index("Kelas Kecil")
    ascending = page(english, hr, sort="did")
    assert ascending.index("Asesmen Formatif") < ascending.index("Pelayanan Puskesmas") < ascending.index("Kelas Kecil")
    # The active column's link reverses it.
    assert f"?year={YEAR}&amp;sort=-did" in ascending


def test_coordinator_of_another_agency_sees_none_of_its_rows(english, board_world):
    html = page(english, board_world["koord_dikbud"])
    assert "Asesmen Formatif" in html
    for other in ("Pelayanan Puskesmas", "Kelas Kecil", "Dinas Kesehatan", "Puskesmas Muara Bungo I"):
        assert other not in html
    english.force_login(board_world["koord_dikbud"])
    assert english.get(URL, {"opd": board_world["dinkes"].pk}).status_code == 404
    rows = csv_rows(english.get(reverse("hr-dashboard-impact-csv"), {"year": YEAR}))
    assert [row[0] for row in rows[1:]] == ["Asesmen Formatif"]
    sheets = workbook(english.get(reverse("hr-dashboard-xlsx"), {"year": YEAR}))
    names = {cell for sheet in sheets.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert not {"Dinas Kesehatan", "Pelayanan Puskesmas"} & names


def test_impact_csv_holds_the_filtered_sorted_rows(english, board_world):
    english.force_login(board_world["hr"])
    response = english.get(reverse("hr-dashboard-impact-csv"), {"year": YEAR, "sort": "course", "impact": "year"})
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="impact-{YEAR}.csv"' in response["Content-Disposition"]
    about, rows = csv_parts(response)
    assert about["Year (offerings ended)"] == str(YEAR)
    assert about["OPD"] == "Every OPD in scope"
    assert about["Comparison group"].startswith("Employees weak on the same indicator")
    assert about["Minimum n for an estimate"] == "2"
    assert rows[0][:3] == ["Course", "Participants (n)", "Comparison (n)"]
    assert [row[0] for row in rows[1:]] == ["Asesmen Formatif", "Kelas Kecil", "Pelayanan Puskesmas"]
    kes = rows[3]
    assert kes[1:6] == ["3", "3", "20.0", "5.0", "15.0"]
    assert float(kes[6]) <= 15 <= float(kes[7])
    assert kes[8:] == ["0.67", "yes"]
    assert rows[2][5:] == ["", "", "", "0.0", "no"]
    narrowed = csv_rows(
        english.get(reverse("hr-dashboard-impact-csv"), {"year": YEAR, "indicator": board_world["kes_indicator"].pk})
    )
    assert [row[0] for row in narrowed[1:]] == ["Pelayanan Puskesmas"]


def test_impact_xlsx_and_whole_dashboard_xlsx(english, board_world):
    english.force_login(board_world["hr"])
    book = workbook(english.get(reverse("hr-dashboard-impact-xlsx"), {"year": YEAR}))
    assert book.active["A1"].value == "Year (offerings ended)"
    rows = sheet_table(book.active)
    assert rows[0][0] == "Course"
    assert [(r[0], r[1], r[2], r[5]) for r in rows[1:]] == [
        ("Pelayanan Puskesmas", 3, 3, 15.0),
        ("Asesmen Formatif", 2, 2, 10.0),
        ("Kelas Kecil", 1, 2, None),
    ]
    book = workbook(english.get(reverse("hr-dashboard-xlsx"), {"year": YEAR, "opd": board_world["dinkes"].pk}))
    assert book.sheetnames == ["Impact", "JP compliance", "IKM", "Predikat", "Suggestion uptake"]
    assert [r[0] for r in sheet_table(book["Impact"])[1:]] == [
        "Pelayanan Puskesmas",
        "Kelas Kecil",
    ]
    assert list(book["JP compliance"].iter_rows(min_row=2, values_only=True)) == [("Dinas Kesehatan", 10, 2, 20.0, 4.0)]
    assert list(book["IKM"].iter_rows(min_row=2, values_only=True)) == [
        ("Puskesmas Muara Bungo I", "Quarter III 2025", 1, 100.0, "A")
    ]
    assert list(book["Predikat"].iter_rows(min_row=2, values_only=True)) == [("Dinas Kesehatan", 2, 1, 1, 0, 0, 0)]
    assert list(book["Suggestion uptake"].iter_rows(min_row=2, values_only=True)) == [(1, 1, 1, 0, 3, 33.3)]


def test_course_breakdown_by_offering_indicator_and_opd(english, board_world):
    kes = board_world["kes"]
    html = page(english, board_world["hr"], url=reverse("hr-dashboard-course", args=[kes.pk]))
    assert "Pelayanan Puskesmas" in html
    assert board_world["kes_offering"].code in html
    assert "Cakupan imunisasi dasar" in html
    assert "Dinas Kesehatan" in html
    assert html.count("<strong>+15.0</strong>") == 3
    assert f"{URL}?year={YEAR}" in html
    # Another agency's coordinator may open it, and sees nothing measured in their scope.
    other = page(english, board_world["koord_dikbud"], url=reverse("hr-dashboard-course", args=[kes.pk]))
    assert "+15.0" not in other
    assert "Dinas Kesehatan" not in other
    english.force_login(board_world["hr"])
    assert english.get(reverse("hr-dashboard-course", args=[999999])).status_code == 404


@pytest.mark.parametrize("extra_opds", [0, 6])
def test_page_query_count_is_fixed(english, board_world, django_assert_num_queries, extra_opds):
    for index in range(extra_opds):
        ScoreFactory(employee__unit=OrgUnitFactory(code=f"opd-{index}"), period=board_world["periods"][0])
    english.force_login(board_world["hr"])
    # 1 session, 2 user, 3 employee record, 4 roles; then the dashboard's read (tests/lms/test_dashboard.py
    # names them): 5–7 years, OPDs, indicators; 8–15 impact; 16–17 compliance; 18–19 IKM;
    # 20–24 predikat; 25 uptake.
    with django_assert_num_queries(25):
        assert english.get(URL).status_code == 200


def test_nav_and_home_link_only_for_those_who_may_see_it(english, board_world):
    english.force_login(board_world["hr"])
    assert URL in english.get(reverse("home")).content.decode()
    english.force_login(board_world["pegawai"])
    assert URL not in english.get(reverse("home")).content.decode()
