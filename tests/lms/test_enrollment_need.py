from decimal import Decimal

import pytest
from django.utils import translation

from lms.selectors.need import enrollment_need_get
from tests.factories import (
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    IndicatorFactory,
    JpLedgerEntryFactory,
    PeriodFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(title="Pelayanan Prima Puskesmas")


def _target(course, name, weight="1"):
    indicator = IndicatorFactory(name=name)
    CourseIndicatorFactory(course=course, indicator=indicator, weight=Decimal(weight))
    return indicator


def test_gap_is_points_short_times_weight_on_the_latest_scored_period(course):
    employee = EmployeeFactory()
    waiting = _target(course, "Rata-rata waktu tunggu pelayanan pasien")
    complaints = _target(course, "Persentase pengaduan ditindaklanjuti", weight="0.5")
    reached = _target(course, "Cakupan imunisasi dasar")
    unrelated = IndicatorFactory(name="Ketepatan laporan keuangan")
    q2, q3 = PeriodFactory(year=2026, number=2), PeriodFactory(year=2026, number=3)
    # An older period's weaker score is history, not the current need.
    ScoreFactory(employee=employee, indicator=waiting, period=q2, realisasi=10)
    ScoreFactory(employee=employee, indicator=waiting, period=q3, realisasi=62)
    ScoreFactory(employee=employee, indicator=complaints, period=q3, realisasi=90)
    ScoreFactory(employee=employee, indicator=reached, period=q3, realisasi=120)
    ScoreFactory(employee=employee, indicator=unrelated, period=q3, realisasi=5)
    # Another course's weight on the same indicator must not leak in.
    CourseIndicatorFactory(indicator=waiting, weight=Decimal("0.2"))

    need = enrollment_need_get(employee=employee, course=course, year=2026)

    assert need.gap == Decimal("43.00")  # 38 × 1 + 10 × 0.5
    assert [item.indicator for item in need.items] == [waiting.name, complaints.name]


def test_jp_deficit_for_pns_and_none_for_pppk(course):
    pns = EmployeeFactory(employment_type="PNS")
    JpLedgerEntryFactory(employee=pns, year=2026, minutes=8 * 45)
    JpLedgerEntryFactory(employee=pns, year=2025, minutes=20 * 45)
    pppk = EmployeeFactory(employment_type="PPPK")
    assert enrollment_need_get(employee=pns, course=course, year=2026).jp_deficit_minutes == 12 * 45
    assert enrollment_need_get(employee=pns, course=course, year=2025).jp_deficit_minutes == 0
    assert enrollment_need_get(employee=pppk, course=course, year=2026).jp_deficit_minutes == 0


def test_the_reason_names_the_indicator_the_gap_the_weight_and_the_jp(course):
    employee = EmployeeFactory()
    indicator = _target(course, "Rata-rata waktu tunggu pelayanan pasien")
    ScoreFactory(employee=employee, indicator=indicator, period=PeriodFactory(year=2026, number=3), realisasi=62)
    JpLedgerEntryFactory(employee=employee, year=2026, minutes=8 * 45)
    with translation.override("en"):
        need = enrollment_need_get(employee=employee, course=course, year=2026)
        nothing = enrollment_need_get(employee=EmployeeFactory(employment_type="PPPK"), course=course, year=2026)
    assert need.reason == (
        "Achievement «Rata-rata waktu tunggu pelayanan pasien» 62 % of target (gap 38 points × weight 1); "
        "12 JP short in 2026"
    )
    assert nothing.gap == 0
    assert nothing.reason == "No gap on the course's indicators and no JP deficit in 2026"


@pytest.mark.parametrize("targets", [1, 6])
def test_need_takes_two_queries_whatever_the_course(course, targets, django_assert_num_queries):
    employee = EmployeeFactory()
    period = PeriodFactory(year=2026, number=3)
    for index in range(targets):
        ScoreFactory(employee=employee, indicator=_target(course, f"Indikator {index}"), period=period, realisasi=70)
    # 1 the employee's below-target scores of the latest period on the course's indicators, 2 the year's JP.
    with django_assert_num_queries(2):
        need = enrollment_need_get(employee=employee, course=course, year=2026)
    assert need.gap == Decimal(30 * targets)
