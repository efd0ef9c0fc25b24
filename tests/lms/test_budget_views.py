"""Budget pages: realisation, one OPD's budget, an offering's costs, cost-effectiveness; who sees which money."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import BudgetCommitment, BudgetRevision, OfferingCost
from lms.services.budget import budget_revise
from lms.templatetags.lms_budget import rupiah, rupiah_change, rupiah_text
from tests.lms.budget_fixtures import (
    JUTA,
    YEAR,
    BudgetFactory,
    OfferingCostFactory,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)

pytestmark = pytest.mark.django_db

# What the ``rupiah`` filter joins "Rp" and its digits with.
NB = "\u00a0"
# ... and a minus to "Rp".
WJ = "\u2060"


def _client(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def spending(money):
    """Dikbud: Rp 60 juta committed (Rp 20 juta spent); Dinkes: Rp 77.777.000 committed."""
    dikbud = published_in(money["school"], cost=60 * JUTA, code="dikbud-kelas")
    line = dikbud.costs.get()
    line.actual_amount = 20 * JUTA
    line.save()
    published_in(money["dinkes"], cost=77_777_000, code="dinkes-rahasia")
    return money


def test_rupiah_is_written_the_indonesian_way_in_every_language():
    assert rupiah_text(1_250_000) == "Rp 1.250.000"
    assert rupiah_text(0) == "Rp 0"
    assert rupiah_text(-57_998_000) == "-Rp 57.998.000"
    assert rupiah_text(None) == "–"
    assert rupiah_text("1249999.5") == "Rp 1.250.000"
    # On pages "Rp" stays on the line of its digits.
    assert rupiah(1_250_000) == f"Rp{NB}1.250.000"
    assert rupiah(-57_998_000) == f"-{WJ}Rp{NB}57.998.000"
    assert rupiah(None) == "–"
    assert rupiah_change(80, 100) == f"-{WJ}Rp{NB}20"
    assert rupiah_change(100, 80) == f"+Rp{NB}20"


def test_hr_sees_every_opds_realisation(client, spending):
    response = _client(client, spending["hr"]).get(reverse("budgets"), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-opd="dikbud"' in html
    assert 'data-opd="dinkes"' in html
    assert f"Rp{NB}77.777.000" in html
    assert f"Rp{NB}40.000.000" in html  # Dikbud remaining: 100 − 60
    assert "<svg" in html


def test_a_coordinator_sees_only_their_opds_money(client, spending):
    response = _client(client, spending["coord_dikbud"]).get(reverse("budgets"), {"year": YEAR})
    html = response.content.decode()
    assert 'data-opd="dikbud"' in html
    assert 'data-opd="dinkes"' not in html
    assert "77.777.000" not in html
    workbook = _client(client, spending["coord_dikbud"]).get(reverse("budgets-export"), {"year": YEAR})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 77_777_000 not in cells
    assert "Dinas Kesehatan" not in cells
    assert "Dinas Pendidikan dan Kebudayaan" in cells


def test_the_realisation_workbook_keeps_rupiah_as_numbers(client, spending):
    response = _client(client, spending["hr"]).get(reverse("budgets-export"), {"year": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == "Dinas Pendidikan dan Kebudayaan")
    budget, committed, spent, used, remaining = (c.value for c in row[1:6])
    assert (budget, committed, spent, used, remaining) == (100 * JUTA, 60 * JUTA, 20 * JUTA, 60 * JUTA, 40 * JUTA)
    assert row[1].number_format == '"Rp "#,##0;-"Rp "#,##0'


@pytest.mark.parametrize("role", ["asn", "supervisor"])
def test_employees_without_a_money_role_are_refused(client, money, role):
    c = _client(client, money[role])
    dikbud = money["dikbud"].pk
    for url in (
        reverse("budgets"),
        reverse("budgets-export"),
        reverse("budget-detail", args=[dikbud, YEAR]),
        reverse("cost-effectiveness"),
        reverse("cost-effectiveness-export"),
    ):
        assert c.get(url).status_code == 403, url
    offering = offering_in(money["school"], cost=JUTA)
    assert c.get(reverse("offering-costs", args=[offering.pk])).status_code == 403


def test_an_opd_outside_the_scope_is_not_found(client, money):
    c = _client(client, money["coord_dikbud"])
    assert c.get(reverse("budget-detail", args=[money["dinkes"].pk, YEAR])).status_code == 404
    assert c.get(reverse("budget-detail", args=[money["dikbud"].pk, YEAR])).status_code == 200
    # A coordinator of a unit inside an OPD manages its offerings, not the OPD's budget.
    c = _client(client, money["coord_puskesmas"])
    assert c.get(reverse("budget-detail", args=[money["dinkes"].pk, YEAR])).status_code == 404
    assert c.get(reverse("budget-detail", args=[money["dikbud"].pk, 1999])).status_code == 404


def test_hr_sets_a_budget_and_records_a_revision(client, money):
    c = _client(client, money["hr"])
    url = reverse("budget-detail", args=[money["bkpsdm"].pk, YEAR])
    assert "Set the budget" in c.get(url).content.decode()
    response = c.post(url, {"amount": "Rp 1.250.000.000", "decided_on": f"{YEAR - 1}-11-28", "note": "APBD"})
    assert response.status_code == 302
    response = c.post(
        url, {"kind": "apbd_p", "new_amount": "1.000.000.000", "decided_on": f"{YEAR}-09-30", "note": "APBD-P"}
    )
    assert response.status_code == 302
    revisions = list(BudgetRevision.objects.filter(budget__org_unit=money["bkpsdm"]).order_by("pk"))
    assert [(r.kind, r.old_amount, r.new_amount) for r in revisions] == [
        ("initial", None, 1_250_000_000),
        ("apbd_p", 1_250_000_000, 1_000_000_000),
    ]
    html = c.get(url).content.decode()
    assert f"-{WJ}Rp{NB}250.000.000" in html
    assert f"Rp{NB}1.250.000.000" in html
    # A revision without a change is refused with the reason beside the form.
    response = c.post(url, {"kind": "refocusing", "new_amount": "1000000000", "decided_on": f"{YEAR}-10-01"})
    assert response.status_code == 200
    assert "unchanged" in response.content.decode()


def test_coordinators_read_their_budget_but_do_not_change_it(client, money):
    c = _client(client, money["coord_dikbud"])
    url = reverse("budget-detail", args=[money["dikbud"].pk, YEAR])
    assert "Record a revision" not in c.get(url).content.decode()
    response = c.post(url, {"kind": "apbd_p", "new_amount": "1", "decided_on": f"{YEAR}-09-30"})
    assert response.status_code == 403
    assert money["dikbud_budget"].revisions.count() == 1


def test_a_coordinator_costs_a_draft_and_records_actuals_once_published(client, money):
    offering = offering_in(money["school"])
    c = _client(client, money["coord_dikbud"])
    url = reverse("offering-costs", args=[offering.pk])
    response = c.post(url, {"kind": "venue", "quantity": "3", "unit": "hari", "unit_price": "Rp 2.500.000"})
    assert response.status_code == 302
    line = OfferingCost.objects.get(offering=offering)
    assert line.planned_amount == 7_500_000
    c.post(reverse("offering-cost-edit", args=[line.pk]), {"kind": "venue", "quantity": "2", "unit_price": "2500000"})
    line.refresh_from_db()
    assert line.planned_amount == 5 * JUTA
    html = c.get(url).content.decode()
    assert f"Rp{NB}5.000.000" in html
    assert f"Rp{NB}100.000.000 remaining" in html
    # Published: the plan is committed, the actual amount recorded.
    response = c.post(reverse("offering-publish", args=[offering.pk]))
    assert BudgetCommitment.objects.get(offering=offering).amount == 5 * JUTA
    c.post(reverse("offering-cost-edit", args=[line.pk]), {"actual_amount": "4.750.000"})
    line.refresh_from_db()
    assert (line.planned_amount, line.actual_amount) == (5 * JUTA, 4_750_000)
    fragment = c.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "committed when it was published" in fragment


def test_other_units_do_not_see_or_change_an_offerings_costs(client, money):
    offering = offering_in(money["school"], cost=3 * JUTA)
    line = offering.costs.get()
    c = _client(client, money["coord_dinkes"])
    assert c.get(reverse("offering-costs", args=[offering.pk])).status_code == 404
    assert (
        c.post(
            reverse("offering-cost-edit", args=[line.pk]), {"kind": "venue", "quantity": "9", "unit_price": "1"}
        ).status_code
        == 404
    )
    assert c.post(reverse("offering-cost-delete", args=[line.pk])).status_code == 404
    # HR reads them, and changes nothing.
    c = _client(client, money["hr"])
    assert f"Rp{NB}3.000.000" in c.get(reverse("offering-costs", args=[offering.pk])).content.decode()
    assert (
        c.post(reverse("offering-costs", args=[offering.pk]), {"kind": "venue", "unit_price": "1"}).status_code == 403
    )
    assert c.post(reverse("offering-cost-delete", args=[line.pk])).status_code == 404
    line.refresh_from_db()
    assert line.quantity == 1


def test_the_offering_page_offers_the_override_to_administrators_only(client, money):
    published_in(money["dikbud"], cost=90 * JUTA)
    offering = offering_in(money["dikbud"], cost=20 * JUTA)
    c = _client(client, money["coord_dikbud"])
    assert 'name="override_reason"' not in c.get(reverse("offering-detail", args=[offering.pk])).content.decode()
    response = c.post(reverse("offering-publish", args=[offering.pk]), {"override_reason": "ingin"}, follow=True)
    assert "Rp 10.000.000 short" in response.content.decode()
    c = _client(client, money["admin"])
    assert 'name="override_reason"' in c.get(reverse("offering-detail", args=[offering.pk])).content.decode()
    c.post(reverse("offering-publish", args=[offering.pk]), {"override_reason": "Wajib menurut Perbup"})
    commitment = BudgetCommitment.objects.get(offering=offering)
    assert (commitment.shortfall, commitment.override_reason) == (10 * JUTA, "Wajib menurut Perbup")


def test_the_needs_plan_shows_the_unfunded_offerings_after_a_cut(client, money):
    year = datetime.date.today().year + 1
    budget = BudgetFactory(org_unit=money["dikbud"], fiscal_year=year, amount=50 * JUTA)
    start = datetime.date(year, 3, 2)
    published_in(money["dikbud"], cost=30 * JUTA, start=start, code="kelas-murah")
    published_in(money["dikbud"], cost=40 * JUTA, start=start, code="kelas-mahal")
    budget_revise(actor=money["hr"], budget=budget, new_amount=45 * JUTA, kind="refocusing", decided_on=start)
    c = _client(client, money["hr"])
    html = c.get(reverse("training-needs"), {"year": year, "opd": money["dikbud"].pk}).content.decode()
    assert 'id="funding"' in html
    assert "No longer funded" in html
    assert "Keep (#1)" in html
    assert f"-{WJ}Rp{NB}25.000.000" in html
    overview = c.get(reverse("training-needs"), {"year": year}).content.decode()
    assert "Budgets a cut overdrew" in overview
    # A coordinator of another OPD sees neither.
    other = _client(client, money["coord_dinkes"]).get(reverse("training-needs"), {"year": year}).content.decode()
    assert 'id="funding"' not in other


def test_cost_effectiveness_pages(client, money):
    offering = offering_in(money["school"], status="finished", cost=6 * JUTA)
    OfferingCostFactory(offering=offering, unit_price=JUTA, actual_amount=JUTA)
    c = _client(client, money["hr"])
    for group in ("course", "opd"):
        response = c.get(reverse("cost-effectiveness"), {"group_by": group})
        assert response.status_code == 200
        assert f"Rp{NB}7.000.000" in response.content.decode()
    workbook = load_workbook(
        io.BytesIO(c.get(reverse("cost-effectiveness-export"), {"group_by": "opd"}).content)
    ).active
    values = [cell for row in workbook.iter_rows(values_only=True) for cell in row]
    assert "Dinas Pendidikan dan Kebudayaan" in values
    assert 7 * JUTA in values
    other = _client(client, money["coord_dinkes"]).get(reverse("cost-effectiveness"), {"group_by": "opd"})
    assert f"Rp{NB}7.000.000" not in other.content.decode()


def test_the_nav_links_the_budgets_for_money_roles(client, money):
    assert reverse("budgets") in _client(client, money["coord_dikbud"]).get(reverse("home")).content.decode()
    assert reverse("budgets") not in _client(client, money["asn"]).get(reverse("home")).content.decode()


def test_the_offering_page_loads_its_costs_for_those_who_read_them(client, money):
    offering = offering_in(money["school"], status="published", cost=JUTA)
    costs = reverse("offering-costs", args=[offering.pk])
    for role, shown in (("coord_dikbud", True), ("hr", True), ("asn", False), ("coord_dinkes", False)):
        html = _client(client, money[role]).get(reverse("offering-detail", args=[offering.pk])).content.decode()
        assert (costs in html) is shown, role
