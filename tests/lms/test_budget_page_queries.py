"""The budget and cost-effectiveness pages cost a fixed number of queries, however many rows they show."""

import pytest
from django.urls import reverse

from backend.people.choices import Role
from tests.lms.budget_fixtures import (
    JUTA,
    YEAR,
    OfferingCostFactory,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)
from tests.lms.scenarios import impact_scenario

pytestmark = pytest.mark.django_db

# 1 the session, 2 the user, 3 the employee record, 4 the roles, 5 the OPDs in scope,
# 6 the budgets with their OPD, 7 the offerings drawing on them with commitments and costs.
REALISATION_QUERIES = 7


@pytest.mark.parametrize("extra", [0, 3])
def test_the_realisation_page(client, money, extra, django_assert_num_queries):
    for _ in range(1 + extra):
        published_in(money["dikbud"], cost=JUTA)
        offering_in(money["dinkes"], cost=2 * JUTA)
    client.force_login(money["hr"])

    with django_assert_num_queries(REALISATION_QUERIES):
        response = client.get(reverse("budgets"), {"year": YEAR})

    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
def test_an_opds_budget_page(client, money, extra, django_assert_num_queries):
    for _ in range(1 + extra):
        published_in(money["dikbud"], cost=JUTA)
    client.force_login(money["hr"])

    # The realisation's seven, and 8 the revisions.
    with django_assert_num_queries(REALISATION_QUERIES + 1):
        response = client.get(reverse("budget-detail", args=[money["dikbud"].pk, YEAR]))

    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
def test_the_cost_effectiveness_page(client, make_login, settings, extra, django_assert_num_queries):
    settings.LMS_IMPACT_BOOTSTRAP = 50
    world = impact_scenario(effect=10.0, participants=12, peers=12)
    OfferingCostFactory(offering=world["offering"], unit_price=8 * JUTA, actual_amount=7 * JUTA)
    for _ in range(extra):
        more = impact_scenario(effect=5.0, participants=10, peers=10)
        OfferingCostFactory(offering=more["offering"], unit_price=JUTA, actual_amount=JUTA)
    client.force_login(make_login(roles=[Role.HR_ANALYST]))

    # 1 the session, 2 the user, 3 the employee record, 4 the roles, 5 the finished offerings with
    # their costs and seats; then the impact estimate's own: 6 the scored periods, 7 the courses'
    # target indicators, 8 the seats, 9 the appraisal rules, 10 the weak baseline scores, 11 their
    # follow-up scores, 12 the courses' labels, 13 the titles of single-course rows.
    with django_assert_num_queries(13):
        response = client.get(reverse("cost-effectiveness"))

    assert response.status_code == 200
