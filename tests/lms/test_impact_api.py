"""/api/v1/impact/: the estimates for those who may read them, scoped, and the suggestion uptake."""

import pytest

from backend.people.choices import Role
from tests.factories import SuggestionFactory
from tests.lms.scenarios import impact_scenario

pytestmark = pytest.mark.django_db

URL = "/api/v1/impact/"


def test_hr_reads_the_estimates_with_their_sample_sizes(api_client, make_login):
    world = impact_scenario(effect=10)
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    response = api_client.get(URL)
    assert response.status_code == 200
    [row] = response.json()
    assert row["key"] == world["course"].pk
    assert row["label"] == world["course"].title
    assert (row["n_treated"], row["n_control"]) == (12, 12)
    assert row["did"] == pytest.approx(10.0)
    assert row["ci_low"] <= 10.0 <= row["ci_high"]
    assert row["enough_data"] is True


def test_grouping_and_filters_pass_through(api_client, make_login):
    world = impact_scenario(effect=10)
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    rows = api_client.get(URL, {"group_by": "offering"}).json()
    assert [r["key"] for r in rows] == [world["offering"].pk]
    assert api_client.get(URL, {"year": 2023}).json() == []
    assert len(api_client.get(URL, {"indicator": world["indicator"].pk, "year": 2024}).json()) == 1
    assert api_client.get(URL, {"group_by": "nonsense"}).status_code == 400


def test_an_asn_or_a_supervisor_may_not_read_impact(api_client, make_login):
    impact_scenario(effect=10)
    boss = make_login()
    make_login(supervisor=boss.employee)
    for user in (make_login(), boss):
        api_client.force_authenticate(user)
        assert api_client.get(URL).status_code == 403
        assert api_client.get(URL + "uptake/").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(URL).status_code == 401


def test_a_coordinator_of_another_agency_sees_no_rows_and_may_not_name_a_unit_outside(
    api_client, make_login, two_agencies
):
    world = impact_scenario(effect=10, unit=two_agencies["school"])
    outsider = make_login(
        unit=two_agencies["puskesmas"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"]
    )
    api_client.force_authenticate(outsider)
    assert api_client.get(URL).json() == []
    assert api_client.get(URL, {"org_unit": two_agencies["dikbud"].pk}).status_code == 403
    insider = make_login(unit=two_agencies["school"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"])
    api_client.force_authenticate(insider)
    [row] = api_client.get(URL, {"org_unit": two_agencies["dikbud"].pk}).json()
    assert row["key"] == world["course"].pk


def test_uptake_counts_suggestions_in_scope(api_client, make_login, two_agencies):
    for status in ("suggested", "enrolled", "enrolled", "dismissed"):
        SuggestionFactory(status=status, employee__unit=two_agencies["school"])
    SuggestionFactory(status="enrolled", employee__unit=two_agencies["puskesmas"])
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    everyone = api_client.get(URL + "uptake/").json()
    assert (everyone["total"], everyone["enrolled"]) == (5, 3)
    assert everyone["uptake"] == pytest.approx(0.6)
    coordinator = make_login(
        unit=two_agencies["school"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"]
    )
    api_client.force_authenticate(coordinator)
    mine = api_client.get(URL + "uptake/").json()
    assert (mine["total"], mine["enrolled"], mine["dismissed"]) == (4, 2, 1)
