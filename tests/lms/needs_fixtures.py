"""The planted scenario the training-needs tests share (imported by tests/lms/test_needs*.py).

Plan year ``YEAR`` is next year, so that its offerings always start after today; it has no
scores, so the plan rests on the last quarter of this year (``PERIOD_YEAR``). In Dinas Kesehatan:

- indicator gap "waktu-tunggu": Ani 50 %, Budi 60 %, Citra 70 %, Dedi 75 %, Eko 78 % (sizes
  50, 40, 30, 25, 22; mean 33.40); Fitri 90 % has no gap; Gita (inactive) 40 % is not counted.
  Courses: "Waktu Tunggu" (weight 1), "Antrean" (0.5); an inactive course also targets it.
  Offerings in YEAR: "wt-1" published, 3 seats: Ani enrolled, Budi pending, a teacher of
  Dikbud enrolled (1 free); "wt-draft" draft, 1 seat (1 free); "an-1" finished: Citra
  completed; "wt-batal" cancelled: Dedi enrolled; "wt-next" published the year after.
  → employees 5, covered 2 (Ani, Citra), requested 1 (Budi), open 2, scheduled 4, shortfall 1.
- behaviour gap "adaptif" (below expectation in this year's annual evaluation): Ani, Eko.
  Course "Adaptif" (CourseGapTarget) with "ad-1": 2 seats, Ani enrolled (1 free).
  → employees 2, covered 1, open 1, scheduled 2, shortfall 0.
- IKM gap "u8" at the puskesmas (answers 2 of 4 → 50 < 76.61, size 26.61): its three
  service staff Hana, Indra, Joko. Course "Pengaduan" (CourseGapTarget ikm_element u8), no offering.
  → employees 3, covered 0, open 0, shortfall 3.
In Dinas Pendidikan: the teacher Tono has an indicator gap "rpp" (55 %), with no course.
"""

import datetime

import pytest
from django.utils import timezone, translation

from backend.appraisal.models import IkmResponse
from backend.people.choices import Role
from tests.factories import (
    AnnualPeriodFactory,
    CourseFactory,
    CourseGapTargetFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    EnrollmentFactory,
    EvaluationFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    ScoreFactory,
)

PERIOD_YEAR = timezone.localdate().year
YEAR = PERIOD_YEAR + 1


def offering(course, code, *, status="published", capacity=30, start=None, owner_unit):
    start = start or datetime.date(YEAR, 3, 2)
    return OfferingFactory(
        course=course,
        code=code,
        status=status,
        capacity=capacity,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        enroll_opens=start - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
        owner_unit=owner_unit,
    )


def plant_indicator_gaps(indicator, unit, period, achievements: dict[str, int]):
    people = {}
    for name, achievement in achievements.items():
        people[name] = EmployeeFactory(unit=unit, name=name)
        ScoreFactory(employee=people[name], indicator=indicator, period=period, target=100, realisasi=achievement)
    return people


@pytest.fixture(name="needs")
def needs_fixture(two_agencies, make_login):
    u = two_agencies
    period = PeriodFactory(year=PERIOD_YEAR, number=4)
    waktu = IndicatorFactory(code="waktu-tunggu", name="Rata-rata waktu tunggu pelayanan", org_unit=u["dinkes"])
    people = plant_indicator_gaps(
        waktu, u["puskesmas"], period, {"Ani": 50, "Budi": 60, "Citra": 70, "Dedi": 75, "Eko": 78, "Fitri": 90}
    )
    gita = EmployeeFactory(unit=u["puskesmas"], name="Gita", is_active=False)
    ScoreFactory(employee=gita, indicator=waktu, period=period, target=100, realisasi=40)

    wt = CourseFactory(code="waktu-tunggu", title="Manajemen Waktu Tunggu")
    antrean = CourseFactory(code="antrean", title="Sistem Antrean")
    old = CourseFactory(code="lama", title="Kursus Lama", is_active=False)
    CourseIndicatorFactory(course=wt, indicator=waktu, weight=1)
    CourseIndicatorFactory(course=antrean, indicator=waktu, weight="0.5")
    CourseIndicatorFactory(course=old, indicator=waktu, weight=1)

    # Supervises the teacher Tono, so sees him, yet plans for nobody.
    asn = make_login(unit=u["school"], username="asn")
    tono = EmployeeFactory(unit=u["school"], name="Tono", supervisor=asn.employee)
    rpp = IndicatorFactory(code="rpp", name="Persentase RPP tersusun", org_unit=u["dikbud"])
    ScoreFactory(employee=tono, indicator=rpp, period=period, target=100, realisasi=55)

    wt_1 = offering(wt, "wt-1", capacity=3, owner_unit=u["dinkes"])
    EnrollmentFactory(offering=wt_1, employee=people["Ani"])
    EnrollmentFactory(offering=wt_1, employee=people["Budi"], status="pending")
    EnrollmentFactory(offering=wt_1, employee=tono)
    offering(wt, "wt-draft", status="draft", capacity=1, start=datetime.date(YEAR, 6, 1), owner_unit=u["bkpsdm"])
    an_1 = offering(antrean, "an-1", status="finished", start=datetime.date(YEAR, 1, 12), owner_unit=u["dinkes"])
    EnrollmentFactory(offering=an_1, employee=people["Citra"], status="completed")
    batal = offering(wt, "wt-batal", status="cancelled", owner_unit=u["dinkes"])
    EnrollmentFactory(offering=batal, employee=people["Dedi"])
    offering(wt, "wt-next", start=datetime.date(YEAR + 1, 2, 1), owner_unit=u["dinkes"])

    annual = AnnualPeriodFactory(year=PERIOD_YEAR)
    for name in ("Ani", "Eko"):
        EvaluationFactory(employee=people[name], period=annual, behaviour={"adaptif": "below"})
    adaptif = CourseFactory(code="adaptif", title="Budaya Kerja Adaptif")
    CourseGapTargetFactory(course=adaptif, kind="behaviour", code="adaptif", weight="0.8")
    ad_1 = offering(adaptif, "ad-1", capacity=2, owner_unit=u["bkpsdm"])
    EnrollmentFactory(offering=ad_1, employee=people["Ani"])

    layanan = IndicatorFactory(
        code="kepuasan", name="Indeks kepuasan masyarakat", org_unit=u["puskesmas"], category="community_satisfaction"
    )
    staff = plant_indicator_gaps(layanan, u["puskesmas"], period, {"Hana": 95, "Indra": 96, "Joko": 97})
    survey = IkmSurveyFactory(org_unit=u["puskesmas"], period=period)
    answers = {f"u{i}": 4 for i in range(1, 10)}
    IkmResponse.objects.bulk_create(
        [IkmResponse(survey=survey, submitted_on=period.end_date, **{**answers, "u8": 2}) for _ in range(4)]
    )
    pengaduan = CourseFactory(code="pengaduan", title="Penanganan Pengaduan")
    CourseGapTargetFactory(course=pengaduan, kind="ikm_element", code="u8", weight="0.7")

    with translation.override("en"):
        yield {
            **u,
            **people,
            **staff,
            "tono": tono,
            "period": period,
            "courses": {"wt": wt, "antrean": antrean, "adaptif": adaptif, "pengaduan": pengaduan},
            "wt_1": wt_1,
            "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
            "admin": make_login(unit=u["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin"),
            "koord_bkpsdm": make_login(
                unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["bkpsdm"], username="kb"
            ),
            "koord_dinkes": make_login(
                unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="kk"
            ),
            "koord_dikbud": make_login(
                unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
            ),
            "koord_pkm": make_login(
                unit=u["puskesmas"], roles=[Role.COORDINATOR], coordinator_unit=u["puskesmas"], username="kp"
            ),
            "asn": asn,
        }
