"""What the budget pages show: date inputs in every language, the draft's shortfall, cost lines and their
totals, the cost-effectiveness table, the charts' labels, and the workbooks' column widths."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.exports import Sheet, xlsx_bytes
from lms.selectors.cost_effectiveness import CostEffectiveness, CostEffectivenessReport, CostPerPoint, PointStatus
from lms.views import budget_effectiveness
from lms.views.budget import RUPIAH_FORMAT, budget_years
from lms.views.budget_charts import FONT_SIZE, bar_chart
from tests.lms.budget_fixtures import (
    JUTA,
    YEAR,
    OfferingCostFactory,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)

pytestmark = pytest.mark.django_db

NB = "\u00a0"


def _client(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _date_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', html))


@pytest.mark.parametrize("language", ["id", "en"])
def test_date_inputs_carry_iso_dates_in_every_language(client, money, language):
    c = _client(client, money["hr"], language)
    today = timezone.localdate().isoformat()
    # Revising an existing budget, and setting one for an OPD without one.
    revise = c.get(reverse("budget-detail", args=[money["dikbud"].pk, YEAR])).content.decode()
    assert _date_values(revise) == {"decided_on": today}
    create = c.get(reverse("budget-detail", args=[money["bkpsdm"].pk, YEAR])).content.decode()
    assert _date_values(create) == {"decided_on": today}
    # A refused form shows the date as it was posted, still ISO.
    response = c.post(
        reverse("budget-detail", args=[money["dikbud"].pk, YEAR]),
        {"kind": "refocusing", "new_amount": "100.000.000", "decided_on": f"{YEAR}-05-04"},
    )
    assert _date_values(response.content.decode()) == {"decided_on": f"{YEAR}-05-04"}


def test_a_draft_over_the_budget_shows_what_it_lacks(client, money):
    published_in(money["dikbud"], cost=50 * JUTA - 50_000)  # Rp 50.050.000 left of Rp 100.000.000
    draft = offering_in(money["dikbud"], cost=60 * JUTA)
    html = _client(client, money["coord_dikbud"]).get(reverse("offering-costs", args=[draft.pk])).content.decode()
    assert f"Rp{NB}50.050.000 remaining" in html
    assert f"The planned total is more than what is left: Rp{NB}9.950.000 short." in html


def test_cost_lines_in_form_order_unplanned_ones_and_unrecorded_totals(client, money):
    offering = offering_in(money["school"], status="published")
    # Created against the form's order: materials, venue, trainer honorarium.
    OfferingCostFactory(offering=offering, kind="materials", unit_price=JUTA)
    OfferingCostFactory(offering=offering, kind="venue", unit_price=2 * JUTA)
    OfferingCostFactory(offering=offering, kind="trainer_honorarium", unit_price=3 * JUTA)
    c = _client(client, money["coord_dikbud"])
    html = c.get(reverse("offering-costs", args=[offering.pk])).content.decode()
    positions = [html.index(label) for label in ("Trainer honorarium", "Venue", "Materials")]
    assert positions == sorted(positions)
    # Nothing recorded yet: the actual total is unknown, not Rp 0.
    footer = html[html.index("<tfoot>") :]
    assert "not recorded" in footer
    assert f"Rp{NB}0" not in footer
    api = c.get("/api/v1/offering-costs/", {"offering": offering.pk}).json()
    assert [line["kind"] for line in api["results"]] == ["trainer_honorarium", "venue", "materials"]
    # An unplanned cost recorded after publishing says so instead of "1 × Rp 0".
    c.post(reverse("offering-costs", args=[offering.pk]), {"kind": "consumption", "actual_amount": "750.000"})
    html = c.get(reverse("offering-costs", args=[offering.pk])).content.decode()
    assert '<td class="num"><span class="muted">unplanned</span></td>' in html
    assert f"× Rp{NB}0<" not in html
    footer = html[html.index("<tfoot>") :]
    assert f"Rp{NB}750.000" in footer


def test_the_realisation_totals_give_the_realised_share(client, money):
    line = published_in(money["dikbud"], cost=60 * JUTA).costs.get()
    line.actual_amount = 20 * JUTA
    line.save()
    html = _client(client, money["hr"]).get(reverse("budgets"), {"year": YEAR}).content.decode()
    footer = html[html.index("<tfoot>") :]
    # Rp 20 juta spent of the Rp 200 juta budgeted (two OPDs with Rp 100 juta each).
    assert "10.0 %" in footer


def _report(point: CostPerPoint) -> CostEffectivenessReport:
    row = CostEffectiveness(
        group="course",
        key=1,
        label="Pelatihan Literasi dan Numerasi",
        offerings=3,
        lines=3,
        lines_recorded=3,
        cost=178_811_000,
        participants=19_028,
        completed=12_345,
        jp_minutes=2_624 * 45,
        point=point,
    )
    return CostEffectivenessReport(group="course", year=None, rows=[row], uncosted=0, min_n=10)


@pytest.mark.parametrize(("language", "participants"), [("id", "19.028"), ("en", "19,028")])
def test_the_cost_effectiveness_table_shows_what_the_workbook_has(client, money, monkeypatch, language, participants):
    point = CostPerPoint(
        PointStatus.NOT_DETERMINABLE,
        "The improvement is not clearly above zero.",
        did=1.25,
        ci_low=-0.5,
        ci_high=3.0,
        n_treated=1_031,
        n_control=40,
    )
    monkeypatch.setattr(budget_effectiveness, "cost_effectiveness_list", lambda **kwargs: _report(point))
    html = _client(client, money["hr"], language).get(reverse("cost-effectiveness")).content.decode()
    row = html[html.index('<tr data-key="1">') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert participants in cells[2]
    assert "12.345" if language == "id" else "12,345" in cells[2]
    assert cells[-1].replace("&nbsp;", " ").split() == ["1.031" if language == "id" else "1,031", "/", "40"]
    # The improvement and its interval, though no cost per point can be given.
    improvement = re.sub(r"<[^>]+>", " ", cells[7]).split()
    decimal = "," if language == "id" else "."
    assert improvement[0] == f"+1{decimal}3"
    assert [f"-0{decimal}5", "–", f"3{decimal}0"] == improvement[-3:]


def test_the_cost_effectiveness_page_names_its_filters_as_the_api_does(client, money):
    c = _client(client, money["hr"])
    html = c.get(reverse("cost-effectiveness"), {"group_by": "opd", "year": YEAR}).content.decode()
    assert 'name="group_by"' in html
    assert 'name="group"' not in html
    assert f"group_by=opd&amp;year={YEAR}" in html  # the export link
    assert '<option value="opd" selected>' in html
    # The same fiscal years as the budget pages.
    offered = [int(y) for y in re.findall(r'<option value="(\d{4})"', html)]
    assert offered == budget_years(YEAR)
    budgets = c.get(reverse("budgets"), {"year": YEAR}).content.decode()
    assert [int(y) for y in re.findall(r'<option value="(\d{4})"', budgets)] == offered


def test_chart_labels_are_cut_at_their_end_and_keep_the_full_name():
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten"
    svg = str(bar_chart([(name, 65_163), ("Kursus", 1000)], title="Cost per JP"))
    labels = re.findall(r'<text x="[\d.]+" y="[\d.]+" font-size="(\d+)" text-anchor="end"[^>]*>([^<]*)</text>', svg)
    assert [int(size) for size, _label in labels] == [FONT_SIZE, FONT_SIZE]
    assert FONT_SIZE >= 12
    shortened = labels[0][1]
    assert shortened.endswith("…")
    assert name.startswith(shortened[:-1])
    assert labels[1][1] == "Kursus"
    assert f"<title>{name}: Rp 65.163</title>" in svg


def test_workbook_columns_are_as_wide_as_the_formatted_amounts():
    sheet = Sheet(
        title="Realisasi",
        header=["OPD", "Budget", "Remaining"],
        rows=[["Dinas", 1_357_060_000, -57_998_000], ["Dinas 2", Decimal(12), 5]],
        number_formats={1: RUPIAH_FORMAT, 2: RUPIAH_FORMAT},
    )
    worksheet = load_workbook(io.BytesIO(xlsx_bytes([sheet]))).active
    # "Rp 1.357.060.000" is 16 characters, "-Rp 57.998.000" 14; plus the margin the module adds.
    assert worksheet.column_dimensions["B"].width >= len("Rp 1.357.060.000") + 2
    assert worksheet.column_dimensions["C"].width >= len("-Rp 57.998.000") + 2
    assert worksheet.column_dimensions["A"].width == 9  # plain text: its length (7) + 2


def test_the_budget_years_do_not_depend_on_the_page(client, money):
    current = timezone.localdate().year
    assert budget_years() == list(range(current + 1, current - 4, -1))
    assert budget_years(2011)[-1] == 2011
    assert datetime.date.today().year in budget_years()
