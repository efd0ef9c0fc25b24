"""Cost-effectiveness: cost per participant, per JP, per completed participant and per point of improvement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from backend.people.access import access_for
from backend.people.choices import Role
from lms.selectors.cost_effectiveness import PointStatus, cost_effectiveness_list
from lms.selectors.impact import impact_list
from tests.factories import EnrollmentFactory, OfferingFactory
from tests.lms.budget_fixtures import JUTA, OfferingCostFactory, fresh
from tests.lms.scenarios import impact_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fewer_draws(settings):
    settings.LMS_IMPACT_BOOTSTRAP = 300


@pytest.fixture
def hr(make_login):
    return make_login(roles=[Role.HR_ANALYST])


def _cost(offering, *, planned, actual):
    OfferingCostFactory(offering=offering, kind="trainer_honorarium", unit_price=planned[0], actual_amount=actual[0])
    OfferingCostFactory(offering=offering, kind="consumption", unit_price=planned[1], actual_amount=actual[1])


def test_cost_per_point_is_the_cost_per_completed_participant_over_the_impact_estimate(hr):
    world = impact_scenario(effect=10.0, participants=12, peers=12)
    _cost(world["offering"], planned=(12 * JUTA, 8 * JUTA), actual=(12 * JUTA, 6 * JUTA))
    access = access_for(hr)
    report = cost_effectiveness_list(access=access, group_by="course")
    row = report.rows[0]
    assert (row.key, row.offerings, row.cost, row.basis) == (world["course"].pk, 1, 18 * JUTA, "actual")
    assert (row.participants, row.completed, row.jp) == (12, 12, Decimal("240.00"))
    assert (row.cost_per_participant, row.cost_per_jp, row.cost_per_completed) == (
        Decimal(1_500_000),
        Decimal(75_000),
        Decimal(1_500_000),
    )
    estimate = next(e for e in impact_list(access=access, group_by="course") if e.key == world["course"].pk)
    point = row.point
    assert point.status == PointStatus.MEASURED
    assert estimate.did > 9
    assert point.value == round(Decimal(1_500_000) / Decimal(str(estimate.did)))
    # The interval turns over: the lower cost comes from the upper bound of the improvement.
    assert point.low == round(Decimal(1_500_000) / Decimal(str(estimate.ci_high)))
    assert point.high == round(Decimal(1_500_000) / Decimal(str(estimate.ci_low)))
    assert point.low <= point.value <= point.high
    assert (point.n_treated, point.n_control, point.did) == (12, 12, estimate.did)


def test_below_the_minimum_n_the_cost_per_point_says_not_enough_data(hr, settings):
    world = impact_scenario(effect=10.0, participants=5, peers=12)
    _cost(world["offering"], planned=(5 * JUTA, 5 * JUTA), actual=(5 * JUTA, 5 * JUTA))
    row = cost_effectiveness_list(access=access_for(hr)).rows[0]
    assert row.point.status == PointStatus.NOT_ENOUGH_DATA
    assert (row.point.value, row.point.low, row.point.high) == (None, None, None)
    assert row.point.n_treated == 5
    # The same people measured against a lower minimum: the figure appears.
    settings.LMS_IMPACT_MIN_N = 5
    row = cost_effectiveness_list(access=access_for(hr)).rows[0]
    assert row.point.status == PointStatus.MEASURED
    assert row.point.value == round(Decimal(2 * JUTA) / Decimal(str(row.point.did)))


def test_no_improvement_gives_no_cost_per_point(hr):
    world = impact_scenario(effect=-10.0, participants=12, peers=12)
    _cost(world["offering"], planned=(5 * JUTA, 5 * JUTA), actual=(5 * JUTA, 5 * JUTA))
    row = cost_effectiveness_list(access=access_for(hr)).rows[0]
    assert row.point.status == PointStatus.NOT_DETERMINABLE
    assert row.point.did < 0
    assert (row.point.value, row.point.low, row.point.high) == (None, None, None)


def test_an_interval_reaching_zero_gives_no_cost_per_point(hr):
    # Participants improve by 1 more on average, but with a spread wider than that.
    world = impact_scenario(effect=1.0, participants=12, peers=12)
    for n, enrollment in enumerate(world["offering"].enrollments.order_by("pk")):
        score = enrollment.employee.scores.get(period=world["periods"][2])
        score.realisasi = score.realisasi + (12 if n % 2 else -12)
        score.achievement = score.realisasi
        score.save(update_fields=["realisasi", "achievement"])
    _cost(world["offering"], planned=(5 * JUTA, 5 * JUTA), actual=(5 * JUTA, 5 * JUTA))
    row = cost_effectiveness_list(access=access_for(hr)).rows[0]
    assert row.point.ci_low <= 0 < row.point.ci_high
    assert row.point.status == PointStatus.NOT_DETERMINABLE
    assert row.point.value is None


def test_a_course_without_measured_impact_says_not_enough_data(hr, two_agencies):
    offering = OfferingFactory(
        owner_unit=two_agencies["dikbud"],
        status="finished",
        start_date=datetime.date(2025, 5, 6),
        end_date=datetime.date(2025, 5, 8),
        enroll_opens=datetime.date(2025, 4, 1),
        enroll_closes=datetime.date(2025, 5, 1),
    )
    EnrollmentFactory(offering=offering, status="completed", credited_minutes=900)
    EnrollmentFactory(offering=offering, status="not_completed")
    _cost(offering, planned=(3 * JUTA, 1 * JUTA), actual=(3 * JUTA, None))
    row = cost_effectiveness_list(access=access_for(hr), year=2025).rows[0]
    # The unrecorded line counts at its plan, and the row says so.
    assert (row.cost, row.basis, row.offerings_planned) == (4 * JUTA, "mixed", 1)
    assert (row.participants, row.completed, row.cost_per_completed, row.cost_per_participant) == (
        2,
        1,
        Decimal(4 * JUTA),
        Decimal(2 * JUTA),
    )
    assert (row.point.status, row.point.n_treated) == (PointStatus.NOT_ENOUGH_DATA, 0)
    assert cost_effectiveness_list(access=access_for(hr), year=2024).rows == []


def test_per_opd_rows_use_the_impact_of_the_opds_own_offerings(hr, two_agencies):
    world = impact_scenario(effect=10.0, participants=12, peers=12, unit=two_agencies["dinkes"])
    _cost(world["offering"], planned=(12 * JUTA, 6 * JUTA), actual=(12 * JUTA, 6 * JUTA))
    uncosted = OfferingFactory(owner_unit=two_agencies["dinkes"], status="finished")
    EnrollmentFactory(offering=uncosted, status="completed", credited_minutes=900)
    report = cost_effectiveness_list(access=access_for(hr), group_by="opd")
    assert report.uncosted == 1
    (row,) = report.rows
    assert (row.key, row.label, row.cost, row.completed) == (
        two_agencies["dinkes"].pk,
        "Dinas Kesehatan",
        18 * JUTA,
        12,
    )
    owner = next(e for e in impact_list(access=access_for(hr), group_by="owner") if e.key == two_agencies["dinkes"].pk)
    assert row.point.status == PointStatus.MEASURED
    assert row.point.value == round(Decimal(1_500_000) / Decimal(str(owner.did)))


def test_money_is_scoped_by_unit(hr, two_agencies, make_login):
    world = impact_scenario(effect=10.0, participants=12, peers=12, unit=two_agencies["dinkes"])
    _cost(world["offering"], planned=(12 * JUTA, 6 * JUTA), actual=(12 * JUTA, 6 * JUTA))
    dinkes = make_login(unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"])
    dikbud = make_login(unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"])
    assert [r.cost for r in cost_effectiveness_list(access=access_for(dinkes)).rows] == [18 * JUTA]
    assert cost_effectiveness_list(access=access_for(dikbud)).rows == []
    assert cost_effectiveness_list(access=access_for(dikbud), group_by="opd").rows == []
    with pytest.raises(PermissionDenied):
        cost_effectiveness_list(access=access_for(make_login(unit=two_agencies["dinkes"])))


def test_the_api_list_costs_a_fixed_number_of_queries(api_client, hr, django_assert_num_queries):
    world = impact_scenario(effect=10.0, participants=12, peers=12)
    _cost(world["offering"], planned=(12 * JUTA, 8 * JUTA), actual=(12 * JUTA, 6 * JUTA))
    for extra in (0, 3):
        api_client.force_authenticate(fresh(hr))
        for _ in range(extra):
            more = OfferingFactory(course=world["course"], owner_unit=world["unit"], status="finished")
            EnrollmentFactory(offering=more, status="completed", credited_minutes=900)
            _cost(more, planned=(JUTA, JUTA), actual=(JUTA, JUTA))
        # 1 the employee record, 2 the roles, 3 the finished offerings with their costs and seats;
        # then the impact estimate's own: 4 the scored periods, 5 the courses' target indicators,
        # 6 the seats, 7 the appraisal rules, 8 the weak baseline scores, 9 their follow-up scores,
        # 10 the courses' labels, 11 the titles of single-course rows.
        with django_assert_num_queries(11):
            response = api_client.get("/api/v1/cost-effectiveness/", {"group_by": "course"})
        assert response.json()["results"][0]["offerings"] == 1 + extra
