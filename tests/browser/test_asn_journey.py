"""The ASN's journey: from a weak indicator to a verified certificate, in the browser.

Logs in, sees the weak indicator and the course suggested for it with its reason, enrolls with one
click, checks in through the QR link while the session is under way, fills in the reaction survey
once the class is over, downloads the certificate and checks it on the public verification page.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from backend.people.choices import Role
from certificates.models import Certificate
from certificates.services import certificate_issue_offering
from lms import checkin
from lms.choices import AttendanceMethod, EnrollmentStatus
from lms.models import Attendance, Enrollment, ReactionAnswer, ReactionReceipt
from lms.services.completion import enrollment_scores_save, offering_finish
from lms.services.suggestions import suggestions_compute
from tests.browser.steps import LANGUAGES, a_day_passes, choose_language, log_in, nav, session_hours_now
from tests.factories import (
    CertificateIssuerFactory,
    CourseFactory,
    CourseIndicatorFactory,
    EmployeeFactory,
    IndicatorFactory,
    OfferingFactory,
    PeriodFactory,
    RoleAssignmentFactory,
    ScoreFactory,
    SessionFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Rina Marlina"
INDICATOR = "Cakupan pemeriksaan ibu hamil"
COURSE = "Pelayanan Antenatal Terpadu"
TRAINER = "dr. Sri Wahyuni"

# What the pages say in each language (the Indonesian from locale/id/LC_MESSAGES/django.po).
TEXT = {
    "id": {
        "my_performance": "Kinerja saya",
        "suggested": "Saran pelatihan",
        "my_training": "Pelatihan saya",
        "my_certificates": "Sertifikat saya",
        "weak_value": "62,0",
        "gap": "kurang 38,0 poin dari target",
        "reason": f"Capaian “{INDICATOR}” 62 % dari target",
        "enrolled": "Anda sudah terdaftar.",
        "confirm": "Konfirmasi kehadiran saya",
        "present": "Tercatat: hadir.",
        "fill_in": "Isi evaluasi",
        "send": "Kirim evaluasi",
        "thanks": f"Terima kasih: evaluasi Anda atas {COURSE} telah tercatat tanpa nama Anda.",
        "download": "Unduh PDF",
        "verify_link": "Halaman verifikasi",
        "valid": "Sah",
    },
    "en": {
        "my_performance": "My performance",
        "suggested": "Suggested training",
        "my_training": "My training",
        "my_certificates": "My certificates",
        "weak_value": "62.0",
        "gap": "38.0 points short of target",
        "reason": f"Achievement of “{INDICATOR}” is 62 % of target",
        "enrolled": "You are enrolled.",
        "confirm": "Confirm my attendance",
        "present": "Recorded: present.",
        "fill_in": "Fill in the evaluation",
        "send": "Send the evaluation",
        "thanks": f"Thank you: your evaluation of {COURSE} is recorded, without your name.",
        "download": "Download PDF",
        "verify_link": "Verification page",
        "valid": "Valid",
    },
}


@pytest.fixture(name="world")
def world_fixture(two_agencies):
    """An ASN of a puskesmas at 62 % on an indicator; a course for it with a class tomorrow at about
    this hour, open for enrollment; suggestions computed as each night."""
    dinkes = two_agencies["dinkes"]
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    user = UserFactory(username="rina")
    employee = EmployeeFactory(user=user, name=NAME, unit=two_agencies["puskesmas"])
    coordinator = UserFactory(username="koordinator-dinkes")
    EmployeeFactory(user=coordinator, unit=dinkes)
    RoleAssignmentFactory(user=coordinator, role=Role.COORDINATOR, org_unit=dinkes)
    indicator = IndicatorFactory(name=INDICATOR, org_unit=dinkes)
    ScoreFactory(employee=employee, indicator=indicator, period=PeriodFactory(year=2025, number=4), realisasi=62)
    course = CourseFactory(title=COURSE, code="anc-terpadu")
    CourseIndicatorFactory(course=course, indicator=indicator)
    today, starts, ends = session_hours_now()
    date = today + datetime.timedelta(days=1)
    offering = OfferingFactory(
        course=course,
        code="anc-terpadu-1",
        owner_unit=dinkes,
        venue=VenueFactory(name="Aula Dinas Kesehatan"),
        capacity=20,
        start_date=date,
        end_date=date,
        enroll_opens=today - datetime.timedelta(days=14),
        enroll_closes=date,
    )
    session = SessionFactory(
        offering=offering,
        date=date,
        starts_at=starts,
        ends_at=ends,
        topic="Pemeriksaan antenatal terpadu",
        trainer=TrainerFactory(name=TRAINER),
    )
    suggestions_compute(trigger="nightly")
    return {"employee": employee, "coordinator": coordinator, "offering": offering, "session": session}


def _coordinator_closes_the_class(world) -> None:
    """What the coordinator does between the ASN's steps (their pages are the coordinator journey's):
    the post-test, the night that ends the class, finishing it and issuing the certificates."""
    offering, coordinator = world["offering"], world["coordinator"]
    enrollment = Enrollment.objects.get(offering=offering, employee=world["employee"])
    enrollment_scores_save(offering=offering, scores={enrollment.pk: ("60", "85")}, actor=coordinator)
    a_day_passes()
    offering_finish(offering=offering, actor=coordinator)
    # Numbering queues the render on commit; Celery runs inline in the tests, WeasyPrint draws the PDF.
    certificate_issue_offering(offering=offering, actor=coordinator)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_asn_from_weak_indicator_to_verified_certificate(page, live_server, world, screenshots, lang):
    text = TEXT[lang]
    shot = screenshots("asn", lang)

    log_in(page, username="rina", lang=lang)
    # The home page loads the suggestions by htmx, each with its reason.
    home_suggestions = page.locator("section[aria-labelledby=home-suggestions]")
    expect(home_suggestions).to_contain_text(COURSE)
    expect(home_suggestions).to_contain_text(text["reason"])
    shot(page, "home")

    nav(page, text["my_performance"])
    expect(page.locator("td.weak").first).to_have_text(text["weak_value"])
    gap = page.locator("ul.gaps li", has_text=INDICATOR)
    expect(gap).to_contain_text(text["gap"])
    shot(page, "weak-indicator")

    nav(page, text["suggested"])
    card = page.locator("article.suggestion", has_text=COURSE)
    expect(card.locator(".suggestion-why")).to_contain_text(text["reason"])
    expect(card).to_contain_text("anc-terpadu-1")
    shot(page, "suggestion")
    card.locator("form[action$='/enroll/'] button[type=submit]").click()
    expect(card).to_contain_text(text["enrolled"])
    enrollment = Enrollment.objects.get(offering=world["offering"], employee=world["employee"])
    assert enrollment.status == EnrollmentStatus.ENROLLED
    shot(page, "enrolled")

    # The next day, during the session, the phone scans the QR code on the room's screen: it
    # encodes this address (lms.views.attendance.checkin_screen builds it the same way).
    a_day_passes()
    token = checkin.checkin_token(world["session"])
    page.goto(live_server.url + reverse("checkin", kwargs={"token": token}))
    expect(page.locator(".checkin-card")).to_contain_text(COURSE)
    page.get_by_role("button", name=text["confirm"]).click()
    expect(page.locator(".checkin-result")).to_have_text(re.compile(re.escape(text["present"])))
    assert Attendance.objects.get(enrollment=enrollment).method == AttendanceMethod.QR
    shot(page, "checked-in")

    _coordinator_closes_the_class(world)
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.status == "issued"

    nav(page, text["my_training"])
    pending = page.locator("#reaction-pending")
    expect(pending).to_contain_text(COURSE)
    pending.get_by_role("link", name=text["fill_in"]).click()
    expect(page.locator("form h2", has_text=TRAINER)).to_be_visible()
    # Every item of the organisation and of the trainer, "4" each; the comment is optional.
    for group in page.locator("table.reaction-scale tbody tr").all():
        group.locator("input[type=radio][value='4']").check()
    page.locator("textarea[name=comment]").fill("Materi sangat bermanfaat untuk puskesmas.")
    shot(page, "evaluation")
    page.get_by_role("button", name=text["send"]).click()
    expect(page.locator("ul.messages")).to_contain_text(text["thanks"])
    assert ReactionReceipt.objects.filter(enrollment=enrollment).exists()
    assert set(ReactionAnswer.objects.values_list("score", flat=True)) == {4}
    # Answered once: the box of surveys to fill in (loaded by htmx) no longer offers it.
    page.wait_for_load_state("networkidle")
    expect(page.locator("#reaction-pending")).to_have_count(0)

    nav(page, text["my_certificates"])
    row = page.locator("tr", has_text=certificate.number)
    expect(row).to_contain_text(COURSE)
    shot(page, "certificates")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=text["download"]).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    words = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
    assert NAME in words
    assert certificate.number in words

    row.get_by_role("link", name=text["verify_link"]).click()
    assert page.url.endswith(reverse("certificate-verify", kwargs={"code": certificate.code}))
    # Whoever scans the printed QR code has no login (nor a language chosen): the page answers them too.
    page.context.clear_cookies()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    if lang != "id":
        choose_language(page, lang)
    expect(page.locator("p.status")).to_contain_text(text["valid"])
    expect(page.locator("body")).to_contain_text(NAME)
    expect(page.locator("body")).to_contain_text(certificate.number)
    shot(page, "verified")
