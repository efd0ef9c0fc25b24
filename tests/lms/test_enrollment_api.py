import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.choices import EnrollmentStatus
from lms.models import Enrollment, Notification
from lms.services.enrollment import enrollment_request
from tests.factories import EmployeeFactory, EnrollmentFactory, OfferingFactory, UserFactory
from tests.lms.enrollment_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/enrollments/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _enroll(world, who, offering=None):
    user = world[who]
    return enrollment_request(offering=offering or world["offering"], employee=user.employee, actor=user, source="self")


@pytest.fixture
def rows(world):
    """pegawai and rekan (Dinkes puskesmas) enrolled; guru (Dikbud school) in a Dikbud offering."""
    dikbud_offering = OfferingFactory(owner_unit=world["dikbud"], code="kurikulum-merdeka-1")
    return {
        "pegawai": _enroll(world, "pegawai"),
        "rekan": _enroll(world, "rekan"),
        "guru": _enroll(world, "guru", dikbud_offering),
    }


# --- Who reads what ---------------------------------------------------------------


def test_an_asn_reads_only_their_own_enrollments(api_client, world, rows):
    api_client.force_authenticate(world["pegawai"])
    assert _ids(api_client.get(URL)) == {rows["pegawai"].pk}
    assert api_client.get(f"{URL}{rows['rekan'].pk}/").status_code == 404


def test_a_supervisor_reads_the_team_and_a_coordinator_their_agency(api_client, world, rows):
    api_client.force_authenticate(world["atasan"])
    assert _ids(api_client.get(URL)) == {rows["pegawai"].pk, rows["rekan"].pk}
    api_client.force_authenticate(world["koord_dikbud"])
    assert _ids(api_client.get(URL)) == {rows["guru"].pk}
    assert api_client.get(f"{URL}{rows['pegawai'].pk}/").status_code == 404
    api_client.force_authenticate(world["koord_bkpsdm"])
    assert _ids(api_client.get(URL)) == {row.pk for row in rows.values()}


def test_retrieve_shows_status_need_position_and_history(api_client, world, rows):
    waiting = _enroll(world, "atasan")
    api_client.force_authenticate(world["atasan"])
    body = api_client.get(f"{URL}{waiting.pk}/").json()
    assert body["status"] == EnrollmentStatus.WAITLISTED
    assert body["waitlist_position"] == 1
    assert body["need_reason"] == waiting.need_reason != ""
    assert body["need_jp_deficit"] == "20"
    assert [(t["from_status"], t["to_status"], t["actor"]) for t in body["transitions"]] == [
        ("", "waitlisted", "atasan")
    ]
    assert body["transitions"][0]["reason"]
    assert body["offering"]["code"] == "pelayanan-prima-1"


def test_filters(api_client, world, rows):
    api_client.force_authenticate(world["koord_bkpsdm"])
    offering = world["offering"]
    assert _ids(api_client.get(URL, {"offering": offering.pk})) == {rows["pegawai"].pk, rows["rekan"].pk}
    assert _ids(api_client.get(URL, {"unit": world["dikbud"].pk})) == {rows["guru"].pk}
    assert _ids(api_client.get(URL, {"employee": world["rekan"].employee.pk})) == {rows["rekan"].pk}
    assert _ids(api_client.get(URL, {"status": "waitlisted"})) == set()
    assert len(_ids(api_client.get(URL, {"year": offering.start_date.year}))) == 3
    assert _ids(api_client.get(URL, {"year": offering.start_date.year - 3})) == set()


# --- Enroll -----------------------------------------------------------------------


def test_an_asn_enrolls_themselves(api_client, world):
    api_client.cookies["django_language"] = "en"
    api_client.force_authenticate(world["pegawai"])
    response = api_client.post(f"{URL}enroll/", {"offering": world["offering"].pk}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["source"]) == ("enrolled", "self")
    again = api_client.post(f"{URL}enroll/", {"offering": world["offering"].pk}, format="json")
    assert again.status_code == 400
    assert "already" in str(again.json())
    assert Enrollment.objects.count() == 1


def test_drafts_of_other_agencies_do_not_exist_for_an_asn(api_client, world):
    draft = OfferingFactory(owner_unit=world["dinkes"], status="draft")
    api_client.force_authenticate(world["pegawai"])
    assert api_client.post(f"{URL}enroll/", {"offering": draft.pk}, format="json").status_code == 404


def test_assigning_is_for_the_offerings_coordinators(api_client, world):
    payload = {"offering": world["offering"].pk, "employee": world["pegawai"].employee.pk}
    # Another ASN does not even see the employee.
    api_client.force_authenticate(world["rekan"])
    assert api_client.post(f"{URL}enroll/", payload, format="json").status_code == 404
    # The supervisor sees them but does not run the offering.
    api_client.force_authenticate(world["atasan"])
    assert api_client.post(f"{URL}enroll/", payload, format="json").status_code == 403
    # The other agency's coordinator sees neither the employee nor manages the offering.
    api_client.force_authenticate(world["koord_dikbud"])
    assert api_client.post(f"{URL}enroll/", payload, format="json").status_code == 404
    api_client.force_authenticate(world["koord_dinkes"])
    response = api_client.post(f"{URL}enroll/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["source"] == "assigned"


# --- Approve, reject, cancel ----------------------------------------------------------


@pytest.fixture
def pending(world):
    world["offering"].requires_approval = True
    world["offering"].save()
    return _enroll(world, "pegawai")


def test_approve_by_the_supervisor_only(api_client, world, pending):
    url = f"{URL}{pending.pk}/approve/"
    api_client.force_authenticate(world["rekan"])
    assert api_client.post(url).status_code == 404
    api_client.force_authenticate(world["koord_dikbud"])
    assert api_client.post(url).status_code == 404
    # The employee sees their own request but may not approve it.
    api_client.force_authenticate(world["pegawai"])
    assert api_client.post(url).status_code == 403
    api_client.force_authenticate(world["atasan"])
    response = api_client.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "enrolled"
    assert [t["to_status"] for t in response.json()["transitions"]] == ["pending", "enrolled"]


def test_reject_needs_a_reason(api_client, world, pending):
    api_client.force_authenticate(world["atasan"])
    url = f"{URL}{pending.pk}/reject/"
    assert api_client.post(url, {}, format="json").status_code == 400
    response = api_client.post(url, {"reason": "Kuota unit sudah penuh"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["transitions"][-1]["reason"] == "Kuota unit sudah penuh"


def test_cancel_frees_the_seat_for_the_next_in_line(api_client, world, rows):
    waiting = _enroll(world, "atasan")
    api_client.force_authenticate(world["pegawai"])
    response = api_client.post(f"{URL}{rows['pegawai'].pk}/cancel/", {"reason": "Sakit"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == EnrollmentStatus.ENROLLED
    assert Notification.objects.filter(recipient=world["atasan"], kind="promoted").exists()
    # Nobody cancels another's seat without managing the offering.
    assert api_client.post(f"{URL}{rows['rekan'].pk}/cancel/", {}, format="json").status_code == 404
    api_client.force_authenticate(world["atasan"])
    assert api_client.post(f"{URL}{rows['rekan'].pk}/cancel/", {}, format="json").status_code == 403


# --- Notifications --------------------------------------------------------------------


def test_notifications_are_only_ones_own(api_client, world, rows):
    api_client.force_authenticate(world["pegawai"])
    body = api_client.get("/api/v1/notifications/").json()
    mine = set(Notification.objects.filter(recipient=world["pegawai"]).values_list("pk", flat=True))
    assert {row["id"] for row in body["results"]} == mine != set()
    others = list(Notification.objects.exclude(recipient=world["pegawai"]).values_list("pk", flat=True))
    assert others
    response = api_client.post("/api/v1/notifications/read/", {"ids": others}, format="json")
    assert response.json() == {"marked": 0}
    assert not Notification.objects.filter(pk__in=others, read_at__isnull=False).exists()
    assert api_client.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": len(mine)}


# --- Query counts -------------------------------------------------------------------


@pytest.fixture
def many(world):
    offering = OfferingFactory(owner_unit=world["dinkes"], capacity=30)
    now = timezone.now()
    for index in range(60):
        EnrollmentFactory(
            offering=offering,
            employee=EmployeeFactory(unit=world["puskesmas"], user=UserFactory()),
            status="enrolled" if index < 30 else "waitlisted",
            need_gap=Decimal(index % 7),
            requested_at=now - datetime.timedelta(minutes=index),
        )
    return world


@pytest.mark.parametrize("page_size", [5, 50])
def test_enrollment_list_query_count(api_client, many, django_assert_num_queries, page_size):
    api_client.force_authenticate(many["koord_dinkes"])
    # 1 the caller's employee record, 2 their roles, 3 COUNT for pagination,
    # 4 the page joined with offering, course, owner unit, employee and unit, the waitlist position a subquery.
    with django_assert_num_queries(4):
        response = api_client.get(URL, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_notification_list_query_count(api_client, world, django_assert_num_queries, page_size):
    user = world["pegawai"]
    Notification.objects.bulk_create(
        [Notification(recipient=user, kind="reminder", title=f"Sesi {i}", dedupe_key=f"t:{i}") for i in range(60)]
    )
    api_client.force_authenticate(user)
    # 1 COUNT for pagination, 2 the page: notifications need no joins and no access rules.
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/notifications/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
