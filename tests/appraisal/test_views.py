from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from backend.appraisal.choices import BerakhlakValue
from backend.appraisal.models import Evaluation, Score
from backend.people.choices import Role
from tests.factories import (
    AnnualPeriodFactory,
    EmployeeFactory,
    EvaluationFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    PeriodFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    atasan = make_login(unit=u["puskesmas"], username="atasan")
    pegawai = make_login(unit=u["puskesmas"], username="pegawai", supervisor=atasan.employee)
    period = PeriodFactory(year=2025, number=4)
    year = AnnualPeriodFactory(year=2025)
    slow = IndicatorFactory(org_unit=u["dinkes"], name="Rata-rata hari layanan", direction="lower", code="hari")
    sop = IndicatorFactory(org_unit=u["dinkes"], name="Pasien dilayani sesuai SOP", code="sop")
    ScoreFactory(employee=pegawai.employee, indicator=slow, period=period, target=5, realisasi=8)
    ScoreFactory(employee=pegawai.employee, indicator=sop, period=period, target=100, realisasi=70)
    ScoreFactory(employee=pegawai.employee, indicator=sop, period=PeriodFactory(year=2025, number=3), realisasi=95)
    EvaluationFactory(employee=pegawai.employee, period=year, result_rating="below", behaviour_rating="meets")
    return {
        **u,
        "atasan": atasan,
        "pegawai": pegawai,
        "period": period,
        "year": year,
        "sop": sop,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "koord_dikbud": make_login(
            unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
    }


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_my_performance_shows_scores_chart_predikat_and_gaps(client, world):
    _english(client)
    client.force_login(world["pegawai"])
    response = client.get(reverse("my-performance"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    assert "Butuh Perbaikan" in page
    gaps = response.context["gaps"]
    assert {g.code for g in gaps} == {"hari", "sop"}
    assert "62.5 %" in page  # 5 days target, 8 taken: lower is better


def test_team_page_lists_subordinates_with_weak_counts(client, world):
    client.force_login(world["atasan"])
    response = client.get(reverse("appraisal-team"), {"period": world["period"].pk})
    (member,) = response.context["members"]
    assert member == world["pegawai"].employee
    assert (member.score_count, member.weak_count, member.predikat) == (2, 2, "butuh_perbaikan")


def test_team_page_is_for_supervisors(client, world):
    client.force_login(world["pegawai"])
    assert client.get(reverse("appraisal-team")).status_code == 403


def test_supervisor_saves_the_score_sheet(client, world):
    client.force_login(world["atasan"])
    url = reverse("employee-appraisal", args=[world["pegawai"].employee.pk])
    page = client.get(url, {"period": world["period"].pk})
    sheet = page.context["sheet"]
    data = {"action": "scores", "scores-TOTAL_FORMS": str(len(sheet.forms)), "scores-INITIAL_FORMS": "0"}
    for index, form in enumerate(sheet.forms):
        indicator = form.initial.get("indicator")
        data[f"scores-{index}-indicator"] = indicator.pk if indicator else ""
        data[f"scores-{index}-target"] = str(form.initial.get("target") or "")
        data[f"scores-{index}-realisasi"] = str(form.initial.get("realisasi") or "")
    sop_row = next(i for i, f in enumerate(sheet.forms) if f.initial.get("indicator") == world["sop"])
    data[f"scores-{sop_row}-realisasi"] = "88"
    response = client.post(f"{url}?period={world['period'].pk}", data)
    assert response.status_code == 302
    score = Score.objects.get(employee=world["pegawai"].employee, indicator=world["sop"], period=world["period"])
    assert score.achievement == Decimal("88.00")


def test_supervisor_saves_the_evaluation(client, world):
    client.force_login(world["atasan"])
    url = reverse("employee-appraisal", args=[world["pegawai"].employee.pk])
    data = {"action": "evaluation", **{f"behaviour_{v}": "meets" for v in BerakhlakValue.values}}
    data.update({"result_override": "meets", "override_reason": "Beban kerja naik karena cuti rekan"})
    response = client.post(f"{url}?period={world['period'].pk}", data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(employee=world["pegawai"].employee, period=world["year"])
    assert evaluation.get_predikat_display() == "Baik"


def test_asn_sees_own_page_read_only_and_nobody_elses(client, world):
    client.force_login(world["pegawai"])
    own = client.get(reverse("employee-appraisal", args=[world["pegawai"].employee.pk]))
    assert own.status_code == 200
    assert own.context["writable"] is False
    assert client.get(reverse("employee-appraisal", args=[world["atasan"].employee.pk])).status_code == 404


def test_coordinator_of_another_opd_sees_nothing_of_it(client, world):
    client.force_login(world["koord_dikbud"])
    assert client.get(reverse("employee-appraisal", args=[world["pegawai"].employee.pk])).status_code == 404
    overview = client.get(reverse("appraisal-overview"), {"period": world["period"].pk})
    assert overview.status_code == 200
    assert overview.context["distributions"] == []
    assert overview.context["weakest"] == []


def test_overview_for_hr(client, world):
    survey = IkmSurveyFactory(org_unit=world["puskesmas"], period=world["period"])
    survey.responses.create(submitted_on="2025-11-01", **{f"u{i}": 3 for i in range(1, 10)})
    EmployeeFactory(unit=world["puskesmas"])
    client.force_login(world["hr"])
    response = client.get(reverse("appraisal-overview"), {"period": world["period"].pk})
    assert response.status_code == 200
    (distribution,) = response.context["distributions"]
    assert distribution.opd == world["dinkes"]
    assert distribution.counts["butuh_perbaikan"] == 1
    assert {row.code for row in response.context["weakest"]} == {"hari", "sop"}
    ((survey_shown, result),) = response.context["ikm"]
    assert survey_shown == survey
    assert (result.value, result.grade) == (Decimal("75.00"), "C")


def test_overview_is_not_for_plain_asn(client, world):
    client.force_login(world["pegawai"])
    assert client.get(reverse("appraisal-overview")).status_code == 403


def test_ikm_page_creates_a_survey_and_applies_it_to_scores(client, world):
    from backend.appraisal.models import IkmSurvey

    satisfaction = IndicatorFactory(org_unit=world["dinkes"], category="community_satisfaction", code="ikm-unit")
    score = ScoreFactory(
        employee=world["pegawai"].employee, indicator=satisfaction, period=world["period"], target=82, realisasi=1
    )
    client.force_login(world["hr"])
    response = client.post(
        reverse("ikm-surveys"), {"action": "create", "org_unit": world["puskesmas"].pk, "period": world["period"].pk}
    )
    assert response.status_code == 302
    survey = IkmSurvey.objects.get()
    survey.responses.create(submitted_on="2025-11-01", **{f"u{i}": 4 for i in range(1, 10)})
    client.post(reverse("ikm-surveys"), {"action": "apply", "survey": survey.pk})
    score.refresh_from_db()
    assert score.realisasi == Decimal("100.00")
    page = client.get(reverse("ikm-surveys")).content.decode()
    assert reverse("ikm-poster", args=[survey.token]) in page


def test_ikm_page_offers_no_management_to_plain_asn(client, world):
    survey = IkmSurveyFactory(org_unit=world["puskesmas"], period=world["period"])
    client.force_login(world["pegawai"])
    response = client.get(reverse("ikm-surveys"))
    assert response.context["form"] is None
    assert reverse("ikm-poster", args=[survey.token]) not in response.content.decode()
    response = client.post(reverse("ikm-surveys"), {"action": "close", "survey": survey.pk})
    survey.refresh_from_db()
    assert survey.is_open


def test_asn_adds_evidence_to_own_score_from_the_page(client, world):
    score = Score.objects.get(employee=world["pegawai"].employee, indicator=world["sop"], period=world["period"])
    client.force_login(world["pegawai"])
    page = client.get(reverse("my-performance"), {"period": world["period"].pk})
    assert reverse("score-evidence", args=[score.pk]) in page.content.decode()
    response = client.post(
        reverse("score-evidence", args=[score.pk]), {"evidence_url": "https://drive.example/laporan-sop.pdf"}
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.evidence_url == "https://drive.example/laporan-sop.pdf"


def test_evidence_of_someone_else_is_404(client, world):
    other = ScoreFactory(employee=EmployeeFactory(unit=world["school"]), period=world["period"])
    client.force_login(world["pegawai"])
    assert (
        client.post(reverse("score-evidence", args=[other.pk]), {"evidence_url": "https://x.example/"}).status_code
        == 404
    )


def test_supervisor_plans_a_follow_up_and_owner_updates_it(client, world):
    from backend.appraisal.models import FollowUp

    client.force_login(world["atasan"])
    url = reverse("follow-up-add", args=[world["pegawai"].employee.pk])
    response = client.post(url, {"kind": "training", "due_date": "2026-03-31", "notes": "Pelatihan layanan prima"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.owner == world["atasan"].employee
    client.post(reverse("follow-up-status", args=[follow_up.pk]), {"status": "in_progress"})
    follow_up.refresh_from_db()
    assert follow_up.status == "in_progress"
    client.force_login(world["pegawai"])
    assert client.post(url, {"kind": "coaching", "due_date": "2026-03-31"}).status_code == 403
    assert FollowUp.objects.count() == 1


def test_hr_opens_and_closes_periods_from_the_page(client, world):
    client.force_login(world["hr"])
    assert (
        client.post(
            reverse("appraisal-periods"), {"action": "create", "year": 2026, "kind": "quarterly", "number": 1}
        ).status_code
        == 302
    )
    from backend.appraisal.models import Period

    period = Period.objects.get(year=2026, kind="quarterly", number=1)
    client.post(reverse("appraisal-periods"), {"action": "close", "period": period.pk})
    period.refresh_from_db()
    assert period.is_closed
    client.force_login(world["atasan"])
    assert client.get(reverse("appraisal-periods")).status_code == 403


def test_closed_period_sheet_is_read_only_for_the_supervisor(client, world):
    closed = PeriodFactory(year=2024, number=4, status="closed")
    ScoreFactory(employee=world["pegawai"].employee, indicator=world["sop"], period=closed)
    client.force_login(world["atasan"])
    page = client.get(reverse("employee-appraisal", args=[world["pegawai"].employee.pk]), {"period": closed.pk})
    assert page.context["writable"] is False
    assert "sheet" not in page.context


def test_numbers_in_gap_sources_are_plain(client, world):
    client.force_login(world["pegawai"])
    gaps = client.get(reverse("my-performance"), {"period": world["period"].pk}).context["gaps"]
    sop = next(g for g in gaps if g.code == "sop")
    assert "70 " in sop.source
    assert "100" in sop.source
    assert "E+" not in sop.source


@pytest.mark.parametrize("size", [2, 12])
def test_team_page_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    for _index in range(size):
        member = EmployeeFactory(unit=world["puskesmas"], supervisor=world["atasan"].employee)
        ScoreFactory(employee=member, indicator=world["sop"], period=world["period"], realisasi=60)
    client.force_login(world["atasan"])
    # 1 session, 2 user, 3-4 access, 5 the chosen period, 6 the rules (weak threshold), 7 the team with
    # score counts, weak counts and predikat as subqueries, 8 the periods of the selector.
    with django_assert_num_queries(8):
        response = client.get(reverse("appraisal-team"), {"period": world["period"].pk})
    assert len(response.context["members"]) == size + 1
