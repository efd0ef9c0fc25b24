"""GET /api/v1/training-needs/: the plan of an OPD and a year, scoped, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tests.factories import EmployeeFactory, ScoreFactory
from tests.lms.needs_fixtures import YEAR, needs_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/training-needs/"


def fresh(user):
    # A new user object: no access cached from an earlier request.
    return get_user_model().objects.get(pk=user.pk)


def test_plan_of_an_opd(api_client, needs):
    api_client.cookies["django_language"] = "en"
    api_client.force_authenticate(needs["hr"])
    response = api_client.get(URL, {"year": YEAR, "org_unit": needs["dinkes"].pk})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == YEAR
    assert body["org_unit"] == {"id": needs["dinkes"].pk, "code": "dinkes", "name": "Dinas Kesehatan"}
    assert body["period"]["id"] == needs["period"].pk
    assert body["count"] == 3
    assert [row["code"] for row in body["results"]] == ["u8", "waktu-tunggu", "adaptif"]
    row = body["results"][1]
    assert row["kind"] == "indicator"
    assert row["kind_label"] == "Performance indicator"
    assert row["label"] == "Rata-rata waktu tunggu pelayanan"
    assert Decimal(row["mean_size"]) == Decimal("33.40")
    assert row["courses"] == [
        {"id": needs["courses"]["wt"].pk, "code": "waktu-tunggu", "title": "Manajemen Waktu Tunggu", "weight": "1.00"},
        {"id": needs["courses"]["antrean"].pk, "code": "antrean", "title": "Sistem Antrean", "weight": "0.50"},
    ]
    figures = {k: row[k] for k in ("employees", "covered", "requested", "open_seats", "seats_scheduled", "shortfall")}
    assert figures == {
        "employees": 5,
        "covered": 2,
        "requested": 1,
        "open_seats": 2,
        "seats_scheduled": 4,
        "shortfall": 1,
    }


def test_without_a_unit_hr_gets_the_whole_regency(api_client, needs):
    api_client.force_authenticate(needs["hr"])
    body = api_client.get(URL, {"year": YEAR}).json()
    assert body["org_unit"] is None
    assert {row["code"] for row in body["results"]} == {"u8", "waktu-tunggu", "adaptif", "rpp"}


def test_another_agencys_coordinator_gets_404_and_never_its_rows(api_client, needs):
    api_client.force_authenticate(needs["koord_dikbud"])
    assert api_client.get(URL, {"year": YEAR, "org_unit": needs["dinkes"].pk}).status_code == 404
    assert api_client.get(URL, {"year": YEAR, "org_unit": 999999}).status_code == 404
    body = api_client.get(URL, {"year": YEAR}).json()
    assert [row["code"] for row in body["results"]] == ["rpp"]


def test_asn_and_supervisors_get_403(api_client, needs, make_login):
    for user in (needs["asn"], make_login(unit=needs["puskesmas"])):
        api_client.force_authenticate(user)
        assert api_client.get(URL, {"year": YEAR}).status_code == 403
        # The role first: a malformed query does not tell them more.
        assert api_client.get(URL, {"year": "abc"}).status_code == 403


def test_anonymous_is_refused(api_client, needs):
    assert api_client.get(URL).status_code in (401, 403)


def test_query_is_validated(api_client, needs):
    api_client.force_authenticate(needs["hr"])
    assert api_client.get(URL, {"year": 1800}).status_code == 400
    assert "org_unit" in api_client.get(URL, {"org_unit": "x"}).json()


def test_query_count_is_fixed(api_client, needs, django_assert_num_queries):
    indicator = needs["Ani"].scores.get().indicator
    for n in (0, 12):
        for _ in range(n):
            ScoreFactory(
                employee=EmployeeFactory(unit=needs["puskesmas"]),
                indicator=indicator,
                period=needs["period"],
                realisasi=30,
            )
        api_client.force_authenticate(fresh(needs["hr"]))
        # 1 employee record, 2 roles, 3 the unit, 4 the period the plan rests on, 5 the appraisal
        # rules, 6 weak scores, 7 behaviour rated below, 8 IKM surveys, 9 their answers grouped,
        # 10 the service staff, 11 active employees, 12 courses on the indicators, 13 courses on
        # behaviour/IKM gaps, 14 this year's enrollments in them, 15 their upcoming offerings.
        with django_assert_num_queries(15):
            response = api_client.get(URL, {"year": YEAR, "org_unit": needs["dinkes"].pk})
        row = next(r for r in response.json()["results"] if r["code"] == "waktu-tunggu")
        assert row["employees"] == 5 + n
