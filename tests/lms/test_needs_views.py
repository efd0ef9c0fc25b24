"""Pages of the training-needs plan: the table, the drill-down, the workbook, the link to a new offering."""

import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EmployeeFactory, ScoreFactory
from tests.lms.needs_fixtures import YEAR, needs_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PLAN = reverse("training-needs")
EXPORT = reverse("training-needs-export")


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def detail(kind, code):
    return reverse("training-need-detail", args=[kind, code])


def test_plan_page_shows_rows_period_and_shared_seats_note(english, needs):
    english.force_login(needs["hr"])
    response = english.get(PLAN, {"year": YEAR, "opd": needs["dinkes"].pk})
    assert response.status_code == 200
    assert [row.code for row in response.context["plan"].rows] == ["u8", "waktu-tunggu", "adaptif"]
    html = response.content.decode()
    assert f"Gaps from {needs['period']}" in html
    assert f"{YEAR} has no scores yet" in html
    assert "shared with other OPDs" in html
    assert "Manajemen Waktu Tunggu" in html
    assert list(response.context["opds"]) == sorted(
        [needs["bkpsdm"], needs["dikbud"], needs["dinkes"]], key=lambda u: u.name
    )
    # HR plans but does not schedule: no button.
    assert "Create offering" not in html
    assert f'href="{EXPORT}?year={YEAR}&amp;opd={needs["dinkes"].pk}"' in html


def test_nav_link_only_for_those_who_see_the_plan(english, needs):
    english.force_login(needs["koord_dinkes"])
    assert f'href="{PLAN}"' in english.get(reverse("home")).content.decode()
    english.force_login(needs["asn"])
    assert f'href="{PLAN}"' not in english.get(reverse("home")).content.decode()


def test_asn_and_supervisors_get_403_anonymous_the_login(client, needs, make_login):
    for user in (needs["asn"], make_login(unit=needs["puskesmas"])):
        client.force_login(user)
        for url in (PLAN, EXPORT, detail("indicator", "rpp")):
            assert client.get(url, {"year": YEAR}).status_code == 403
    client.logout()
    assert client.get(PLAN).status_code == 302


def test_another_agencys_coordinator_gets_404_and_never_its_rows(client, needs):
    client.force_login(needs["koord_dikbud"])
    dinkes = {"year": YEAR, "opd": needs["dinkes"].pk}
    assert client.get(PLAN, dinkes).status_code == 404
    assert client.get(EXPORT, dinkes).status_code == 404
    assert client.get(detail("indicator", "waktu-tunggu"), {"year": YEAR}).status_code == 404
    response = client.get(PLAN, {"year": YEAR})
    assert [row.code for row in response.context["plan"].rows] == ["rpp"]
    assert list(response.context["opds"]) == [needs["dikbud"]]
    html = response.content.decode()
    assert "Rata-rata waktu tunggu" not in html
    assert "Dinas Kesehatan" not in html
    # Their whole scope's workbook is named after it, not "semua" (everyone).
    export = client.get(EXPORT, {"year": YEAR})
    assert f'filename="kebutuhan-pelatihan-{needs["dikbud"].code}-{YEAR}.xlsx"' in export["Content-Disposition"]


def test_create_offering_link_carries_the_prefill_and_the_form_shows_it(english, needs):
    english.force_login(needs["koord_dinkes"])
    html = english.get(PLAN, {"year": YEAR, "opd": needs["dinkes"].pk}).content.decode()
    create = reverse("offering-create")
    wt, pengaduan = needs["courses"]["wt"], needs["courses"]["pengaduan"]
    dinkes = needs["dinkes"].pk
    assert f'href="{create}?course={wt.pk}&amp;capacity=1&amp;owner_unit={dinkes}"' in html
    assert f'href="{create}?course={pengaduan.pk}&amp;capacity=3&amp;owner_unit={dinkes}"' in html
    # The behaviour row has no shortfall: no button.
    assert html.count("Create offering") == 2

    form = english.get(create, {"course": wt.pk, "capacity": 1, "owner_unit": dinkes}).context["form"]
    assert (str(form["course"].value()), form["capacity"].value(), form["owner_unit"].value()) == (
        str(wt.pk),
        1,
        dinkes,
    )
    rendered = str(form["capacity"])
    assert 'value="1"' in rendered
    assert f'<option value="{wt.pk}" selected>' in str(form["course"])


def test_puskesmas_coordinator_owns_the_new_offering_at_the_puskesmas(english, needs):
    english.force_login(needs["koord_pkm"])
    response = english.get(PLAN, {"year": YEAR, "opd": needs["dinkes"].pk})
    assert response.context["owner_id"] == needs["puskesmas"].pk
    assert f"owner_unit={needs['puskesmas'].pk}" in response.content.decode()


def test_offering_form_ignores_a_prefill_outside_the_scope(client, needs):
    client.force_login(needs["koord_dikbud"])
    form = client.get(reverse("offering-create"), {"owner_unit": needs["dinkes"].pk, "capacity": "-4"}).context["form"]
    assert form["owner_unit"].value() is None
    assert form["capacity"].value() == 30


def test_drill_down_fragment_and_page(english, needs):
    english.force_login(needs["koord_dinkes"])
    url = detail("indicator", "waktu-tunggu")
    query = {"year": YEAR, "opd": needs["dinkes"].pk}
    fragment = english.get(url, query, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html
    assert html.index("Ani") < html.index("Budi") < html.index("Eko")
    assert "Requested" in html
    assert "wt-1" in html
    assert "Not covered" in html
    assert needs["Ani"].nip_display in html
    page = english.get(url, query)
    assert "<html" in page.content.decode()
    assert [e.employee.name for e in page.context["employees"]] == ["Ani", "Budi", "Citra", "Dedi", "Eko"]
    assert english.get(detail("indicator", "nope"), query).status_code == 404


def test_export_workbook(english, needs):
    english.force_login(needs["hr"])
    response = english.get(EXPORT, {"year": YEAR, "opd": needs["dinkes"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="kebutuhan-pelatihan-dinkes-{YEAR}.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    plan, people = workbook.worksheets
    values = [[cell.value for cell in row] for row in plan.iter_rows()]
    assert values[0][:2] == ["OPD", "Dinas Kesehatan"]
    assert values[1][:2] == ["Year", YEAR]
    assert values[2][:2] == ["Gaps from the period", str(needs["period"])]
    assert values[3][0] == "Generated at"
    assert isinstance(values[3][1], datetime.datetime)
    assert values[4][0] is None
    assert values[5] == [
        "Kind",
        "Code",
        "Gap",
        "Employees",
        "Mean gap",
        "Answering courses",
        "Covered",
        "Requested",
        "Open seats",
        "Seats scheduled",
        "Shortfall",
    ]
    body = values[6:]
    assert [row[1] for row in body] == ["u8", "waktu-tunggu", "adaptif"]
    waktu = body[1]
    assert waktu[2] == "Rata-rata waktu tunggu pelayanan"
    assert waktu[3:5] == [5, 33.4]
    assert "waktu-tunggu – Manajemen Waktu Tunggu" in waktu[5]
    assert waktu[6:] == [2, 1, 2, 4, 1]

    rows = [[cell.value for cell in row] for row in people.iter_rows()]
    assert rows[0] == ["Name", "NIP", "Unit", "Kind", "Gap", "Size", "Covered", "Offering"]
    assert len(rows) == 1 + 3 + 5 + 2
    ani = next(row for row in rows if row[0] == "Ani")
    assert ani[1] == needs["Ani"].nip
    assert isinstance(ani[1], str)
    assert ani[2:] == [
        "Puskesmas Muara Bungo I – Dinas Kesehatan",
        "Performance indicator",
        "Rata-rata waktu tunggu pelayanan",
        50,
        "Covered",
        "wt-1",
    ]
    assert people.cell(row=2, column=2).number_format == "@"


def test_page_queries_do_not_grow_with_the_opd(client, needs):
    client.force_login(needs["koord_dinkes"])
    indicator = needs["Ani"].scores.get().indicator

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PLAN, {"year": YEAR, "opd": needs["dinkes"].pk}).status_code == 200
        return len(captured)

    few = count()
    for _ in range(10):
        ScoreFactory(
            employee=EmployeeFactory(unit=needs["puskesmas"]), indicator=indicator, period=needs["period"], realisasi=20
        )
    assert count() == few
