"""Impact of training read from the appraisal: who counts as participant and as comparison, and scoping."""

import pytest
from django.db.models import F

from backend.appraisal.models import Score
from backend.people.access import Access, access_for
from lms.selectors.impact import ImpactGroup, course_indicator_uplifts, impact_list
from tests.factories import (
    EmployeeFactory,
    EnrollmentFactory,
    IndicatorFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.lms.scenarios import impact_scenario, score_at

pytestmark = pytest.mark.django_db

SYSTEM = Access(user_id=None, is_superuser=True)


def test_the_estimate_compares_participants_with_weak_peers_who_were_not_trained():
    world = impact_scenario(effect=10)
    [estimate] = impact_list(access=SYSTEM, samples=500)
    assert estimate.key == world["course"].pk
    assert estimate.course_id == world["course"].pk
    assert (estimate.n_treated, estimate.n_control) == (12, 12)
    assert estimate.did == pytest.approx(10.0)
    assert estimate.treated_change == pytest.approx(15.0)
    assert estimate.control_change == pytest.approx(5.0)
    assert estimate.ci_low <= 10.0 <= estimate.ci_high
    assert estimate.ci_low > 8
    # 85 and above is at or above the weak threshold of 80.
    assert estimate.gap_closed_share == pytest.approx(1.0)


def test_who_is_not_a_participant_or_a_comparison():
    world = impact_scenario(effect=0)
    q1, _q2, q3, _q4 = world["periods"]
    # A participant who was not weak in the baseline is not one the course was for.
    strong = EmployeeFactory(unit=world["unit"])
    EnrollmentFactory(offering=world["offering"], employee=strong, status="completed", credited_minutes=900)
    score_at(strong, world["indicator"], q1, 95)
    score_at(strong, world["indicator"], q3, 200)
    # Not completed: neither a participant nor (having held a seat) a comparison.
    dropped = EmployeeFactory(unit=world["unit"])
    EnrollmentFactory(offering=world["offering"], employee=dropped, status="not_completed")
    score_at(dropped, world["indicator"], q1, 60)
    score_at(dropped, world["indicator"], q3, 160)
    # A weak peer with no follow-up score cannot be compared.
    gone = EmployeeFactory(unit=world["unit"])
    score_at(gone, world["indicator"], q1, 50)
    [estimate] = impact_list(access=SYSTEM, samples=200)
    assert (estimate.n_treated, estimate.n_control) == (12, 12)
    assert estimate.did == pytest.approx(0.0, abs=0.01)
    assert estimate.ci_low <= 0 <= estimate.ci_high


def test_not_enough_data_below_the_minimum(settings):
    settings.LMS_IMPACT_MIN_N = 10
    impact_scenario(participants=6, peers=20)
    [estimate] = impact_list(access=SYSTEM, samples=100)
    assert not estimate.enough_data
    assert estimate.did is None
    assert estimate.ci_low is None
    assert (estimate.n_treated, estimate.n_control) == (6, 20)


def test_groupings_and_filters():
    world = impact_scenario(effect=8)
    by_offering = impact_list(access=SYSTEM, group_by=ImpactGroup.OFFERING, samples=100)
    assert [(e.key, e.label) for e in by_offering] == [(world["offering"].pk, world["offering"].code)]
    by_indicator = impact_list(access=SYSTEM, group_by=ImpactGroup.INDICATOR, samples=100)
    assert [(e.key, e.label) for e in by_indicator] == [(world["indicator"].pk, world["indicator"].name)]
    by_opd = impact_list(access=SYSTEM, group_by=ImpactGroup.OPD, samples=100)
    assert [e.key for e in by_opd] == [world["unit"].pk]
    assert by_opd[0].did == pytest.approx(8.0)
    assert impact_list(access=SYSTEM, year=2025, samples=100) == []
    assert len(impact_list(access=SYSTEM, year=2024, samples=100)) == 1
    assert impact_list(access=SYSTEM, indicator_id=IndicatorFactory().pk, samples=100) == []
    assert impact_list(access=SYSTEM, course_id=world["course"].pk, samples=100)[0].did == pytest.approx(8.0)


def test_follow_up_periods_are_configurable(settings):
    world = impact_scenario(effect=10)
    q4 = world["periods"][3]
    # Participants jump another 20 points in Q4: only the second follow-up period sees it.
    Score.objects.filter(employee__in=world["trained"], period=q4).update(achievement=F("achievement") + 20)
    settings.LMS_IMPACT_FOLLOWUP_PERIODS = 2
    assert impact_list(access=SYSTEM, samples=0)[0].did == pytest.approx(20.0)
    settings.LMS_IMPACT_FOLLOWUP_PERIODS = 1
    assert impact_list(access=SYSTEM, samples=0)[0].did == pytest.approx(10.0)


def test_another_agencys_coordinator_sees_none_of_its_people(two_agencies):
    impact_scenario(effect=10, unit=two_agencies["school"])
    outsider = UserFactory()
    EmployeeFactory(unit=two_agencies["puskesmas"], user=outsider)
    RoleAssignmentFactory(user=outsider, role="coordinator", org_unit=two_agencies["dinkes"])
    assert impact_list(access=access_for(outsider), samples=100) == []
    insider = UserFactory()
    EmployeeFactory(unit=two_agencies["school"], user=insider)
    RoleAssignmentFactory(user=insider, role="coordinator", org_unit=two_agencies["dikbud"])
    [estimate] = impact_list(access=access_for(insider), samples=100)
    assert estimate.n_treated == 12


def test_course_indicator_uplifts_feed_suggestions():
    world = impact_scenario(effect=6)
    uplifts = course_indicator_uplifts(access=SYSTEM)
    measured, n = uplifts[(world["course"].pk, world["indicator"].pk)]
    assert measured == pytest.approx(6.0)
    assert n == 12


def test_the_report_reads_in_a_fixed_number_of_queries(django_assert_num_queries):
    impact_scenario(effect=4)
    impact_scenario(effect=2, participants=10, peers=10)
    # 1 scored periods, 2 target indicators, 3 seats, 4 the weak threshold (appraisal rules), 5 baseline scores,
    # 6 follow-up scores, 7 course labels, 8 course titles.
    with django_assert_num_queries(8):
        estimates = impact_list(access=SYSTEM, samples=100)
    assert len(estimates) == 2


def test_the_same_rows_get_the_same_interval_whatever_else_is_asked():
    world = impact_scenario(effect=10)
    other = impact_scenario(effect=3)
    alone = impact_list(access=SYSTEM, course_id=world["course"].pk, samples=300)[0]
    together = {e.key: e for e in impact_list(access=SYSTEM, samples=300)}
    assert other["course"].pk in together
    assert (alone.ci_low, alone.ci_high) == (together[world["course"].pk].ci_low, together[world["course"].pk].ci_high)


def test_a_large_comparison_group_is_sampled_down_the_same_way_every_time(settings):
    world = impact_scenario(effect=10, participants=12, peers=30)
    settings.LMS_IMPACT_MAX_COMPARISON = 12
    first = impact_list(access=SYSTEM, samples=200)[0]
    assert (first.n_treated, first.n_control) == (12, 12)
    assert first.did == pytest.approx(10.0, abs=1.0)
    again = impact_list(access=SYSTEM, samples=200)[0]
    assert (again.did, again.ci_low, again.ci_high) == (first.did, first.ci_low, first.ci_high)
    assert world["course"].pk == first.key


def test_the_same_participants_get_the_same_interval_in_every_grouping():
    world = impact_scenario(effect=10)
    rows = [
        impact_list(access=SYSTEM, group_by=group, samples=300)[0]
        for group in (ImpactGroup.COURSE, ImpactGroup.OFFERING, ImpactGroup.INDICATOR, ImpactGroup.OPD)
    ]
    assert {(row.ci_low, row.ci_high) for row in rows} == {(rows[0].ci_low, rows[0].ci_high)}
    assert rows[0].key == world["course"].pk
