"""The training coordinator's journey: from a new course to issued certificates, in the browser.

Creates a course and an offering, adds its session (a trainer booked elsewhere is refused with
the clash named, another trainer is accepted), publishes it, approves the requests, takes the
roll call during the session, enters the post-test, finishes the offering once it is over and
issues the certificate of the participant who passed.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.people.choices import Role
from certificates.models import Certificate
from lms.choices import EnrollmentSource, EnrollmentStatus, OfferingStatus
from lms.models import Enrollment, Offering, Session
from lms.services.enrollment import enrollment_request
from tests.browser.steps import LANGUAGES, a_day_passes, log_in, nav, session_hours_now
from tests.factories import (
    CertificateIssuerFactory,
    EmployeeFactory,
    OfferingFactory,
    RoleAssignmentFactory,
    SessionFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

COURSE = "Pelayanan Publik Digital"
OFFERING = "ppd-2026-1"
BUSY_TRAINER = "Drs. Ahmad Yani"
FREE_TRAINER = "Dewi Lestari, M.Pd."
OTHER_OFFERING = "kepemimpinan-1"
PASSES, FAILS = "Budi Santoso", "Sari Wulandari"

# What the pages say in each language (the Indonesian from locale/id/LC_MESSAGES/django.po).
TEXT = {
    "id": {
        "training": "Pelatihan",
        "course_added": "Pelatihan telah ditambahkan.",
        "draft": "Angkatan dibuat sebagai draf: tambahkan sesinya, lalu publikasikan.",
        "clash_title": "Sesi ini bentrok",
        "clash": f"Pengajar {BUSY_TRAINER} sudah mengajar di {OTHER_OFFERING}",
        "session_added": "Sesi telah ditambahkan.",
        "published": "Dipublikasikan: pegawai kini dapat melihatnya dan mendaftar selama masa pendaftaran.",
        "roll_call_saved": "Kehadiran 2 peserta disimpan.",
        "scores_saved": "Nilai tes disimpan.",
        "would_pass": "1 akan lulus",
        "finished": f"{OFFERING} telah diselesaikan; hasilnya telah disampaikan kepada peserta.",
        "numbered": "1 sertifikat telah diberi nomor; PDF-nya sedang disiapkan.",
        "issued": "Diterbitkan",
    },
    "en": {
        "training": "Training",
        "course_added": "The course was added.",
        "draft": "The offering was created as a draft: add its sessions, then publish it.",
        "clash_title": "This session clashes",
        "clash": f"Trainer {BUSY_TRAINER} already teaches {OTHER_OFFERING}",
        "session_added": "The session was added.",
        "published": "Published: employees can now see it and enroll within its window.",
        "roll_call_saved": "Attendance saved for 2 participants.",
        "scores_saved": "Test scores saved.",
        "would_pass": "1 would pass",
        "finished": f"{OFFERING} is finished; the participants have been told their results.",
        "numbered": "1 certificate numbered; its PDF is being prepared.",
        "issued": "Issued",
    },
}


@pytest.fixture(name="world")
def world_fixture(two_agencies):
    """A BKPSDM coordinator (who keeps the regency's catalog), a venue, two trainers of whom one
    teaches another class tomorrow at about this hour, and two teachers who will ask for a seat."""
    bkpsdm, school = two_agencies["bkpsdm"], two_agencies["school"]
    CertificateIssuerFactory(org_unit=bkpsdm)
    coordinator = UserFactory(username="koordinator")
    EmployeeFactory(user=coordinator, unit=bkpsdm, name="Hendra Gunawan")
    RoleAssignmentFactory(user=coordinator, role=Role.COORDINATOR, org_unit=bkpsdm)
    busy = TrainerFactory(name=BUSY_TRAINER)
    today, starts, ends = session_hours_now()
    tomorrow = today + datetime.timedelta(days=1)
    other = OfferingFactory(
        code=OTHER_OFFERING,
        owner_unit=bkpsdm,
        start_date=tomorrow,
        end_date=tomorrow,
        enroll_opens=today - datetime.timedelta(days=14),
        enroll_closes=today,
    )
    SessionFactory(offering=other, date=tomorrow, starts_at=starts, ends_at=ends, trainer=busy)
    participants = {}
    for name in (PASSES, FAILS):
        user = UserFactory(username=name.split()[0].lower())
        participants[name] = (user, EmployeeFactory(user=user, unit=school, name=name))
    return {
        "bkpsdm": bkpsdm,
        "venue": VenueFactory(name="Aula Utama BKPSDM", capacity=40),
        "busy": busy,
        "free": TrainerFactory(name=FREE_TRAINER),
        "tomorrow": tomorrow,
        "starts": starts,
        "ends": ends,
        "participants": participants,
    }


def _participants_ask_for_a_seat(world, offering) -> None:
    """The teachers' side (their pages are the ASN journey's): each asks to enroll."""
    for user, employee in world["participants"].values():
        enrollment_request(offering=offering, employee=employee, actor=user, source=EnrollmentSource.SELF)


def _message(page):
    return page.locator("ul.messages")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coordinator_from_new_course_to_issued_certificates(page, world, screenshots, lang):
    text = TEXT[lang]
    shot = screenshots("coordinator", lang)
    log_in(page, username="koordinator", lang=lang)

    # A new course in the catalog.
    nav(page, text["training"])
    page.locator("a[href='/training/courses/new/']").click()
    page.fill("#id_code", "pelayanan-publik-digital")
    page.fill("#id_title", COURSE)
    page.fill("#id_duration_jp", "20")
    page.fill("#id_provider", "BKPSDM Kabupaten Bungo")
    shot(page, "course-form")
    page.locator("form button[type=submit].primary").click()
    expect(_message(page)).to_contain_text(text["course_added"])
    expect(page.locator("h1")).to_have_text(COURSE)

    # Its first offering, tomorrow, requests approved by the coordinator.
    page.locator("a[href^='/training/offerings/new/?course=']").click()
    page.fill("#id_code", OFFERING)
    page.fill("#id_start_date", world["tomorrow"].isoformat())
    page.fill("#id_end_date", world["tomorrow"].isoformat())
    page.select_option("#id_venue", str(world["venue"].pk))
    page.fill("#id_enroll_closes", world["tomorrow"].isoformat())
    page.select_option("#id_owner_unit", str(world["bkpsdm"].pk))
    page.check("#id_requires_approval")
    shot(page, "offering-form")
    page.locator("form button[type=submit].primary").click()
    expect(_message(page)).to_contain_text(text["draft"])
    offering = Offering.objects.get(code=OFFERING)
    assert offering.status == OfferingStatus.DRAFT
    assert offering.course.title == COURSE

    # Its session: the trainer booked in another class at that hour is refused, with the clash named.
    page.locator(f"a[href='/training/offerings/{offering.pk}/sessions/new/']").click()
    expect(page.locator("#id_date")).to_have_value(world["tomorrow"].isoformat())
    page.fill("#id_starts_at", world["starts"].strftime("%H:%M"))
    page.fill("#id_ends_at", world["ends"].strftime("%H:%M"))
    page.fill("#id_topic", "Layanan publik berbasis elektronik")
    page.select_option("#id_trainer", str(world["busy"].pk))
    page.locator("form button[type=submit].primary").click()
    clash = page.locator(".clash-box")
    expect(clash).to_contain_text(text["clash_title"])
    expect(clash).to_contain_text(text["clash"])
    assert not Session.objects.filter(offering=offering).exists()
    shot(page, "clash-refused")
    page.select_option("#id_trainer", str(world["free"].pk))
    page.locator("form button[type=submit].primary").click()
    expect(_message(page)).to_contain_text(text["session_added"])
    expect(page.locator("table.cards-on-mobile")).to_contain_text(FREE_TRAINER)
    session = Session.objects.get(offering=offering)
    assert (session.trainer_id, session.starts_at) == (world["free"].pk, world["starts"])

    page.locator(f"form[action='/training/offerings/{offering.pk}/publish/'] button").click()
    expect(_message(page)).to_contain_text(text["published"])
    shot(page, "offering-published")

    # The requests arrive; the coordinator approves them on the roster.
    _participants_ask_for_a_seat(world, offering)
    page.locator(f"a[href='/training/offerings/{offering.pk}/roster/']").click()
    approve = page.locator("form[action$='/approve/'] button")
    awaiting = page.locator("section", has=approve)
    for name in (PASSES, FAILS):
        expect(awaiting.locator("tr", has_text=name)).to_have_count(1)
    shot(page, "requests")
    for _name in (PASSES, FAILS):
        with page.expect_navigation():
            approve.first.click()
    expect(approve).to_have_count(0)
    enrollments = {e.employee.name: e for e in Enrollment.objects.filter(offering=offering).select_related("employee")}
    assert {name: e.status for name, e in enrollments.items()} == {
        PASSES: EnrollmentStatus.ENROLLED,
        FAILS: EnrollmentStatus.ENROLLED,
    }
    shot(page, "approved")

    # The next day, during the session: the check-in screen, then the roll call.
    a_day_passes()
    page.goto(f"/training/offerings/{offering.pk}/")
    page.locator(f"a[href='/training/sessions/{session.pk}/checkin-screen/']").click()
    expect(page.locator(".checkin-url")).to_contain_text("/training/checkin/")
    expect(page.locator("#checkin-code svg")).to_be_visible()
    shot(page, "checkin-screen")
    page.locator(f"a[href='/training/sessions/{session.pk}/roll-call/']").click()
    page.check(f"input[name='mark_{enrollments[PASSES].pk}'][value='present']")
    page.check(f"input[name='mark_{enrollments[FAILS].pk}'][value='absent']")
    page.locator("button[name=action][value=save]").click()
    expect(_message(page)).to_contain_text(text["roll_call_saved"])
    expect(page.locator(f"input[name='mark_{enrollments[FAILS].pk}'][value='absent']")).to_be_checked()
    shot(page, "roll-call")

    # The post-test, on the results page.
    page.locator(f"nav.subnav a[href='/training/offerings/{offering.pk}/results/']").click()
    for name, pre, post in ((PASSES, "60", "85"), (FAILS, "55", "80")):
        pk = enrollments[name].pk
        page.fill(f"input[name='pre_{pk}']", pre)
        page.fill(f"input[name='post_{pk}']", post)
    page.locator("form.card button[type=submit].primary").click()
    expect(_message(page)).to_contain_text(text["scores_saved"])
    scores = dict(Enrollment.objects.filter(offering=offering).values_list("employee__name", "post_test"))
    assert scores == {PASSES: 85, FAILS: 80}
    shot(page, "scores")

    # After the last session the coordinator finishes the offering: attendance and post-test decide.
    a_day_passes()
    page.locator(f".pagehead a[href='/training/offerings/{offering.pk}/finish/']").click()
    expect(page.locator("h2", has_text=text["would_pass"])).to_be_visible()
    expect(page.locator(".grid.two section").first).to_contain_text(PASSES)
    expect(page.locator(".grid.two section").last).to_contain_text(FAILS)
    shot(page, "finish")
    page.locator("form.card button[type=submit].primary").click()
    expect(_message(page)).to_contain_text(text["finished"])
    statuses = dict(Enrollment.objects.filter(offering=offering).values_list("employee__name", "status"))
    assert statuses == {PASSES: EnrollmentStatus.COMPLETED, FAILS: EnrollmentStatus.NOT_COMPLETED}

    # Certificates: numbered for the one who passed, rendered (Celery inline, WeasyPrint), issued.
    page.locator(f".pagehead a[href='/training/certificates/offerings/{offering.pk}/']").click()
    page.locator(f"form[action='/training/certificates/offerings/{offering.pk}/issue/'] button").click()
    expect(_message(page)).to_contain_text(text["numbered"])
    certificate = Certificate.objects.get()
    assert certificate.enrollment_id == enrollments[PASSES].pk
    assert certificate.number == f"0001/STTP/BKPSDM/{timezone.localdate().year}"
    row = page.locator("tr", has_text=certificate.number)
    expect(row).to_contain_text(PASSES)
    expect(row).to_contain_text(text["issued"])
    expect(page.locator("tbody tr", has_text=FAILS)).to_have_count(0)
    shot(page, "certificates")
