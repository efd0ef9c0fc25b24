import datetime
from decimal import Decimal

import pytest

from backend.appraisal.choices import BerakhlakValue
from backend.appraisal.models import Evaluation, FollowUp, Score
from backend.people.choices import Role
from tests.factories import (
    AnnualPeriodFactory,
    EmployeeFactory,
    EvaluationFactory,
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
    teacher = EmployeeFactory(unit=u["school"])
    period = PeriodFactory(year=2025, number=4)
    indicator = IndicatorFactory(org_unit=u["dinkes"])
    return {
        **u,
        "atasan": atasan,
        "pegawai": pegawai,
        "teacher": teacher,
        "period": period,
        "indicator": indicator,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "koord_dikbud": make_login(
            unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
        "pegawai_score": ScoreFactory(
            employee=pegawai.employee, indicator=indicator, period=period, target=100, realisasi=62
        ),
        "teacher_score": ScoreFactory(employee=teacher, period=period, target=100, realisasi=90),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_asn_reads_only_own_scores_and_cannot_write(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    assert _ids(api_client.get("/api/v1/scores/")) == {world["pegawai_score"].pk}
    assert api_client.get(f"/api/v1/scores/{world['teacher_score'].pk}/").status_code == 404
    payload = {
        "employee": world["pegawai"].employee.pk,
        "indicator": world["indicator"].pk,
        "period": PeriodFactory(year=2025, number=3).pk,
        "target": "100",
        "realisasi": "100",
    }
    assert api_client.post("/api/v1/scores/", payload, format="json").status_code == 403
    response = api_client.patch(f"/api/v1/scores/{world['pegawai_score'].pk}/", {"realisasi": "99"}, format="json")
    assert response.status_code == 403
    assert Score.objects.count() == 2


def test_asn_attaches_evidence_to_own_score(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    url = f"/api/v1/scores/{world['pegawai_score'].pk}/evidence/"
    response = api_client.post(url, {"evidence_url": "https://drive.example/sop.pdf"}, format="json")
    assert response.status_code == 200
    assert response.json()["evidence_url"] == "https://drive.example/sop.pdf"


def test_supervisor_writes_scores_for_the_team_only(api_client, world):
    api_client.force_authenticate(world["atasan"])
    q3 = PeriodFactory(year=2025, number=3)
    payload = {
        "employee": world["pegawai"].employee.pk,
        "indicator": world["indicator"].pk,
        "period": q3.pk,
        "target": "5",
        "realisasi": "4",
    }
    response = api_client.post("/api/v1/scores/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["achievement"] == "80.00"
    # Someone outside the team (and outside the supervisor's sight) is a 404.
    response = api_client.post("/api/v1/scores/", {**payload, "employee": world["teacher"].pk}, format="json")
    assert response.status_code == 404


def test_score_validation_names_the_field(api_client, world):
    api_client.force_authenticate(world["hr"])
    payload = {
        "employee": world["pegawai"].employee.pk,
        "indicator": world["indicator"].pk,
        "period": PeriodFactory(year=2025, number=2).pk,
        "target": "0",
        "realisasi": "5",
    }
    response = api_client.post("/api/v1/scores/", payload, format="json")
    assert response.status_code == 400
    assert "target" in response.json()
    response = api_client.post("/api/v1/scores/", {**payload, "target": "abc"}, format="json")
    assert response.status_code == 400
    assert "target" in response.json()


def test_coordinator_of_another_opd_sees_nothing(api_client, world):
    api_client.force_authenticate(world["koord_dikbud"])
    assert _ids(api_client.get("/api/v1/scores/")) == {world["teacher_score"].pk}
    assert api_client.get(f"/api/v1/scores/{world['pegawai_score'].pk}/").status_code == 404
    EvaluationFactory(employee=world["pegawai"].employee)
    assert _ids(api_client.get("/api/v1/evaluations/")) == set()
    gaps = api_client.get("/api/v1/gaps/", {"period": world["period"].pk})
    assert gaps.json() == []
    assert (
        api_client.get(
            "/api/v1/gaps/", {"period": world["period"].pk, "employee": world["pegawai"].employee.pk}
        ).status_code
        == 404
    )


def test_gaps_for_an_employee(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    query = {"period": world["period"].pk, "employee": world["pegawai"].employee.pk}
    response = api_client.get("/api/v1/gaps/", query)
    assert response.status_code == 200
    (gap,) = response.json()
    assert gap["kind"] == "indicator"
    assert gap["code"] == world["indicator"].code
    assert Decimal(gap["size"]) == Decimal("38.00")
    assert "62" in gap["source"]


def test_gap_summary_for_a_unit(api_client, world):
    ScoreFactory(employee=world["atasan"].employee, indicator=world["indicator"], period=world["period"], realisasi=70)
    api_client.force_authenticate(world["hr"])
    response = api_client.get("/api/v1/gaps/summary/", {"period": world["period"].pk, "unit": world["dinkes"].pk})
    assert response.status_code == 200
    (row,) = response.json()
    assert row["employees"] == 2
    assert Decimal(row["mean_size"]) == Decimal("34.00")


def test_evaluation_through_the_api(api_client, world):
    year = AnnualPeriodFactory(year=2025)
    api_client.force_authenticate(world["atasan"])
    payload = {
        "employee": world["pegawai"].employee.pk,
        "period": year.pk,
        "behaviour": dict.fromkeys(BerakhlakValue.values, "meets"),
    }
    response = api_client.post("/api/v1/evaluations/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["predikat_label"] == "Butuh Perbaikan"
    api_client.force_authenticate(world["pegawai"])
    assert api_client.post("/api/v1/evaluations/", payload, format="json").status_code == 403
    assert Evaluation.objects.count() == 1


def test_follow_ups_and_overdue(api_client, world):
    api_client.force_authenticate(world["atasan"])
    payload = {
        "employee": world["pegawai"].employee.pk,
        "kind": "training",
        "owner": world["atasan"].employee.pk,
        "due_date": "2025-01-31",
    }
    assert api_client.post("/api/v1/follow-ups/", payload, format="json").status_code == 201
    future = {**payload, "due_date": str(datetime.date.today() + datetime.timedelta(days=30))}
    assert api_client.post("/api/v1/follow-ups/", future, format="json").status_code == 201
    api_client.force_authenticate(world["hr"])
    assert len(_ids(api_client.get("/api/v1/follow-ups/", {"overdue": "true"}))) == 1
    api_client.force_authenticate(world["koord_dikbud"])
    assert _ids(api_client.get("/api/v1/follow-ups/")) == set()
    assert FollowUp.objects.count() == 2


def test_reference_data_is_written_by_hr_only(api_client, world):
    api_client.force_authenticate(world["atasan"])
    assert api_client.post("/api/v1/periods/", {"year": 2026, "kind": "annual", "number": 1}).status_code == 403
    api_client.force_authenticate(world["hr"])
    response = api_client.post("/api/v1/periods/", {"year": 2026, "kind": "annual", "number": 1})
    assert response.status_code == 201
    period_id = response.json()["id"]
    assert api_client.post(f"/api/v1/periods/{period_id}/close/").json()["status"] == "closed"
    assert api_client.post(f"/api/v1/periods/{period_id}/reopen/", {"reason": "x"}).status_code == 403


def test_ikm_survey_weights_must_sum_to_one(api_client, world):
    api_client.force_authenticate(world["hr"])
    payload = {
        "org_unit": world["puskesmas"].pk,
        "period": world["period"].pk,
        "weights": {f"u{i}": "0.1" for i in range(1, 10)},
    }
    response = api_client.post("/api/v1/ikm-surveys/", payload, format="json")
    assert response.status_code == 400
    assert "weights" in response.json()
    payload["weights"] = None
    response = api_client.post("/api/v1/ikm-surveys/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["responses"] == 0
    assert response.json()["ikm"] is None


# --- Query counts: constant whatever the page size ------------------------------------


@pytest.fixture
def many(world):
    q3 = PeriodFactory(year=2025, number=3)
    for index in range(30):
        employee = EmployeeFactory(unit=world["puskesmas"], supervisor=world["atasan"].employee)
        ScoreFactory(employee=employee, indicator=world["indicator"], period=q3, realisasi=50 + index)
        EvaluationFactory(employee=employee)
        FollowUp.objects.create(
            employee=employee, kind="coaching", owner=world["atasan"].employee, due_date=datetime.date(2025, 5, 1)
        )
    return world


# Each list: 1 the caller's employee record, 2 their roles, 3 COUNT for pagination, 4 the page
# with its joins; evaluations add 5 the behaviour ratings of the page (one prefetch).
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/scores/", 4),
        ("/api/v1/evaluations/", 5),
        ("/api/v1/follow-ups/", 4),
        # Reference data is not scoped: no access queries, just COUNT and the page.
        ("/api/v1/indicators/", 2),
        ("/api/v1/periods/", 2),
    ],
)
@pytest.mark.parametrize("page_size", [5, 25])
def test_list_query_counts(api_client, many, django_assert_num_queries, url, queries, page_size):
    api_client.force_authenticate(many["hr"])
    with django_assert_num_queries(queries):
        response = api_client.get(url, {"page_size": page_size})
    assert response.status_code == 200


@pytest.mark.parametrize("page_size", [1, 10])
def test_ikm_survey_list_query_count(api_client, world, django_assert_num_queries, page_size):
    from backend.appraisal.models import IkmSurvey

    for index in range(12):
        IkmSurvey.objects.create(
            org_unit=world["puskesmas"], period=PeriodFactory(year=2010 + index), token=f"t{index}"
        )
    api_client.force_authenticate(world["hr"])
    # Surveys are not scoped: 1 COUNT, 2 the page with unit and period, 3 the page's answers grouped.
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/ikm-surveys/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_employee_gap_endpoint_query_count_is_constant(api_client, many, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    period = many["period"]
    EvaluationFactory(
        employee=many["pegawai"].employee, period=AnnualPeriodFactory(year=2025), behaviour={"loyal": "below"}
    )
    # 1-2 the caller's access (employee record, roles), 3 the period, 4 the employee in scope,
    # 5 the appraisal rules, 6 weak scores, 7 behaviour rated below, 8 the period's IKM surveys,
    # 9 their answers grouped: the same for an employee with many gaps and one with none.
    for employee in (many["pegawai"].employee, many["teacher"]):
        api_client.force_authenticate(get_user_model().objects.get(pk=many["hr"].pk))
        with django_assert_num_queries(9):
            response = api_client.get("/api/v1/gaps/", {"period": period.pk, "employee": employee.pk})
        assert response.status_code == 200
