"""A small regency for the HR dashboard, with every panel's figures worked out by hand.

Quarterly scores in 2025; offerings run in April (baseline Q1, follow-up Q3 and Q4).

- "Pelayanan Puskesmas" (indicator of Dinas Kesehatan): participants +30, +10, +20 (mean 20,
  two of three at or above the weak threshold of 80 afterwards), comparison +5, +10, 0 (mean 5):
  DiD 15, n 3 against 3.
- "Asesmen Formatif" (indicator of Dikbud): participants +10, +20 (mean 15), comparison +5, +5
  (mean 5): DiD 10, n 2 against 2.
- "Kelas Kecil": one participant (+10) against two (0, and +2 for a peer of the first class who
  is weak on this indicator too): below the minimum n of 2.

JP 2025: Dinkes 10 PNS, 2 at 20 JP, 40 JP in all; Dikbud 4 PNS, none at 20 JP, 10 JP in all.
IKM 2025: the puskesmas's latest survey (Q3) 100.00 A from one answer, the school's 50.00 D
from two. Predikat 2025: Dinkes one Baik and one Sangat Baik, Dikbud one Butuh Perbaikan.
Suggestions 2025: Dinkes one suggested, one enrolled, one dismissed; Dikbud one lapsed, one enrolled.
"""

import datetime

import pytest

from backend.people.choices import Role
from tests.factories import (
    AnnualPeriodFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    EvaluationFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    JpLedgerEntryFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
    SuggestionFactory,
)

YEAR = 2025
MIN_N = 2


@pytest.fixture(name="impact_settings", autouse=True)
def impact_settings_fixture(settings):
    # Two per group is enough here; a few hundred draws keep the interval stable and the test fast.
    settings.LMS_IMPACT_MIN_N = MIN_N
    settings.LMS_IMPACT_BOOTSTRAP = 200
    settings.LMS_IMPACT_FOLLOWUP_PERIODS = 2


def _person(unit, indicator, periods, baseline, after):
    employee = EmployeeFactory(unit=unit)
    ScoreFactory(employee=employee, indicator=indicator, period=periods[0], realisasi=baseline)
    for period in periods[2:]:
        ScoreFactory(employee=employee, indicator=indicator, period=period, realisasi=after)
    return employee


def _course(title, indicator, owner):
    course = CourseFactory(title=title)
    CourseIndicatorFactory(course=course, indicator=indicator)
    offering = OfferingFactory(
        course=course,
        owner_unit=owner,
        status="finished",
        start_date=datetime.date(YEAR, 4, 14),
        end_date=datetime.date(YEAR, 4, 16),
        enroll_opens=datetime.date(YEAR, 3, 1),
        enroll_closes=datetime.date(YEAR, 4, 10),
    )
    return course, offering


def _cohort(course_title, indicator, owner, unit, periods, treated, control):
    course, offering = _course(course_title, indicator, owner)
    participants = []
    for baseline, after in treated:
        employee = _person(unit, indicator, periods, baseline, after)
        EnrollmentFactory(offering=offering, employee=employee, status="completed")
        participants.append(employee)
    peers = [_person(unit, indicator, periods, baseline, after) for baseline, after in control]
    return course, offering, participants, peers


@pytest.fixture(name="board_world")
def board_world_fixture(two_agencies, make_login):
    u = two_agencies
    periods = [PeriodFactory(year=YEAR, number=n) for n in range(1, 5)]
    annual = AnnualPeriodFactory(year=YEAR)
    kes_indicator = IndicatorFactory(org_unit=u["dinkes"], name="Cakupan imunisasi dasar")
    dik_indicator = IndicatorFactory(org_unit=u["dikbud"], name="Ketuntasan belajar")
    small_indicator = IndicatorFactory(org_unit=u["dinkes"], name="Kunjungan rumah")

    kes, kes_offering, kes_p, kes_c = _cohort(
        "Pelayanan Puskesmas",
        kes_indicator,
        u["bkpsdm"],
        u["puskesmas"],
        periods,
        treated=[(60, 90), (60, 70), (60, 80)],
        control=[(60, 65), (60, 70), (60, 60)],
    )
    dik, dik_offering, dik_p, dik_c = _cohort(
        "Asesmen Formatif",
        dik_indicator,
        u["dikbud"],
        u["school"],
        periods,
        treated=[(50, 60), (50, 70)],
        control=[(50, 55), (40, 45)],
    )
    small, _small_offering, small_p, small_c = _cohort(
        "Kelas Kecil", small_indicator, u["bkpsdm"], u["puskesmas"], periods, treated=[(60, 70)], control=[(60, 60)]
    )
    # A second comparison employee for the small class (a cohort needs two to vary): one of the
    # first class's peers, also weak on this indicator, so that no employee is added.
    ScoreFactory(employee=kes_c[0], indicator=small_indicator, period=periods[0], realisasi=60)
    for period in periods[2:]:
        ScoreFactory(employee=kes_c[0], indicator=small_indicator, period=period, realisasi=62)

    supervisor = make_login(unit=u["puskesmas"], username="atasan")
    pegawai = make_login(unit=u["puskesmas"], username="pegawai", supervisor=supervisor.employee)
    JpLedgerEntryFactory(employee=kes_p[0], year=YEAR, minutes=900)
    JpLedgerEntryFactory(employee=kes_p[1], year=YEAR, minutes=900)
    JpLedgerEntryFactory(employee=dik_p[0], year=YEAR, minutes=450)

    puskesmas_q1 = IkmSurveyFactory(org_unit=u["puskesmas"], period=periods[0])
    puskesmas_q1.responses.create(submitted_on=f"{YEAR}-02-01", **{f"u{i}": 3 for i in range(1, 10)})
    puskesmas_q3 = IkmSurveyFactory(org_unit=u["puskesmas"], period=periods[2])
    puskesmas_q3.responses.create(submitted_on=f"{YEAR}-08-01", **{f"u{i}": 4 for i in range(1, 10)})
    school_q2 = IkmSurveyFactory(org_unit=u["school"], period=periods[1])
    for _n in range(2):
        school_q2.responses.create(submitted_on=f"{YEAR}-05-01", **{f"u{i}": 2 for i in range(1, 10)})

    EvaluationFactory(employee=kes_p[0], period=annual)
    EvaluationFactory(employee=kes_p[1], period=annual, result_rating="above", behaviour_rating="above")
    EvaluationFactory(employee=dik_p[0], period=annual, result_rating="below", behaviour_rating="meets")

    made = {"period": periods[0], "first_suggested_at": datetime.datetime(YEAR, 5, 2, 1, 0, tzinfo=datetime.UTC)}
    SuggestionFactory(employee=kes_c[0], course=kes, **made)
    SuggestionFactory(employee=kes_c[1], course=kes, status="enrolled", **made)
    SuggestionFactory(employee=kes_c[2], course=kes, status="dismissed", **made)
    SuggestionFactory(employee=dik_c[0], course=dik, status="lapsed", **made)
    SuggestionFactory(employee=dik_c[1], course=dik, status="enrolled", **made)

    return {
        **u,
        "periods": periods,
        "kes": kes,
        "dik": dik,
        "small": small,
        "kes_offering": kes_offering,
        "dik_offering": dik_offering,
        "kes_indicator": kes_indicator,
        "dik_indicator": dik_indicator,
        "small_people": small_p + small_c,
        "pegawai": pegawai,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "admin": make_login(unit=u["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin"),
        "koord_all": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["bkpsdm"], username="ka"
        ),
        "koord_dikbud": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
        "koord_pkm": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["puskesmas"], username="kp"
        ),
        "supervisor": supervisor,
    }
