"""The certificates API: scoped lists, downloads, issue/revoke/re-issue, public verification."""

import pytest
from django.contrib.auth import get_user_model

from certificates.models import Certificate, CertificateCounter
from certificates.services import certificate_issue
from tests.factories import (
    EmployeeFactory,
    EnrollmentFactory,
    UserFactory,
    completed_enrollment,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/certificates/"
VERIFY_FIELDS = {
    "name",
    "nip",
    "course",
    "agency",
    "start_date",
    "end_date",
    "jp",
    "number",
    "status",
    "revoked_at",
    "revoke_reason",
}


def fresh(user):
    # Access is cached on the user object: a fresh one pays for it as a real request does.
    return get_user_model().objects.get(pk=user.pk)


def _ids(api_client, user, **params) -> set[int]:
    api_client.force_authenticate(fresh(user))
    response = api_client.get(LIST, params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


# --- Reading ----------------------------------------------------------------------------------


def test_the_list_is_scoped(api_client, world):
    both = {world["mine"].pk, world["theirs"].pk}
    assert _ids(api_client, world["asn"]) == {world["mine"].pk}
    assert _ids(api_client, world["coordinator"]) == both
    assert _ids(api_client, world["hr"]) == both
    assert _ids(api_client, world["outsider"]) == set()
    assert _ids(api_client, UserFactory()) == set()


def test_the_list_filters_by_offering_and_status(api_client, world):
    assert _ids(api_client, world["hr"], offering=world["offering"].pk, status="issued") == {
        world["mine"].pk,
        world["theirs"].pk,
    }
    assert _ids(api_client, world["hr"], status="revoked") == set()


def test_a_certificate_shows_what_it_says(api_client, world):
    api_client.force_authenticate(world["asn"])
    body = api_client.get(f"{LIST}{world['mine'].pk}/").json()
    assert body["number"] == world["mine"].number
    assert body["status"] == "issued"
    assert body["employee"]["nip"] == world["asn"].employee.nip
    assert body["jp"] == "20.00"
    assert body["download_url"] == f"{LIST}{world['mine'].pk}/download/"
    assert body["verify_url"].endswith(f"/verify/{world['mine'].code}/")


def test_anothers_certificate_is_404(api_client, world):
    api_client.force_authenticate(world["asn"])
    assert api_client.get(f"{LIST}{world['theirs'].pk}/").status_code == 404
    assert api_client.get(f"{LIST}{world['theirs'].pk}/download/").status_code == 404
    api_client.force_authenticate(fresh(world["outsider"]))
    assert api_client.get(f"{LIST}{world['mine'].pk}/download/").status_code == 404


def test_the_owner_downloads_the_pdf(api_client, world):
    api_client.force_authenticate(world["asn"])
    response = api_client.get(f"{LIST}{world['mine'].pk}/download/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == world["mine"].pdf.open("rb").read()


def test_a_pending_certificate_has_no_download(api_client, world, make_login):
    pending = certificate_issue(
        enrollment=completed_enrollment(offering=world["offering"], employee=make_login().employee),
        actor=world["coordinator"],
    )
    api_client.force_authenticate(world["coordinator"])
    assert api_client.get(f"{LIST}{pending.pk}/").json()["download_url"] is None
    assert api_client.get(f"{LIST}{pending.pk}/download/").status_code == 404


@pytest.fixture
def many(world):
    # Pending certificates are enough for a list: no render needed.
    for _index in range(12):
        enrollment = completed_enrollment(offering=world["offering"], employee=EmployeeFactory())
        certificate_issue(enrollment=enrollment, actor=world["coordinator"])
    return world


@pytest.mark.parametrize("who", ["hr", "coordinator"])
@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count(api_client, many, django_assert_num_queries, who, page_size):
    api_client.force_authenticate(fresh(many[who]))
    # 1 employee record, 2 roles, 3 COUNT, 4 the page with employee, offering and course.
    with django_assert_num_queries(4):
        response = api_client.get(LIST, {"page_size": page_size})
    assert response.status_code == 200
    assert response.json()["count"] == 14
    assert len(response.json()["results"]) == min(page_size, 14)


# --- Issuing ----------------------------------------------------------------------------------


def test_issue_for_an_enrollment_is_idempotent(api_client, world, make_login, django_capture_on_commit_callbacks):
    enrollment = completed_enrollment(offering=world["offering"], employee=make_login().employee)
    api_client.force_authenticate(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        first = api_client.post(f"{LIST}issue/", {"enrollment": enrollment.pk}, format="json")
    second = api_client.post(f"{LIST}issue/", {"enrollment": enrollment.pk}, format="json")
    assert first.status_code == second.status_code == 200
    assert [c["id"] for c in first.json()] == [c["id"] for c in second.json()]
    assert first.json()[0]["number"] == second.json()[0]["number"]
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert CertificateCounter.objects.get().last_seq == 3
    assert second.json()[0]["status"] == "issued"


def test_issue_for_an_offering_is_idempotent(api_client, world, make_login):
    completed_enrollment(offering=world["offering"], employee=make_login().employee)
    api_client.force_authenticate(world["coordinator"])
    first = api_client.post(f"{LIST}issue/", {"offering": world["offering"].pk}, format="json").json()
    second = api_client.post(f"{LIST}issue/", {"offering": world["offering"].pk}, format="json").json()
    assert len(first) == 3
    assert sorted(c["id"] for c in first) == sorted(c["id"] for c in second)
    assert Certificate.objects.count() == 3


def test_issue_needs_a_completed_enrollment_and_one_target(api_client, world):
    api_client.force_authenticate(world["coordinator"])
    enrolled = EnrollmentFactory(offering=world["offering"], status="not_completed")
    assert api_client.post(f"{LIST}issue/", {"enrollment": enrolled.pk}, format="json").status_code == 400
    assert api_client.post(f"{LIST}issue/", {}, format="json").status_code == 400
    both = {"enrollment": enrolled.pk, "offering": world["offering"].pk}
    assert api_client.post(f"{LIST}issue/", both, format="json").status_code == 400


def test_issue_is_for_the_offerings_coordinators(api_client, world):
    target = {"offering": world["offering"].pk}
    api_client.force_authenticate(fresh(world["asn"]))
    assert api_client.post(f"{LIST}issue/", target, format="json").status_code == 403
    api_client.force_authenticate(fresh(world["hr"]))
    assert api_client.post(f"{LIST}issue/", target, format="json").status_code == 403
    api_client.force_authenticate(fresh(world["outsider"]))
    assert api_client.post(f"{LIST}issue/", target, format="json").status_code == 404
    enrollment = {"enrollment": world["mine"].enrollment_id}
    assert api_client.post(f"{LIST}issue/", enrollment, format="json").status_code == 404


# --- Revoking and re-issuing ------------------------------------------------------------------


def test_revoke_with_a_reason(api_client, world):
    url = f"{LIST}{world['mine'].pk}/revoke/"
    api_client.force_authenticate(world["coordinator"])
    assert api_client.post(url, {}, format="json").status_code == 400
    response = api_client.post(url, {"reason": "Nilai tidak sah"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revoke_reason"]) == ("revoked", "Nilai tidak sah")
    assert response.json()["download_url"] is None
    assert api_client.post(url, {"reason": "Lagi"}, format="json").status_code == 400


@pytest.mark.parametrize(("who", "status"), [("asn", 403), ("hr", 403), ("outsider", 404)])
@pytest.mark.parametrize("verb", ["revoke", "reissue", "retry"])
def test_only_the_offerings_coordinators_change_a_certificate(api_client, world, who, status, verb):
    api_client.force_authenticate(fresh(world[who]))
    response = api_client.post(f"{LIST}{world['mine'].pk}/{verb}/", {"reason": "Salah"}, format="json")
    assert response.status_code == status
    world["mine"].refresh_from_db()
    assert world["mine"].status == "issued"


def test_reissue_keeps_the_number(api_client, world, django_capture_on_commit_callbacks):
    mine = world["mine"]
    employee = mine.enrollment.employee
    employee.name = "Nama Yang Dibetulkan"
    employee.save()
    api_client.force_authenticate(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"{LIST}{mine.pk}/reissue/", {"reason": "Nama salah eja"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    mine_after = api_client.get(f"{LIST}{mine.pk}/").json()
    assert (mine_after["status"], mine_after["number"]) == ("issued", mine.number)
    assert mine_after["sha256"] != mine.sha256


# --- Public verification ----------------------------------------------------------------------


def test_verify_shows_only_the_public_fields(api_client, world):
    mine = world["mine"]
    response = api_client.get(f"{LIST}verify/{mine.code}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == VERIFY_FIELDS
    nip = world["asn"].employee.nip
    assert body["nip"] != nip
    assert body["nip"].startswith(nip[:4])
    assert body["nip"].endswith(nip[-3:])
    assert nip not in response.content.decode()
    assert (body["number"], body["status"], body["jp"]) == (mine.number, "issued", "20.00")
    assert body["start_date"] == "2026-03-10"
    for private in (mine.content["participant"]["birth_date"], mine.content["participant"]["position"]):
        assert private not in response.content.decode()


def test_verify_says_revoked_with_date_and_reason(api_client, world):
    api_client.force_authenticate(world["coordinator"])
    api_client.post(f"{LIST}{world['mine'].pk}/revoke/", {"reason": "Nilai tidak sah"}, format="json")
    api_client.force_authenticate(None)
    body = api_client.get(f"{LIST}verify/{world['mine'].code}/").json()
    assert body["status"] == "revoked"
    assert body["revoke_reason"] == "Nilai tidak sah"
    assert body["revoked_at"]


def test_verify_needs_no_login_and_ignores_a_bad_token(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get(f"{LIST}verify/{world['mine'].code}/").status_code == 200


def test_verify_an_unknown_code_is_404(api_client, db):
    assert api_client.get(f"{LIST}verify/tidak-ada/").status_code == 404


def test_verify_query_count(api_client, world, django_assert_num_queries):
    # 1 the certificate by its code.
    with django_assert_num_queries(1):
        assert api_client.get(f"{LIST}verify/{world['mine'].code}/").status_code == 200


def test_a_render_error_is_shown_to_managers_not_to_the_participant(api_client, world):
    Certificate.objects.filter(pk=world["mine"].pk).update(status="failed", error="OSError: /var/cache/fontconfig")
    url = f"{LIST}{world['mine'].pk}/"
    api_client.force_authenticate(world["asn"])
    assert api_client.get(url).json()["error"] == ""
    api_client.force_authenticate(world["coordinator"])
    assert api_client.get(url).json()["error"] == "OSError: /var/cache/fontconfig"
