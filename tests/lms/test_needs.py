"""The training-needs plan: its figures on a planted scenario, the period it rests on, scoping, queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from backend.people.access import access_for
from lms.selectors.needs import (
    Cover,
    need_offering_owner_id,
    training_need_employees,
    training_need_list,
    training_need_plan,
    training_need_unit_choices,
    training_need_unit_get,
)
from tests.factories import EmployeeFactory, EnrollmentFactory, OfferingFactory, PeriodFactory, ScoreFactory
from tests.lms.needs_fixtures import PERIOD_YEAR, YEAR, needs_fixture, offering  # noqa: F401

pytestmark = pytest.mark.django_db


def rows_of(user, unit=None, year=YEAR):
    return {(r.kind, r.code): r for r in training_need_list(access=access_for(user), year=year, org_unit=unit)}


def test_indicator_row_counts_covered_requested_and_open_seats(needs):
    row = rows_of(needs["hr"], needs["dinkes"])[("indicator", "waktu-tunggu")]
    assert row.label == "Rata-rata waktu tunggu pelayanan"
    assert row.employees == 5
    assert row.mean_size == Decimal("33.40")
    # The inactive course is no answer; the heavier course comes first.
    assert [c.code for c in row.courses] == ["waktu-tunggu", "antrean"]
    assert row.best_course.id == needs["courses"]["wt"].pk
    # Ani enrolled in wt-1 and Citra completed an-1; Budi only asked; Dedi's offering was cancelled.
    assert (row.covered, row.requested) == (2, 1)
    # wt-1: 3 seats − Ani − the Dikbud teacher; wt-draft: 1. Next year's offering is not this plan's.
    assert row.open_seats == 2
    assert (row.seats_scheduled, row.shortfall) == (4, 1)


def test_behaviour_and_ikm_rows_come_from_gap_targets(needs):
    rows = rows_of(needs["hr"], needs["dinkes"])
    adaptif = rows[("behaviour", "adaptif")]
    assert (adaptif.employees, adaptif.mean_size) == (2, Decimal("1.00"))
    assert [c.code for c in adaptif.courses] == ["adaptif"]
    assert adaptif.courses[0].weight == Decimal("0.80")
    assert (adaptif.covered, adaptif.requested, adaptif.open_seats, adaptif.shortfall) == (1, 0, 1, 0)
    u8 = rows[("ikm_element", "u8")]
    assert (u8.employees, u8.mean_size) == (3, Decimal("26.61"))
    assert [c.code for c in u8.courses] == ["pengaduan"]
    assert (u8.covered, u8.open_seats, u8.seats_scheduled, u8.shortfall) == (0, 0, 0, 3)


def test_rows_are_sorted_by_shortfall_then_employees(needs):
    plan = training_need_plan(access=access_for(needs["hr"]), year=YEAR, org_unit=needs["dinkes"])
    assert [(r.code, r.shortfall, r.employees) for r in plan.rows] == [
        ("u8", 3, 3),
        ("waktu-tunggu", 1, 5),
        ("adaptif", 0, 2),
    ]


def test_a_gap_without_a_course_is_all_shortfall(needs):
    row = rows_of(needs["hr"], needs["dikbud"])[("indicator", "rpp")]
    assert (row.courses, row.employees, row.covered, row.open_seats, row.shortfall) == ((), 1, 0, 0, 1)


def test_the_whole_regency_holds_every_opd(needs):
    assert set(rows_of(needs["hr"])) == {
        ("indicator", "waktu-tunggu"),
        ("indicator", "rpp"),
        ("behaviour", "adaptif"),
        ("ikm_element", "u8"),
    }


def test_seats_taken_by_others_raise_the_shortfall_and_a_new_offering_lowers_it(needs):
    draft = needs["wt_1"].course.offerings.get(code="wt-draft")
    EnrollmentFactory(offering=draft, employee=EmployeeFactory(unit=needs["dikbud"]))
    assert rows_of(needs["hr"], needs["dinkes"])[("indicator", "waktu-tunggu")].shortfall == 2
    offering(needs["courses"]["antrean"], "an-2", status="draft", capacity=2, owner_unit=needs["dinkes"])
    row = rows_of(needs["hr"], needs["dinkes"])[("indicator", "waktu-tunggu")]
    assert (row.open_seats, row.shortfall) == (3, 0)


# --- The period the plan rests on -----------------------------------------------------------------------


def test_plan_rests_on_the_latest_scored_period_up_to_its_year(needs):
    access = access_for(needs["hr"])
    plan = training_need_plan(access=access, year=YEAR, org_unit=needs["dinkes"])
    assert plan.period == needs["period"]
    assert plan.rests_on_earlier_year
    same_year = training_need_plan(access=access, year=PERIOD_YEAR, org_unit=needs["dinkes"])
    assert same_year.period == needs["period"]
    assert not same_year.rests_on_earlier_year


def test_a_scored_period_of_the_plan_year_takes_over(needs):
    later = PeriodFactory(year=YEAR, number=2)
    ScoreFactory(employee=needs["Fitri"], indicator=needs["Ani"].scores.get().indicator, period=later, realisasi=10)
    plan = training_need_plan(access=access_for(needs["hr"]), year=YEAR, org_unit=needs["dinkes"])
    assert plan.period == later
    assert not plan.rests_on_earlier_year
    assert [(r.code, r.employees) for r in plan.rows] == [("waktu-tunggu", 1)]
    # Scores of a later year do not move an earlier plan.
    assert training_need_plan(access=access_for(needs["hr"]), year=PERIOD_YEAR).period == needs["period"]


def test_nothing_scored_yet_is_an_empty_plan(needs):
    plan = training_need_plan(access=access_for(needs["hr"]), year=PERIOD_YEAR - 5)
    assert (plan.period, plan.rows) == (None, [])


# --- The drill-down -------------------------------------------------------------------------------------


def test_employees_of_a_gap_with_size_and_cover(needs):
    row, employees = training_need_employees(
        access=access_for(needs["hr"]), year=YEAR, org_unit=needs["dinkes"], kind="indicator", code="waktu-tunggu"
    )
    assert row.employees == 5
    assert [(e.employee.name, e.size, e.cover, e.offering_code) for e in employees] == [
        ("Ani", Decimal("50.00"), Cover.COVERED, "wt-1"),
        ("Budi", Decimal("40.00"), Cover.REQUESTED, "wt-1"),
        ("Citra", Decimal("30.00"), Cover.COVERED, "an-1"),
        ("Dedi", Decimal("25.00"), Cover.NONE, ""),
        ("Eko", Decimal("22.00"), Cover.NONE, ""),
    ]
    assert employees[0].cover_label == "Covered"


def test_a_gap_nobody_in_scope_has_is_404(needs):
    with pytest.raises(Http404):
        training_need_employees(access=access_for(needs["hr"]), year=YEAR, kind="indicator", code="nope")
    with pytest.raises(Http404):
        training_need_employees(access=access_for(needs["koord_dinkes"]), year=YEAR, kind="indicator", code="rpp")


# --- Scope ----------------------------------------------------------------------------------------------


def test_unit_choices_follow_the_scope(needs):
    everything = [needs["bkpsdm"], needs["dikbud"], needs["dinkes"]]
    for who in ("hr", "admin", "koord_bkpsdm"):
        assert sorted(training_need_unit_choices(access=access_for(needs[who])), key=lambda u: u.pk) == everything
    assert list(training_need_unit_choices(access=access_for(needs["koord_dikbud"]))) == [needs["dikbud"]]
    # A puskesmas coordinator picks its Dinas, and sees its own part of it.
    assert list(training_need_unit_choices(access=access_for(needs["koord_pkm"]))) == [needs["dinkes"]]
    assert not training_need_unit_choices(access=access_for(needs["asn"])).exists()


def test_another_agencys_coordinator_never_sees_its_rows(needs):
    access = access_for(needs["koord_dikbud"])
    with pytest.raises(Http404):
        training_need_unit_get(access=access, pk=needs["dinkes"].pk)
    with pytest.raises(Http404):
        training_need_unit_get(access=access, pk=needs["puskesmas"].pk)
    assert set(rows_of(needs["koord_dikbud"])) == {("indicator", "rpp")}
    assert training_need_unit_get(access=access, pk=needs["school"].pk) == needs["school"]


def test_a_coordinator_plans_for_their_subtree_not_for_the_team_they_supervise(needs):
    # Koord Dinkes also supervises a teacher with a gap: visible to them elsewhere, not in Dinkes' plan.
    teacher = EmployeeFactory(unit=needs["school"], supervisor=needs["koord_dinkes"].employee)
    ScoreFactory(employee=teacher, indicator=needs["tono"].scores.get().indicator, period=needs["period"], realisasi=5)
    assert set(rows_of(needs["koord_dinkes"])) == {
        ("indicator", "waktu-tunggu"),
        ("behaviour", "adaptif"),
        ("ikm_element", "u8"),
    }
    assert rows_of(needs["hr"])[("indicator", "rpp")].employees == 2


def test_a_puskesmas_coordinator_sees_their_part_of_the_dinas(needs):
    head_office = EmployeeFactory(unit=needs["dinkes"], name="Kantor")
    indicator = needs["Ani"].scores.get().indicator
    ScoreFactory(employee=head_office, indicator=indicator, period=needs["period"], realisasi=10)
    dinkes = training_need_unit_get(access=access_for(needs["koord_pkm"]), pk=needs["dinkes"].pk)
    assert rows_of(needs["koord_pkm"], dinkes)[("indicator", "waktu-tunggu")].employees == 5
    assert rows_of(needs["koord_dinkes"], needs["dinkes"])[("indicator", "waktu-tunggu")].employees == 6


def test_asn_and_supervisors_do_not_see_the_plan(needs, make_login):
    supervisor = access_for(needs["asn"])
    assert supervisor.is_supervisor
    for access in (supervisor, access_for(make_login(unit=needs["puskesmas"]))):
        with pytest.raises(PermissionDenied):
            training_need_plan(access=access, year=YEAR)
        with pytest.raises(PermissionDenied):
            training_need_unit_get(access=access, pk=needs["school"].pk)


def test_owner_of_an_offering_created_from_the_plan(needs):
    assert need_offering_owner_id(access_for(needs["koord_dinkes"]), needs["dinkes"]) == needs["dinkes"].pk
    assert need_offering_owner_id(access_for(needs["koord_pkm"]), needs["dinkes"]) == needs["puskesmas"].pk
    assert need_offering_owner_id(access_for(needs["koord_bkpsdm"]), needs["dikbud"]) == needs["dikbud"].pk
    assert need_offering_owner_id(access_for(needs["koord_bkpsdm"]), None) == needs["bkpsdm"].pk
    # HR plans but schedules nothing.
    assert need_offering_owner_id(access_for(needs["hr"]), needs["dinkes"]) is None


# --- Queries --------------------------------------------------------------------------------------------


def grow(needs, n):
    """``n`` more Dinkes employees with the indicator gap, each enrolled in an answering offering."""
    indicator = needs["Ani"].scores.get().indicator
    extra = OfferingFactory(
        course=needs["courses"]["antrean"],
        owner_unit=needs["dinkes"],
        capacity=n + 5,
        start_date=datetime.date(YEAR, 8, 3),
        end_date=datetime.date(YEAR, 8, 5),
        enroll_closes=datetime.date(YEAR, 8, 1),
    )
    for _ in range(n):
        employee = EmployeeFactory(unit=needs["puskesmas"])
        ScoreFactory(employee=employee, indicator=indicator, period=needs["period"], realisasi=30)
        EnrollmentFactory(offering=extra, employee=employee)


@pytest.mark.parametrize("with_employees", [False, True])
def test_query_count_does_not_grow_with_the_opd(needs, django_assert_num_queries, with_employees):
    access = access_for(needs["hr"])
    for n in (0, 15):
        grow(needs, n)
        # 1 the period the plan rests on, 2 the appraisal rules, 3 weak scores, 4 behaviour rated
        # below, 5 the period's IKM surveys, 6 their answers grouped, 7 the service staff (an element
        # is weak), 8 the active employees (with their units when drilling down), 9 courses linked
        # to the indicators, 10 courses targeting the behaviour/IKM gaps, 11 this year's enrollments
        # in them, 12 their upcoming offerings with seats taken.
        with django_assert_num_queries(12):
            plan = training_need_plan(access=access, year=YEAR, org_unit=needs["dinkes"], with_employees=with_employees)
        row = next(r for r in plan.rows if r.code == "waktu-tunggu")
        assert (row.employees, row.covered) == (5 + n, 2 + n)
        assert len(plan.employees) == (5 + n + 2 + 3 if with_employees else 0)
