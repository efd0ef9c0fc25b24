"""The JP ledger API: scope, claims with evidence, review actions, the JP table, query counts."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.people.choices import Role
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from tests.factories import EmployeeFactory, ExternalActivityFactory, JpLedgerEntryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    pegawai = make_login(unit=u["puskesmas"], username="pegawai")
    teacher = EmployeeFactory(unit=u["school"])
    return {
        **u,
        "pegawai": pegawai,
        "teacher": teacher,
        "rekan": make_login(unit=u["puskesmas"], username="rekan"),
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "koord_dinkes": make_login(
            unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="kk"
        ),
        "koord_dikbud": make_login(
            unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
        "own_entry": JpLedgerEntryFactory(employee=pegawai.employee, minutes=360),
        "teacher_entry": JpLedgerEntryFactory(employee=teacher, minutes=900),
        "claim": ExternalActivityFactory(employee=pegawai.employee, claimed_minutes=180),
        "teacher_claim": ExternalActivityFactory(employee=teacher),
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def claim_payload(**overrides):
    payload = {
        "kind": "seminar",
        "title": "Seminar Nasional Kesehatan Masyarakat",
        "organiser": "Kementerian Kesehatan",
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "evidence_file": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    }
    payload.update(overrides)
    return payload


# --- Scope --------------------------------------------------------------------------------------


def test_asn_sees_only_own_ledger_and_claims(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    assert ids(api_client.get("/api/v1/jp-ledger/")) == {world["own_entry"].pk}
    assert api_client.get(f"/api/v1/jp-ledger/{world['teacher_entry'].pk}/").status_code == 404
    own_claims = {world["claim"].pk, world["own_entry"].activity_id}
    assert ids(api_client.get("/api/v1/external-activities/")) == own_claims
    assert api_client.get(f"/api/v1/external-activities/{world['teacher_claim'].pk}/").status_code == 404
    summary = api_client.get("/api/v1/jp-ledger/summary/", {"year": 2026}).json()["results"]
    assert [row["id"] for row in summary] == [world["pegawai"].employee.pk]


def test_coordinator_sees_their_agency_and_hr_sees_all(api_client, world):
    api_client.force_authenticate(world["koord_dikbud"])
    assert ids(api_client.get("/api/v1/jp-ledger/")) == {world["teacher_entry"].pk}
    api_client.force_authenticate(world["hr"])
    assert ids(api_client.get("/api/v1/jp-ledger/")) == {world["own_entry"].pk, world["teacher_entry"].pk}
    unit = api_client.get("/api/v1/jp-ledger/", {"unit": world["dikbud"].pk})
    assert ids(unit) == {world["teacher_entry"].pk}
    assert ids(api_client.get("/api/v1/jp-ledger/", {"employee": world["teacher"].pk})) == {world["teacher_entry"].pk}
    assert ids(api_client.get("/api/v1/jp-ledger/", {"year": 2025})) == set()
    assert ids(api_client.get("/api/v1/jp-ledger/", {"source": "course"})) == set()


def test_ledger_entry_shows_jp_and_source(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    row = api_client.get(f"/api/v1/jp-ledger/{world['own_entry'].pk}/").json()
    assert (row["minutes"], row["jp"], row["source"], row["year"]) == (360, "8.00", "activity", 2026)
    assert row["activity"] == world["own_entry"].activity_id
    assert row["course_code"] is None


def test_ledger_is_read_only(api_client, world):
    api_client.force_authenticate(world["hr"])
    assert api_client.post("/api/v1/jp-ledger/", {}, format="json").status_code == 405
    assert api_client.delete(f"/api/v1/jp-ledger/{world['own_entry'].pk}/").status_code == 405


# --- Claims ------------------------------------------------------------------------------------------


def test_asn_submits_a_claim_with_a_file(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    response = api_client.post("/api/v1/external-activities/", claim_payload(), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["claimed_minutes"], body["claimed_jp"], body["status"]) == (360, "8.00", "submitted")
    assert body["employee"]["id"] == world["pegawai"].employee.pk
    # Served by an access-checked view, never a /media/ link.
    assert body["evidence_file"] == f"/training/jp/activities/{body['id']}/evidence/"
    assert "/media/" not in response.content.decode()


def test_a_disguised_or_missing_evidence_is_refused(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    bad = SimpleUploadedFile("sertifikat.pdf", PNG, content_type="application/pdf")
    response = api_client.post("/api/v1/external-activities/", claim_payload(evidence_file=bad), format="multipart")
    assert response.status_code == 400
    assert "evidence_file" in response.json()
    payload = claim_payload()
    del payload["evidence_file"]
    response = api_client.post("/api/v1/external-activities/", payload, format="multipart")
    assert response.status_code == 400
    assert "evidence_file" in response.json()


def test_hr_claims_for_an_employee_an_asn_cannot(api_client, world):
    payload = claim_payload(evidence_file="", evidence_url="https://drive.example/s", employee=world["teacher"].pk)
    api_client.force_authenticate(world["hr"])
    response = api_client.post("/api/v1/external-activities/", payload, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["employee"]["id"] == world["teacher"].pk
    api_client.force_authenticate(world["pegawai"])
    payload["evidence_url"] = "https://drive.example/t"
    assert api_client.post("/api/v1/external-activities/", payload, format="multipart").status_code == 404
    payload["employee"] = world["rekan"].employee.pk
    assert api_client.post("/api/v1/external-activities/", payload, format="multipart").status_code == 404


def test_coordinator_verifies_once(api_client, world):
    api_client.force_authenticate(world["koord_dinkes"])
    url = f"/api/v1/external-activities/{world['claim'].pk}/verify/"
    response = api_client.post(url, {"note": "Sah"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified"
    assert response.json()["reviewed_by"] == "kk"
    assert api_client.post(url, {}, format="json").status_code == 200
    assert JpLedgerEntry.objects.filter(activity=world["claim"]).count() == 1


def test_the_employee_cannot_verify_their_own(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    url = f"/api/v1/external-activities/{world['claim'].pk}/verify/"
    assert api_client.post(url, {}, format="json").status_code == 403
    assert not JpLedgerEntry.objects.filter(activity=world["claim"]).exists()


def test_another_agencys_coordinator_gets_404(api_client, world):
    api_client.force_authenticate(world["koord_dikbud"])
    base = f"/api/v1/external-activities/{world['claim'].pk}"
    assert api_client.get(f"{base}/").status_code == 404
    assert api_client.post(f"{base}/verify/", {}, format="json").status_code == 404
    assert api_client.post(f"{base}/reject/", {"note": "x"}, format="json").status_code == 404
    assert ExternalActivity.objects.get(pk=world["claim"].pk).status == "submitted"


def test_reject_requires_a_note(api_client, world):
    api_client.force_authenticate(world["koord_dinkes"])
    url = f"/api/v1/external-activities/{world['claim'].pk}/reject/"
    assert api_client.post(url, {"note": ""}, format="json").status_code == 400
    assert api_client.post(url, {}, format="json").status_code == 400
    response = api_client.post(url, {"note": "Bukti tidak terbaca"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_note"]) == ("rejected", "Bukti tidak terbaca")


def test_withdraw_by_the_owner_only(api_client, world):
    url = f"/api/v1/external-activities/{world['claim'].pk}/withdraw/"
    api_client.force_authenticate(world["hr"])
    assert api_client.post(url).status_code == 403
    api_client.force_authenticate(world["pegawai"])
    assert api_client.post(url).status_code == 204
    assert not ExternalActivity.objects.filter(pk=world["claim"].pk).exists()


def test_claims_filter_by_status_and_year(api_client, world):
    api_client.force_authenticate(world["hr"])
    assert ids(api_client.get("/api/v1/external-activities/", {"status": "submitted"})) == {
        world["claim"].pk,
        world["teacher_claim"].pk,
    }
    assert ids(api_client.get("/api/v1/external-activities/", {"year": 2025})) == set()
    assert world["teacher_claim"].pk in ids(
        api_client.get("/api/v1/external-activities/", {"unit": world["dikbud"].pk})
    )


# --- Summaries ------------------------------------------------------------------------------------------


def test_summary_caps_pppk(api_client, world):
    pppk = EmployeeFactory(unit=world["puskesmas"], employment_type="PPPK")
    JpLedgerEntryFactory(employee=pppk, minutes=1200)
    api_client.force_authenticate(world["hr"])
    response = api_client.get("/api/v1/jp-ledger/summary/", {"year": 2026, "unit": world["puskesmas"].pk})
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[pppk.pk]["counted_jp"] == "24.00"
    assert rows[pppk.pk]["earned_jp"] == "26.67"
    assert rows[pppk.pk]["target_jp"] is None
    pegawai = rows[world["pegawai"].employee.pk]
    assert (pegawai["earned_jp"], pegawai["deficit_jp"], pegawai["met"]) == ("8.00", "12.00", False)


def test_compliance_for_hr_and_coordinators_only(api_client, world):
    api_client.force_authenticate(world["hr"])
    response = api_client.get("/api/v1/jp-ledger/compliance/", {"year": 2026})
    assert response.status_code == 200
    rows = {row["opd"]["code"]: row for row in response.json()}
    assert (rows["dikbud"]["pns"], rows["dikbud"]["met"], rows["dikbud"]["share"]) == (2, 1, "50.0")
    api_client.force_authenticate(world["pegawai"])
    assert api_client.get("/api/v1/jp-ledger/compliance/").status_code == 403


# --- The JP table ---------------------------------------------------------------------------------------


def test_everyone_reads_the_table_only_hr_changes_it(api_client, world):
    seminar = JpConversion.objects.get(kind="seminar")
    url = f"/api/v1/jp-conversions/{seminar.pk}/"
    api_client.force_authenticate(world["pegawai"])
    assert api_client.get("/api/v1/jp-conversions/").json()["count"] == 12
    assert api_client.patch(url, {"jp": "6"}, format="json").status_code == 403
    assert api_client.patch(url, {"jp": "not a number"}, format="json").status_code == 403
    api_client.force_authenticate(world["koord_dinkes"])
    assert api_client.patch(url, {"jp": "6"}, format="json").status_code == 403
    api_client.force_authenticate(world["hr"])
    assert api_client.patch(url, {"jp": "0"}, format="json").status_code == 400
    response = api_client.patch(url, {"jp": "4.5"}, format="json")
    assert response.status_code == 200
    assert response.json()["jp"] == "4.50"
    assert api_client.post("/api/v1/jp-conversions/", {}, format="json").status_code == 405


# --- Query counts: the same for page sizes 5 and 50 ------------------------------------------------------


@pytest.fixture
def many(world):
    for index in range(60):
        employee = EmployeeFactory(unit=world["puskesmas"] if index % 2 else world["school"])
        JpLedgerEntryFactory(employee=employee, minutes=45 * (index % 30 + 1))
        ExternalActivityFactory(employee=employee, status="rejected")
    return world


def fresh(user):
    # Access is cached on the user object: a fresh one pays for it as a real request does.
    return get_user_model().objects.get(pk=user.pk)


# Scoped lists: 1 the caller's employee record, 2 their roles, 3 COUNT for pagination, 4 the page with
# its joins (ledger: employee, unit, enrollment → offering → course, activity; claims: employee, unit,
# reviewer; summary: unit, parent, position, the year's total as a subquery per row). The JP table is
# not scoped: 1 COUNT, 2 the page.
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/jp-ledger/", 4),
        ("/api/v1/external-activities/", 4),
        ("/api/v1/jp-ledger/summary/?year=2026", 4),
        ("/api/v1/jp-conversions/", 2),
    ],
)
@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_counts(api_client, many, django_assert_num_queries, url, queries, page_size):
    api_client.force_authenticate(fresh(many["hr"]))
    with django_assert_num_queries(queries):
        response = api_client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize("page_size", [5, 50])
def test_scoped_coordinator_list_query_count(api_client, many, django_assert_num_queries, page_size):
    api_client.force_authenticate(fresh(many["koord_dikbud"]))
    # 1 employee record, 2 roles, 3 COUNT, 4 the page.
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/jp-ledger/", {"page_size": page_size})
    assert response.json()["count"] == 31
    assert len(response.json()["results"]) == min(page_size, 31)


def test_compliance_query_count(api_client, many, django_assert_num_queries):
    api_client.force_authenticate(fresh(many["hr"]))
    # 1 employee record, 2 roles, 3 the employees grouped by OPD, 4 the OPDs.
    with django_assert_num_queries(4):
        assert api_client.get("/api/v1/jp-ledger/compliance/", {"year": 2026}).status_code == 200


def test_dates_for_claims_are_checked(api_client, world):
    api_client.force_authenticate(world["pegawai"])
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = api_client.post(
        "/api/v1/external-activities/", claim_payload(start_date=later, end_date=later), format="multipart"
    )
    assert response.status_code == 400
    assert "end_date" in response.json()
