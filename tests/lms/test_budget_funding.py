"""After a cut: which offerings the budget no longer funds, and which to keep by need served per rupiah.

Dinas Kesehatan, plan year next year (no scores yet: the gaps come from this year's last quarter).
Ten PNS at the puskesmas, none with JP yet next year (20 JP short each); six of them are weak on
"waktu-tunggu", answered by course A (20 JP). Course B (20 JP) answers no gap.
Budget Rp 100 juta cut to Rp 50 juta; a finished offering used Rp 20 juta → Rp 30 juta free for:

- A-big: A, 5 seats, Rp 20 juta; A-small: A, 5 seats, Rp 10 juta; B-wide: B, 30 seats, Rp 25 juta
  (all published and committed), and a draft B-draft: B, 10 seats, Rp 40 juta.

Greedy (a seat serves at most one employee): A-small seats 5 with a gap: 5 per Rp 10 juta (0.5 per
juta) → kept first. Then A-big: 1 gap left, its other 4 seats to employees 20 JP short: 1 + 4 = 5 per
Rp 20 juta (0.25); B-wide: 5 employees still short: 5 per Rp 25 juta (0.2); B-draft too costly. A-big
is kept, which spends the Rp 30 juta; B-wide is no longer funded (commitments Rp 55 juta − 30 free =
25 short).
"""

import datetime

import pytest
from django.utils import timezone

from backend.people.access import access_for
from lms.selectors.needs import training_need_plan
from lms.services.budget import budget_revise
from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    IndicatorFactory,
    JpLedgerEntryFactory,
    PeriodFactory,
    ScoreFactory,
)
from tests.lms.budget_fixtures import (
    JUTA,
    BudgetCommitmentFactory,
    BudgetFactory,
    OfferingCostFactory,
    fresh,
    money_fixture,  # noqa: F401 - fixture
    offering_in,
    published_in,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
PLAN_YEAR = THIS_YEAR + 1


@pytest.fixture(name="cut")
def cut_fixture(money):
    dinkes, puskesmas = money["dinkes"], money["puskesmas"]
    period = PeriodFactory(year=THIS_YEAR, number=4)
    indicator = IndicatorFactory(code="waktu-tunggu", org_unit=dinkes)
    weak = [EmployeeFactory(unit=puskesmas) for _ in range(6)]
    for employee in weak:
        ScoreFactory(employee=employee, indicator=indicator, period=period, target=100, realisasi=50)
    for _ in range(4):
        EmployeeFactory(unit=puskesmas)
    course_a, course_b = CourseFactory(title="Kursus A"), CourseFactory(title="Kursus B")
    CourseIndicatorFactory(course=course_a, indicator=indicator)
    budget = BudgetFactory(org_unit=dinkes, fiscal_year=PLAN_YEAR, amount=100 * JUTA)
    start = datetime.date(PLAN_YEAR, 3, 2)
    finished = offering_in(dinkes, status="finished", start=datetime.date(PLAN_YEAR, 1, 12))
    OfferingCostFactory(offering=finished, unit_price=20 * JUTA, actual_amount=20 * JUTA)
    BudgetCommitmentFactory(offering=finished)
    offerings = {
        "big": published_in(dinkes, cost=20 * JUTA, start=start, course=course_a, capacity=5, code="a-big"),
        "small": published_in(dinkes, cost=10 * JUTA, start=start, course=course_a, capacity=5, code="a-small"),
        "wide": published_in(dinkes, cost=25 * JUTA, start=start, course=course_b, capacity=30, code="b-wide"),
        "draft": offering_in(dinkes, cost=40 * JUTA, start=start, course=course_b, capacity=10, code="b-draft"),
    }
    budget_revise(
        actor=money["hr"],
        budget=budget,
        new_amount=50 * JUTA,
        kind="apbd_p",
        decided_on=datetime.date(PLAN_YEAR, 1, 20),
        note="Pergeseran",
    )
    return {**money, "budget": budget, "offerings": offerings}


def test_the_cut_shows_what_is_no_longer_funded_and_what_to_keep(cut):
    plan = training_need_plan(access=access_for(cut["hr"]), year=PLAN_YEAR, org_unit=cut["dinkes"], with_funding=True)
    funding = plan.funding
    assert (funding.amount, funding.sunk, funding.free, funding.remaining) == (
        50 * JUTA,
        20 * JUTA,
        30 * JUTA,
        -25 * JUTA,
    )
    assert [(c.money.code, c.rank) for c in funding.kept] == [("a-small", 1), ("a-big", 2)]
    by_code = {c.money.code: c for c in funding.candidates}
    assert (by_code["a-small"].gap_reached, by_code["a-small"].jp_minutes_covered) == (5, 5 * 900)
    # Both a gap and 20 JP for each of its 5 seats: still 5 employees served, not 10.
    assert str(by_code["a-small"].need_points) == "5.00"
    assert (by_code["a-big"].gap_reached, by_code["a-big"].need_points) == (1, 5)
    assert all(c.need_points <= c.money.capacity for c in funding.candidates)
    assert [c.money.code for c in funding.unfunded] == ["b-wide"]
    assert {c.money.code for c in funding.dropped} == {"b-wide", "b-draft"}
    assert funding.kept_cost == 30 * JUTA
    assert funding.shortfall == 25 * JUTA


def test_without_an_opd_the_plan_lists_the_overdrawn_budgets(cut):
    plan = training_need_plan(access=access_for(cut["hr"]), year=PLAN_YEAR, with_funding=True)
    assert plan.funding is None
    assert [(r.opd.code, r.remaining) for r in plan.overdrawn] == [("dinkes", -25 * JUTA)]


def test_only_those_who_read_the_budget_see_its_funding(cut):
    coordinator = training_need_plan(
        access=access_for(cut["coord_dinkes"]), year=PLAN_YEAR, org_unit=cut["dinkes"], with_funding=True
    )
    assert [c.money.code for c in coordinator.funding.unfunded] == ["b-wide"]
    # A coordinator of the puskesmas opens the Dinas's plan (their part of it), not its money.
    puskesmas = training_need_plan(
        access=access_for(cut["coord_puskesmas"]), year=PLAN_YEAR, org_unit=cut["dinkes"], with_funding=True
    )
    assert puskesmas.funding is None
    assert puskesmas.overdrawn == []
    other = training_need_plan(access=access_for(cut["coord_dikbud"]), year=PLAN_YEAR, with_funding=True)
    assert other.overdrawn == []


def test_the_plan_without_funding_asks_nothing_of_the_budget(cut):
    access = access_for(cut["hr"])
    with_funding = training_need_plan(access=access, year=PLAN_YEAR, org_unit=cut["dinkes"], with_funding=True)
    assert with_funding.funding is not None
    plain = training_need_plan(access=access, year=PLAN_YEAR, org_unit=cut["dinkes"])
    assert (plain.funding, plain.overdrawn) == (None, [])
    assert [r.code for r in plain.rows] == [r.code for r in with_funding.rows]


def _jp_short(money, n):
    """``n`` PNS of the puskesmas, 20 JP short in the plan year, with no gap any course answers."""
    return [EmployeeFactory(unit=money["puskesmas"]) for _ in range(n)]


def _cut_to(money, budget, amount, day):
    budget_revise(actor=money["hr"], budget=budget, new_amount=amount, kind="refocusing", decided_on=day)


def test_enrolments_are_shown_and_win_a_tie(money, client):
    people = _jp_short(money, 10)
    course = CourseFactory(title="Kursus C")
    budget = BudgetFactory(org_unit=money["dinkes"], fiscal_year=PLAN_YEAR, amount=100 * JUTA)
    published_in(
        money["dinkes"], cost=10 * JUTA, start=datetime.date(PLAN_YEAR, 3, 2), course=course, capacity=5, code="c-early"
    )
    joined = published_in(
        money["dinkes"],
        cost=10 * JUTA,
        start=datetime.date(PLAN_YEAR, 4, 6),
        course=course,
        capacity=5,
        code="c-joined",
    )
    for employee in people[:2]:
        EnrollmentFactory(offering=joined, employee=employee)
    EnrollmentFactory(offering=joined, employee=people[2], status="waitlisted")
    EnrollmentFactory(offering=joined, employee=people[3], status="cancelled")
    _cut_to(money, budget, 10 * JUTA, datetime.date(PLAN_YEAR, 1, 20))
    funding = training_need_plan(
        access=access_for(money["hr"]), year=PLAN_YEAR, org_unit=money["dinkes"], with_funding=True
    ).funding
    by_code = {c.money.code: c for c in funding.candidates}
    assert (by_code["c-joined"].enrolled, by_code["c-joined"].waitlisted) == (2, 1)
    assert (by_code["c-early"].enrolled, by_code["c-early"].waitlisted) == (0, 0)
    # Equal need per rupiah (5 employees 20 JP short each): the one people joined is kept, not the earlier.
    assert by_code["c-joined"].need_points == by_code["c-early"].need_points == 5
    assert [c.money.code for c in funding.kept] == ["c-joined"]
    client.force_login(money["hr"])
    client.cookies["django_language"] = "en"
    html = client.get("/training/needs/", {"year": PLAN_YEAR, "opd": money["dinkes"].pk}).content.decode()
    assert 'data-joined="2+1"' in html
    assert "+1 waitlisted" in html


def test_who_joined_takes_the_seats_first(money):
    # Five who joined have met their JP already: the offering serves nobody, whoever else needs it.
    met = _jp_short(money, 5)
    _jp_short(money, 5)
    course = CourseFactory(title="Kursus D")
    budget = BudgetFactory(org_unit=money["dinkes"], fiscal_year=PLAN_YEAR, amount=100 * JUTA)
    full = published_in(
        money["dinkes"], cost=10 * JUTA, start=datetime.date(PLAN_YEAR, 3, 2), course=course, capacity=5, code="d-full"
    )
    for employee in met:
        EnrollmentFactory(offering=full, employee=employee)
        JpLedgerEntryFactory(employee=employee, year=PLAN_YEAR, minutes=20 * 45)
    _cut_to(money, budget, 50 * JUTA, datetime.date(PLAN_YEAR, 1, 20))
    funding = training_need_plan(
        access=access_for(money["hr"]), year=PLAN_YEAR, org_unit=money["dinkes"], with_funding=True
    ).funding
    (candidate,) = funding.candidates
    assert (candidate.enrolled, candidate.need_points, candidate.jp_minutes_covered) == (5, 0, 0)


def test_offerings_left_out_are_listed_by_need_per_rupiah(money):
    _jp_short(money, 10)
    budget = BudgetFactory(org_unit=money["dinkes"], fiscal_year=PLAN_YEAR, amount=100 * JUTA)
    published_in(
        money["dinkes"], cost=40 * JUTA, start=datetime.date(PLAN_YEAR, 2, 2), capacity=5, code="e-costly-early"
    )
    published_in(money["dinkes"], cost=20 * JUTA, start=datetime.date(PLAN_YEAR, 6, 1), capacity=5, code="e-cheap-late")
    # Nothing is free: both are left out, the better value first although it starts later.
    _cut_to(money, budget, 1 * JUTA, datetime.date(PLAN_YEAR, 1, 20))
    funding = training_need_plan(
        access=access_for(money["hr"]), year=PLAN_YEAR, org_unit=money["dinkes"], with_funding=True
    ).funding
    assert funding.kept == []
    assert [c.money.code for c in funding.dropped] == ["e-cheap-late", "e-costly-early"]


FUNDING = "/api/v1/training-needs/funding/"


def test_the_api_gives_the_keep_list_and_what_is_no_longer_funded(api_client, cut):
    api_client.force_authenticate(fresh(cut["hr"]))
    response = api_client.get(FUNDING, {"org_unit": cut["dinkes"].pk, "year": PLAN_YEAR})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["budget"], data["free"], data["remaining"], data["shortfall"]) == (
        50 * JUTA,
        30 * JUTA,
        -25 * JUTA,
        25 * JUTA,
    )
    rows = [(c["code"], c["kept"], c["rank"], c["unfunded"]) for c in data["candidates"]]
    assert rows[:2] == [("a-small", True, 1, False), ("a-big", True, 2, False)]
    assert sorted(rows[2:]) == [("b-draft", False, 0, False), ("b-wide", False, 0, True)]
    assert api_client.get(FUNDING).status_code == 400


def test_the_funding_api_is_scoped(api_client, cut):
    query = {"org_unit": cut["dinkes"].pk, "year": PLAN_YEAR}
    for role, status in (("coord_dinkes", 200), ("coord_dikbud", 404), ("coord_puskesmas", 404), ("asn", 403)):
        api_client.force_authenticate(fresh(cut[role]))
        assert api_client.get(FUNDING, query).status_code == status, role


def test_the_funding_api_query_count(api_client, cut, django_assert_num_queries):
    api_client.force_authenticate(fresh(cut["hr"]))
    # 1 the employee record, 2 the roles, 3 the unit; the plan's 4 period, 5 appraisal rules, 6 weak
    # scores, 7 behaviour rated below, 8 IKM surveys, 9 their answers, 10 active employees, 11 courses
    # on the indicators, 12 this year's enrollments in them, 13 their upcoming offerings; the
    # funding's 14 budget, 15 the money of the OPD's offerings of the year, 16 the enrolments of
    # those not yet started, 17 the JP of its PNS.
    with django_assert_num_queries(17):
        response = api_client.get(FUNDING, {"org_unit": cut["dinkes"].pk, "year": PLAN_YEAR})
    assert len(response.json()["candidates"]) == 4
