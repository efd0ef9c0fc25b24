"""The budget API: /budgets/, /offering-costs/, /cost-effectiveness/, and the publish override."""

import datetime

import pytest

from lms.models import Budget, BudgetCommitment, OfferingCost
from tests.factories import OrgUnitFactory
from tests.lms.budget_fixtures import (
    JUTA,
    YEAR,
    BudgetFactory,
    fresh,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)

pytestmark = pytest.mark.django_db

BUDGETS = "/api/v1/budgets/"
COSTS = "/api/v1/offering-costs/"
EFFECT = "/api/v1/cost-effectiveness/"


def _as(api_client, user):
    api_client.force_authenticate(fresh(user))
    return api_client


# --- Budgets ---------------------------------------------------------------------------


def test_hr_lists_every_budget_with_its_usage(api_client, money):
    published_in(money["school"], cost=60 * JUTA)
    data = _as(api_client, money["hr"]).get(BUDGETS, {"fiscal_year": YEAR}).json()
    rows = {row["org_unit"]["code"]: row for row in data["results"]}
    assert set(rows) == {"dikbud", "dinkes"}
    dikbud = rows["dikbud"]
    assert (dikbud["amount"], dikbud["committed"], dikbud["used"], dikbud["remaining"]) == (
        100 * JUTA,
        60 * JUTA,
        60 * JUTA,
        40 * JUTA,
    )


def test_a_coordinator_sees_only_their_opds_budget(api_client, money):
    client = _as(api_client, money["coord_dikbud"])
    data = client.get(BUDGETS).json()
    assert [row["org_unit"]["code"] for row in data["results"]] == ["dikbud"]
    assert client.get(f"{BUDGETS}{money['dinkes_budget'].pk}/").status_code == 404
    assert client.get(f"{BUDGETS}{money['dikbud_budget'].pk}/").status_code == 200
    assert _as(api_client, money["coord_puskesmas"]).get(BUDGETS).json()["results"] == []


@pytest.mark.parametrize("role", ["asn", "supervisor"])
def test_employees_without_a_money_role_get_403(api_client, money, role):
    client = _as(api_client, money[role])
    assert client.get(BUDGETS).status_code == 403
    assert client.get(f"{BUDGETS}{money['dikbud_budget'].pk}/").status_code == 403
    assert client.get(COSTS).status_code == 403
    assert client.get(EFFECT).status_code == 403
    assert client.get(EFFECT, {"group_by": "nonsense"}).status_code == 403


def test_hr_creates_and_revises_a_budget_keeping_the_history(api_client, money):
    client = _as(api_client, money["hr"])
    bkpsdm = money["bkpsdm"]
    response = client.post(
        BUDGETS,
        {"org_unit": bkpsdm.pk, "fiscal_year": YEAR, "amount": 900 * JUTA, "decided_on": f"{YEAR - 1}-11-28"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    budget_id = response.json()["id"]
    response = client.post(
        f"{BUDGETS}{budget_id}/revise/",
        {"kind": "refocusing", "new_amount": 700 * JUTA, "decided_on": f"{YEAR}-04-01", "note": "Refocusing"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["amount"] == 700 * JUTA
    assert [(r["kind"], r["old_amount"], r["new_amount"], r["actor"]) for r in data["revisions"]] == [
        ("initial", None, 900 * JUTA, money["hr"].username),
        ("refocusing", 900 * JUTA, 700 * JUTA, money["hr"].username),
    ]


def test_budget_writes_are_refused_with_4xx(api_client, money):
    day = f"{YEAR - 1}-11-28"
    coordinator = _as(api_client, money["coord_dikbud"])
    assert (
        coordinator.post(
            BUDGETS, {"org_unit": money["bkpsdm"].pk, "fiscal_year": YEAR, "amount": 1, "decided_on": day}
        ).status_code
        == 403
    )
    assert (
        coordinator.post(
            f"{BUDGETS}{money['dikbud_budget'].pk}/revise/", {"kind": "apbd_p", "new_amount": 1, "decided_on": day}
        ).status_code
        == 403
    )
    hr = _as(api_client, money["hr"])
    for body in (
        {"org_unit": money["school"].pk, "fiscal_year": YEAR, "amount": 1, "decided_on": day},
        {"org_unit": money["dikbud"].pk, "fiscal_year": YEAR, "amount": 1, "decided_on": day},
        {"org_unit": 999999, "fiscal_year": YEAR, "amount": 1, "decided_on": day},
        {"org_unit": money["bkpsdm"].pk, "fiscal_year": YEAR, "amount": -5, "decided_on": day},
        {"org_unit": 2**70, "fiscal_year": YEAR, "amount": 1, "decided_on": day},
    ):
        assert hr.post(BUDGETS, body, format="json").status_code == 400, body
    assert (
        hr.post(
            f"{BUDGETS}{money['dikbud_budget'].pk}/revise/", {"kind": "initial", "new_amount": 1, "decided_on": day}
        ).status_code
        == 400
    )
    assert hr.put(f"{BUDGETS}{money['dikbud_budget'].pk}/", {"amount": 1}).status_code == 405
    assert hr.get(BUDGETS, {"fiscal_year": "x"}).status_code == 400
    assert Budget.objects.count() == 2


def test_budget_list_query_count(api_client, money, django_assert_num_queries):
    client = _as(api_client, money["hr"])
    for extra in (0, 6):
        for n in range(extra):
            BudgetFactory(org_unit=OrgUnitFactory(), fiscal_year=YEAR + n % 2)
            published_in(money["dikbud"], cost=JUTA)
        # 1 the employee record, 2 the roles, 3 the count, 4 the page of budgets with their OPDs,
        # 5 the money of every offering of those OPDs and years.
        with django_assert_num_queries(5):
            response = client.get(BUDGETS)
        assert response.json()["count"] == 2 + extra
        client = _as(api_client, money["hr"])


# --- Cost lines ------------------------------------------------------------------------


def test_a_coordinator_writes_the_cost_lines_of_their_offerings(api_client, money):
    offering = offering_in(money["school"])
    client = _as(api_client, money["coord_dikbud"])
    response = client.post(
        COSTS,
        {"offering": offering.pk, "kind": "trainer_honorarium", "quantity": 20, "unit": "JP", "unit_price": 500_000},
        format="json",
    )
    assert response.status_code == 201, response.json()
    line_id = response.json()["id"]
    assert response.json()["planned_amount"] == 10 * JUTA
    response = client.patch(f"{COSTS}{line_id}/", {"quantity": 16}, format="json")
    assert response.json()["planned_amount"] == 8 * JUTA
    # Publishing through the API commits the plan; afterwards only actual amounts change.
    response = client.post(f"/api/v1/offerings/{offering.pk}/publish/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert BudgetCommitment.objects.get(offering=offering).amount == 8 * JUTA
    assert client.patch(f"{COSTS}{line_id}/", {"unit_price": 1}, format="json").status_code == 400
    response = client.patch(f"{COSTS}{line_id}/", {"actual_amount": 7_900_000}, format="json")
    assert response.json()["actual_amount"] == 7_900_000
    assert client.delete(f"{COSTS}{line_id}/").status_code == 400


def test_cost_lines_are_scoped_by_the_owning_unit(api_client, money):
    mine = offering_in(money["school"], cost=JUTA)
    theirs = offering_in(money["puskesmas"], cost=77_777_000)
    theirs_line = theirs.costs.get()
    client = _as(api_client, money["coord_dikbud"])
    data = client.get(COSTS).json()
    assert [row["offering"] for row in data["results"]] == [mine.pk]
    assert client.get(f"{COSTS}{theirs_line.pk}/").status_code == 404
    assert client.patch(f"{COSTS}{theirs_line.pk}/", {"quantity": 5}, format="json").status_code == 404
    assert client.delete(f"{COSTS}{theirs_line.pk}/").status_code == 404
    response = client.post(COSTS, {"offering": theirs.pk, "kind": "venue", "unit_price": 1}, format="json")
    assert response.status_code == 404
    # HR reads every line, writes none.
    hr = _as(api_client, money["hr"])
    assert hr.get(COSTS, {"unit": money["dinkes"].pk}).json()["count"] == 1
    assert hr.patch(f"{COSTS}{theirs_line.pk}/", {"quantity": 5}, format="json").status_code == 403
    theirs_line.refresh_from_db()
    assert theirs_line.quantity == 1


def test_cost_line_list_query_count(api_client, money, django_assert_num_queries):
    client = _as(api_client, money["coord_dikbud"])
    for extra in (1, 5):
        for _ in range(extra):
            offering_in(money["school"], cost=JUTA)
        # 1 the employee record, 2 the roles, 3 the count, 4 the page of lines with their offerings.
        with django_assert_num_queries(4):
            response = client.get(COSTS)
        assert response.json()["count"] == OfferingCost.objects.count()
        client = _as(api_client, money["coord_dikbud"])


def test_publishing_over_the_budget_through_the_api(api_client, money):
    published_in(money["dikbud"], cost=95 * JUTA)
    offering = offering_in(money["dikbud"], cost=10 * JUTA)
    url = f"/api/v1/offerings/{offering.pk}/publish/"
    response = _as(api_client, money["coord_dikbud"]).post(url, {"override_reason": "Penting"}, format="json")
    assert response.status_code == 400
    assert "Rp 5.000.000" in response.json()["non_field_errors"][0]
    response = _as(api_client, money["admin"]).post(url, {"override_reason": "Perintah Sekda"}, format="json")
    assert response.status_code == 200, response.json()
    assert BudgetCommitment.objects.get(offering=offering).override_reason == "Perintah Sekda"


# --- Cost-effectiveness ----------------------------------------------------------------


def test_cost_effectiveness_list(api_client, money):
    finished = offering_in(money["school"], status="finished", cost=6 * JUTA, start=datetime.date(YEAR, 2, 2))
    offering_in(money["puskesmas"], status="finished", cost=77_777_000)
    client = _as(api_client, money["coord_dikbud"])
    data = client.get(EFFECT, {"group_by": "opd", "year": YEAR}).json()
    assert (data["group_by"], data["year"], data["count"]) == ("opd", YEAR, 1)
    row = data["results"][0]
    assert (row["key"], row["cost"], row["basis"]) == (money["dikbud"].pk, 6 * JUTA, "planned")
    assert row["improvement"]["status"] == "not_enough_data"
    assert row["improvement"]["cost_per_point"] is None
    data = _as(api_client, money["hr"]).get(EFFECT).json()
    assert {r["cost"] for r in data["results"]} == {6 * JUTA, 77_777_000}
    assert finished.pk
    assert client.get(EFFECT, {"group_by": "nonsense"}).status_code == 400
    assert client.get(EFFECT, {"year": 99999}).status_code == 400
    # The page's old name for the grouping is refused, not silently answered per course.
    response = client.get(EFFECT, {"group": "opd"})
    assert response.status_code == 400
    assert "group" in response.json()
    assert client.get(EFFECT, {"group_by": "opd", "format": "json"}).status_code == 200
