import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lms.choices import EnrollmentStatus
from lms.ical import calendar_token
from lms.models import Enrollment, Notification
from lms.services.enrollment import enrollment_request
from tests.factories import (
    EmployeeFactory,
    EnrollmentFactory,
    JpLedgerEntryFactory,
    OfferingFactory,
    SessionFactory,
    UserFactory,
)
from tests.lms.enrollment_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _enroll(world, who, offering=None):
    user = world[who]
    return enrollment_request(offering=offering or world["offering"], employee=user.employee, actor=user, source="self")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Enroll, cancel, approve, reject ---------------------------------------------------


def test_enroll_button_enrolls_and_goes_back(client_en, world):
    client_en.force_login(world["pegawai"])
    back = "/training/offerings/1/"
    response = client_en.post(reverse("offering-enroll", args=[world["offering"].pk]), {"next": back})
    assert response.status_code == 302
    assert response.url == back
    assert Enrollment.objects.get().status == EnrollmentStatus.ENROLLED
    again = client_en.post(reverse("offering-enroll", args=[world["offering"].pk]), follow=True)
    assert any("already" in message for message in _messages(again))


def test_enroll_refuses_a_closed_window_with_a_message(client_en, world):
    offering = OfferingFactory(owner_unit=world["dinkes"], enroll_closes=timezone.localdate() - datetime.timedelta(1))
    client_en.force_login(world["pegawai"])
    response = client_en.post(reverse("offering-enroll", args=[offering.pk]), follow=True)
    assert not Enrollment.objects.exists()
    assert any("Enrollment is open" in message for message in _messages(response))


def test_an_unseen_draft_is_404(client_en, world):
    draft = OfferingFactory(owner_unit=world["dinkes"], status="draft")
    client_en.force_login(world["pegawai"])
    assert client_en.post(reverse("offering-enroll", args=[draft.pk])).status_code == 404
    client_en.force_login(world["koord_dikbud"])
    assert client_en.get(reverse("offering-roster", args=[draft.pk])).status_code == 404


def test_cancel_from_my_training(client_en, world):
    enrollment = _enroll(world, "pegawai")
    client_en.force_login(world["rekan"])
    assert client_en.post(reverse("enrollment-cancel", args=[enrollment.pk])).status_code == 404
    client_en.force_login(world["pegawai"])
    response = client_en.post(reverse("enrollment-cancel", args=[enrollment.pk]), {"reason": "Tugas luar"})
    assert response.url == reverse("my-training")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CANCELLED
    assert enrollment.transitions.last().reason == "Tugas luar"


def test_approvals_page_lists_the_team_and_decides(client_en, world):
    world["offering"].requires_approval = True
    world["offering"].save()
    first, second = _enroll(world, "pegawai"), _enroll(world, "rekan")
    client_en.force_login(world["pegawai"])
    assert client_en.get(reverse("approvals")).status_code == 403
    assert client_en.post(reverse("enrollment-approve", args=[first.pk])).status_code == 403
    client_en.force_login(world["atasan"])
    page = client_en.get(reverse("approvals")).content.decode()
    assert world["pegawai"].employee.name in page
    assert world["rekan"].employee.name in page
    client_en.post(reverse("enrollment-approve", args=[first.pk]))
    client_en.post(reverse("enrollment-reject", args=[second.pk]), {"reason": "Sedang cuti"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EnrollmentStatus.ENROLLED, EnrollmentStatus.REJECTED)
    response = client_en.post(reverse("enrollment-reject", args=[first.pk]), {"reason": ""}, follow=True)
    assert _messages(response)


# --- The roster ----------------------------------------------------------------------


def _waiting(offering, name, gap, minutes_ago):
    return EnrollmentFactory(
        offering=offering,
        employee=EmployeeFactory(name=name),
        status="waitlisted",
        need_gap=Decimal(gap),
        need_reason=f"Alasan {name}",
        requested_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_roster_shows_seats_waitlist_in_need_order_and_history(client_en, world):
    _enroll(world, "pegawai")
    _enroll(world, "rekan")
    _waiting(world["offering"], "Zainab", gap=5, minutes_ago=50)
    _waiting(world["offering"], "Yusuf", gap=30, minutes_ago=1)
    client_en.force_login(world["koord_dinkes"])
    response = client_en.get(reverse("offering-roster", args=[world["offering"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert world["pegawai"].employee.name in page
    assert page.index("Yusuf") < page.index("Zainab")
    assert "Alasan Yusuf" in page
    assert "Requested by the employee" in page


def test_roster_is_for_the_offerings_coordinators(client_en, world):
    url = reverse("offering-roster", args=[world["offering"].pk])
    for who in ("pegawai", "atasan"):
        client_en.force_login(world[who])
        assert client_en.get(url).status_code == 403
    # A coordinator of another agency is not told that the roster exists.
    client_en.force_login(world["koord_dikbud"])
    assert client_en.get(url).status_code == 404
    assert client_en.post(reverse("offering-fill-seats", args=[world["offering"].pk])).status_code == 404
    client_en.force_login(world["koord_bkpsdm"])
    assert client_en.get(url).status_code == 200


@pytest.mark.parametrize("waiting", [1, 8])
def test_roster_query_count_is_constant(client_en, world, django_assert_num_queries, waiting):
    for index in range(waiting):
        _waiting(world["offering"], f"Pegawai {index}", gap=index, minutes_ago=index)
    client_en.force_login(world["koord_dinkes"])
    url = reverse("offering-roster", args=[world["offering"].pk])
    # 1 session, 2 user, 3 the caller's employee record, 4 roles, 5 the offering with course and owner unit,
    # 6 every enrollment with employee, unit and position, 7 recent transitions with employee and actor.
    with django_assert_num_queries(7):
        assert client_en.get(url).status_code == 200


def test_coordinator_assigns_by_nip_or_name(client_en, world):
    url = reverse("offering-enroll", args=[world["offering"].pk])
    nurse = EmployeeFactory(unit=world["puskesmas"], name="Siti Tanjungjabung")
    EmployeeFactory(unit=world["puskesmas"], name="Siti Aminah")
    client_en.force_login(world["pegawai"])
    assert client_en.post(url, {"employee": nurse.nip}).status_code == 403
    client_en.force_login(world["koord_dinkes"])
    response = client_en.post(url, {"employee": "Siti"}, follow=True)
    assert any("Several employees" in message for message in _messages(response))
    response = client_en.post(url, {"employee": "tanjungjabung"})
    assert response.url == reverse("offering-roster", args=[world["offering"].pk])
    assert Enrollment.objects.get(employee=nurse).source == "assigned"
    client_en.post(url, {"employee": world["pegawai"].employee.nip})
    assert Enrollment.objects.get(employee=world["pegawai"].employee).status == EnrollmentStatus.ENROLLED
    # Another agency's employee is out of this coordinator's sight.
    response = client_en.post(url, {"employee": world["guru"].employee.nip}, follow=True)
    assert any("No employee matches" in message for message in _messages(response))


def test_fill_seats_from_the_roster(client_en, world):
    waiting = _waiting(world["offering"], "Yusuf", gap=30, minutes_ago=1)
    client_en.force_login(world["pegawai"])
    assert client_en.post(reverse("offering-fill-seats", args=[world["offering"].pk])).status_code == 403
    client_en.force_login(world["koord_dinkes"])
    client_en.post(reverse("offering-fill-seats", args=[world["offering"].pk]))
    waiting.refresh_from_db()
    assert waiting.status == EnrollmentStatus.ENROLLED


# --- "Pelatihan saya" -----------------------------------------------------------------


def test_my_training_shows_progress_sessions_waitlist_and_history(client_en, world):
    year = timezone.localdate().year
    JpLedgerEntryFactory(employee=world["guru"].employee, year=year, minutes=8 * 45)
    offering = world["offering"]
    SessionFactory(offering=offering, topic="Standar pelayanan minimal")
    _enroll(world, "guru")
    full = OfferingFactory(owner_unit=world["dinkes"], capacity=1, code="penuh-1")
    EnrollmentFactory(offering=full)
    _enroll(world, "guru", full)
    old = OfferingFactory(owner_unit=world["dinkes"], status="finished", code="lama-1")
    EnrollmentFactory(
        offering=old, employee=world["guru"].employee, status="not_completed", result_reason="attendance 50% below"
    )
    client_en.force_login(world["guru"])
    response = client_en.get(reverse("my-training"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>8</strong> of 20 JP" in page
    assert '<progress class="jp-progress" max="900" value="360">' in page
    assert "Standar pelayanan minimal" in page
    assert "Position 1" in page
    assert "attendance 50% below" in page
    # The feed address is the one the user reached the site by.
    feed = reverse("my-calendar-feed", args=[calendar_token(world["guru"].employee.pk)])
    assert f"http://testserver{feed}" in page


def test_my_training_for_pppk_shows_the_cap(client_en, world):
    user = UserFactory()
    EmployeeFactory(user=user, employment_type="PPPK")
    client_en.force_login(user)
    assert "of at most 24 JP" in client_en.get(reverse("my-training")).content.decode()


def test_my_training_without_an_employee_record(client_en):
    client_en.force_login(UserFactory())
    assert "not linked to an employee" in client_en.get(reverse("my-training")).content.decode()


# --- Notifications ------------------------------------------------------------------


def test_notifications_page_and_badge_show_only_ones_own(client_en, world):
    _enroll(world, "pegawai")
    _enroll(world, "rekan")
    client_en.force_login(world["pegawai"])
    badge = client_en.get(reverse("notification-badge")).content.decode()
    assert ">1</a>" in badge
    page = client_en.get(reverse("notifications")).content.decode()
    mine = Notification.objects.get(recipient=world["pegawai"])
    theirs = Notification.objects.get(recipient=world["rekan"])
    assert mine.title in page
    # Marking someone else's notification does nothing.
    client_en.post(reverse("notifications"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client_en.post(reverse("notifications"), {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client_en.get(reverse("notification-badge")).content.decode().strip() == ""


def test_badge_is_empty_for_anonymous_visitors(client):
    response = client.get(reverse("notification-badge"))
    assert (response.status_code, response.content) == (200, b"")


# --- The offering page's enroll box -----------------------------------------------------


def _box(world, *, enrollment=None, can_manage=False, seats_left=2, offering=None):
    request = RequestFactory().get("/training/offerings/1/")
    request.user = world["pegawai"]
    return render_to_string(
        "lms/enrollment/_enroll_box.html",
        {
            "offering": offering or world["offering"],
            "my_enrollment": enrollment,
            "can_manage": can_manage,
            "seats_left": seats_left,
        },
        request=request,
    )


def test_enroll_box_offers_to_enroll_or_join_the_waitlist(world):
    html = _box(world)
    assert reverse("offering-enroll", args=[world["offering"].pk]) in html
    assert "2 seats left of 2" in html
    assert "Join the waitlist" in _box(world, seats_left=0)
    # Managers reach the roster from the offering page's own links, not from this box.
    assert "roster" not in _box(world)
    closed = OfferingFactory(owner_unit=world["dinkes"], enroll_opens=timezone.localdate() + datetime.timedelta(3))
    assert "Self-enrollment is closed" in _box(world, offering=closed)


def test_enroll_box_shows_status_position_need_and_cancel(world):
    _enroll(world, "rekan")
    _enroll(world, "atasan")
    EnrollmentFactory(offering=world["offering"], status="waitlisted", need_gap=Decimal(99))
    waiting = _enroll(world, "pegawai")
    html = _box(world, enrollment=waiting, seats_left=0)
    assert "Waitlisted" in html
    assert "Position 2 on the waitlist" in html
    assert waiting.need_reason in html
    assert reverse("enrollment-cancel", args=[waiting.pk]) in html
    assert reverse("offering-enroll", args=[world["offering"].pk]) not in html


@pytest.mark.parametrize("offerings", [1, 6])
def test_my_training_query_count_is_constant(client_en, world, django_assert_num_queries, offerings):
    employee = world["pegawai"].employee
    for index in range(offerings):
        offering = OfferingFactory(owner_unit=world["dinkes"], code=f"angkatan-x{index}")
        SessionFactory(offering=offering)
        SessionFactory(offering=offering)
        EnrollmentFactory(offering=offering, employee=employee, status="waitlisted" if index % 2 else "enrolled")
    client_en.force_login(world["pegawai"])
    # 1 session, 2 user, 3 the employee record, 4 the year's JP, 5 enrollments with offering, course, venue and
    # waitlist position, 6 their sessions with venue and trainer, then the nav's access: 7 employee, 8 roles.
    with django_assert_num_queries(8):
        assert client_en.get(reverse("my-training")).status_code == 200


def test_the_offering_page_carries_the_enroll_box(client_en, world):
    _enroll(world, "rekan")
    _enroll(world, "atasan")
    client_en.force_login(world["pegawai"])
    url = reverse("offering-detail", args=[world["offering"].pk])
    page = client_en.get(url).content.decode()
    assert reverse("offering-enroll", args=[world["offering"].pk]) in page
    assert "Join the waitlist" in page
    client_en.post(reverse("offering-enroll", args=[world["offering"].pk]), {"next": url})
    page = client_en.get(url).content.decode()
    assert "Position 1 on the waitlist" in page
