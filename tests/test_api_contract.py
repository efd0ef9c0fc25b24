"""The API keeps its contract: the OpenAPI schema validates, and a bounded schemathesis run as a
user of each role (ASN, supervisor, coordinator of one agency, HR analyst, administrator) finds no
server error and no response the schema does not describe: 4xx included, each in its documented
error shape.

Select these with ``pytest -k test_contract`` (plain ``contract`` also matches a NIP test id).
The run itself: tests/contract_runner.py (its bound and its checks, with the reasons); its
world: tests/contract_world.py.
"""

import pytest
from django.core.signals import got_request_exception
from rest_framework.authtoken.models import Token
from schemathesis.openapi import from_dict

from backend.people.choices import Role
from tests import contract_runner as runner
from tests.contract_world import ROLES, build_world, pools

pytestmark = pytest.mark.django_db


# --- The schema ----------------------------------------------------------------------------------


def _served_schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_contract_schema_validates_as_openapi_3(client):
    # The OpenAPI 3 JSON Schema drf-spectacular ships (the one `spectacular --validate` uses).
    from drf_spectacular.validation import validate_schema

    schema = _served_schema(client)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert any(path.startswith("/api/v1/") for path in schema["paths"])


def test_contract_schema_generates_without_warnings():
    """``manage.py spectacular --validate --fail-on-warn``: no view leaves the generator guessing."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


# --- What the run found, pinned ------------------------------------------------------------------


def test_contract_an_unrouted_api_url_is_a_json_404(client):
    # An id with a dot matches no route (the router's ids take none): the API still answers in
    # JSON, where pages keep their HTML 404.
    response = client.get("/api/v1/courses/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("how", [{"format": "pdf"}, {"HTTP_ACCEPT": "application/pdf"}])
def test_contract_a_refused_pdf_download_answers_json(api_client, make_login, how):
    api_client.force_authenticate(make_login())
    query = {"format": how["format"]} if "format" in how else {}
    headers = {key: value for key, value in how.items() if key != "format"}
    response = api_client.get("/api/v1/certificates/999999/download/", query, **headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    ("path", "query"),
    [
        # Ids and years beyond what the database holds used to reach it: 500 on SQLite.
        ("/api/v1/attendance/", {"offering": str(10**30)}),
        ("/api/v1/enrollments/", {"employee": "-1"}),
        ("/api/v1/enrollments/", {"year": "2538912540697897"}),
        ("/api/v1/external-activities/", {"year": "-23425417270227560"}),
        ("/api/v1/jp-ledger/", {"year": "1.5"}),
        ("/api/v1/certificates/", {"offering": "1e30"}),
    ],
)
def test_contract_out_of_range_ids_and_years_in_filters_are_400(api_client, make_login, path, query):
    api_client.force_authenticate(make_login(roles=[Role.HR_ANALYST]))
    response = api_client.get(path, query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_contract_an_out_of_range_id_in_a_body_is_400(api_client, make_login):
    api_client.force_authenticate(make_login())
    response = api_client.post("/api/v1/notifications/read/", {"ids": [10**30]}, format="json")
    assert response.status_code == 400
    assert "ids" in response.json()


# --- The run -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_contract_schemathesis_as(role, client, settings, two_agencies, make_login, django_capture_on_commit_callbacks):
    # The in-process client names its host "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    users = build_world(two_agencies, make_login, django_capture_on_commit_callbacks)
    headers = {"Authorization": f"Token {Token.objects.create(user=users[role]).key}"}
    pool = pools()
    plan = runner.plan(from_dict(_served_schema(client)), pool)
    recorder = runner.Recorder()
    got_request_exception.connect(recorder.on_exception)
    try:
        with runner.in_process() as app:
            for examples in plan.values():
                for example in examples:
                    runner.send(example, pool=pool, app=app, headers=headers, recorder=recorder)
    finally:
        got_request_exception.disconnect(recorder.on_exception)
    if recorder.failures:
        pytest.fail(recorder.report(role), pytrace=False)
