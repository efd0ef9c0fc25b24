"""Certificate pages: the ASN's own, an offering's for its coordinators (HR reads), downloads, ZIPs."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_render
from tests.factories import (
    EmployeeFactory,
    JpLedgerEntryFactory,
    completed_enrollment,
    finished_offering,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _as(client, user):
    client.force_login(user)
    return client


# --- The ASN's own ----------------------------------------------------------------------------


def test_my_certificates_lists_only_my_own(english, world):
    html = _as(english, world["asn"]).get(reverse("my-certificates")).content.decode()
    assert world["mine"].number in html
    assert world["theirs"].number not in html
    assert world["offering"].course.title in html
    assert reverse("certificate-download", args=[world["mine"].pk]) in html
    assert reverse("certificate-download", args=[world["theirs"].pk]) not in html


def test_an_asn_downloads_their_own_pdf(english, world):
    mine = world["mine"]
    response = _as(english, world["asn"]).get(reverse("certificate-download", args=[mine.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="STTP-{mine.number.replace("/", "-")}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == mine.pdf.open("rb").read()


def test_an_asn_cannot_download_anothers_certificate(english, world):
    response = _as(english, world["asn"]).get(reverse("certificate-download", args=[world["theirs"].pk]))
    assert response.status_code == 404


def test_a_coordinator_of_another_agency_cannot_download(english, world):
    response = _as(english, world["outsider"]).get(reverse("certificate-download", args=[world["mine"].pk]))
    assert response.status_code == 404


def test_a_pending_certificate_has_no_download(english, world, make_login):
    enrollment = completed_enrollment(offering=world["offering"], employee=make_login().employee)
    pending = certificate_issue(enrollment=enrollment, actor=world["coordinator"])
    english.force_login(world["coordinator"])
    assert english.get(reverse("certificate-download", args=[pending.pk])).status_code == 404


def test_my_training_shows_the_certificate_of_a_completed_course(english, world):
    html = _as(english, world["asn"]).get(reverse("my-training")).content.decode()
    assert reverse("certificate-download", args=[world["mine"].pk]) in html


def test_the_jp_ledger_links_the_certificate_as_evidence(english, world):
    mine = world["mine"]
    JpLedgerEntryFactory(
        employee=world["asn"].employee,
        enrollment=mine.enrollment,
        source="course",
        activity=None,
        title=world["offering"].course.title,
    )
    html = _as(english, world["asn"]).get(reverse("jp-progress"), {"year": 2026}).content.decode()
    assert reverse("certificate-download", args=[mine.pk]) in html
    assert mine.number in html


def test_the_nav_links_my_certificates(english, world):
    html = _as(english, world["asn"]).get(reverse("my-training")).content.decode()
    assert reverse("my-certificates") in html


# --- An offering's ----------------------------------------------------------------------------


def test_the_coordinator_sees_counts_and_every_certificate(english, world):
    html = _as(english, world["coordinator"]).get(reverse("offering-certificates", args=[world["offering"].pk]))
    html = html.content.decode()
    for certificate in (world["mine"], world["theirs"]):
        assert certificate.number in html
        assert reverse("certificate-revoke", args=[certificate.pk]) in html
    assert reverse("offering-certificates-zip", args=[world["offering"].pk]) in html


def test_hr_reads_but_does_not_manage(english, world):
    english.force_login(world["hr"])
    page = english.get(reverse("offering-certificates", args=[world["offering"].pk]))
    assert page.status_code == 200
    assert reverse("certificate-revoke", args=[world["mine"].pk]) not in page.content.decode()
    assert english.post(reverse("offering-certificates-issue", args=[world["offering"].pk])).status_code == 403
    revoke = english.post(reverse("certificate-revoke", args=[world["mine"].pk]), {"reason": "x"})
    assert revoke.status_code == 403


def test_an_asn_may_not_open_an_offerings_certificates(english, world):
    english.force_login(world["asn"])
    assert english.get(reverse("offering-certificates", args=[world["offering"].pk])).status_code == 403
    assert english.post(reverse("certificate-revoke", args=[world["mine"].pk]), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("name", "method", "target"),
    [
        ("offering-certificates", "get", "offering"),
        ("offering-certificates-issue", "post", "offering"),
        ("offering-certificates-zip", "get", "offering"),
        ("offering-certificates-zip", "post", "offering"),
        ("offering-certificates-zip-status", "get", "offering"),
        ("offering-certificates-csv", "get", "offering"),
        ("certificate-revoke", "post", "certificate"),
        ("certificate-reissue", "post", "certificate"),
        ("certificate-retry", "post", "certificate"),
    ],
)
def test_a_coordinator_of_another_agency_gets_404(english, world, name, method, target):
    pk = world["offering"].pk if target == "offering" else world["mine"].pk
    english.force_login(world["outsider"])
    response = getattr(english, method)(reverse(name, args=[pk]), {"reason": "Salah"} if method == "post" else {})
    assert response.status_code == 404
    world["mine"].refresh_from_db()
    assert world["mine"].status == "issued"


def test_issue_numbers_the_completed_participants_not_yet_numbered(english, world, make_login):
    late = completed_enrollment(offering=world["offering"], employee=make_login().employee)
    english.force_login(world["coordinator"])
    page = english.get(reverse("offering-certificates", args=[world["offering"].pk])).content.decode()
    assert "Issue certificates (1 completed participant)" in page
    response = english.post(reverse("offering-certificates-issue", args=[world["offering"].pk]), follow=True)
    assert "3 certificates numbered" in response.content.decode()
    assert Certificate.objects.get(enrollment=late).seq == 3
    # Again: nothing new.
    english.post(reverse("offering-certificates-issue", args=[world["offering"].pk]))
    assert Certificate.objects.count() == 3


def test_revoke_needs_a_reason(english, world):
    english.force_login(world["coordinator"])
    url = reverse("certificate-revoke", args=[world["mine"].pk])
    english.post(url, {"reason": ""})
    world["mine"].refresh_from_db()
    assert world["mine"].status == "issued"
    response = english.post(url, {"reason": "Nilai post-test salah input"}, follow=True)
    world["mine"].refresh_from_db()
    assert (world["mine"].status, world["mine"].revoke_reason) == ("revoked", "Nilai post-test salah input")
    assert "Nilai post-test salah input" in response.content.decode()
    # A revoked certificate is no longer given to its owner.
    english.force_login(world["asn"])
    assert english.get(reverse("certificate-download", args=[world["mine"].pk])).status_code == 404


def test_reissue_after_a_correction_keeps_the_number(english, world, django_capture_on_commit_callbacks):
    mine = world["mine"]
    employee = mine.enrollment.employee
    employee.name = "Nama Yang Dibetulkan"
    employee.save()
    english.force_login(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        english.post(reverse("certificate-reissue", args=[mine.pk]), {"reason": "Nama salah eja"})
    old_digest = mine.sha256
    mine.refresh_from_db()
    assert mine.status == "issued"
    assert mine.sha256 != old_digest
    assert mine.content["participant"]["name"].startswith("Nama Yang Dibetulkan")
    assert mine.number == world["mine"].number


def test_a_failed_render_shows_its_error_and_is_retried(
    english, world, make_login, monkeypatch, django_capture_on_commit_callbacks
):
    from certificates import rendering

    enrollment = completed_enrollment(offering=world["offering"], employee=make_login().employee)
    certificate = certificate_issue(enrollment=enrollment, actor=world["coordinator"])
    real = rendering.render_certificate_pdf

    def broken(**kwargs):
        raise OSError("logo file missing")

    monkeypatch.setattr(rendering, "render_certificate_pdf", broken)
    with pytest.raises(Exception, match="logo file missing"):
        certificate_render(certificate_id=certificate.pk)
    english.force_login(world["coordinator"])
    page = english.get(reverse("offering-certificates", args=[world["offering"].pk])).content.decode()
    assert "logo file missing" in page
    assert reverse("certificate-retry", args=[certificate.pk]) in page
    monkeypatch.setattr(rendering, "render_certificate_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        english.post(reverse("certificate-retry", args=[certificate.pk]))
    certificate.refresh_from_db()
    assert (certificate.status, certificate.error) == ("issued", "")
    # Only a failed one is retried.
    response = english.post(reverse("certificate-retry", args=[certificate.pk]), follow=True)
    assert "Only a certificate whose render failed can be retried." in response.content.decode()


def _zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _expected_members(world) -> dict[str, bytes]:
    return {f"STTP-{c.number.replace('/', '-')}.pdf": c.pdf.open("rb").read() for c in (world["mine"], world["theirs"])}


def test_a_small_class_zip_is_built_in_the_request_with_each_pdf(english, world):
    english.force_login(world["coordinator"])
    response = english.get(reverse("offering-certificates-zip", args=[world["offering"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert _zip_members(b"".join(response.streaming_content)) == _expected_members(world)


def test_a_revoked_certificate_is_left_out_of_the_zip(english, world):
    english.force_login(world["coordinator"])
    english.post(reverse("certificate-revoke", args=[world["theirs"].pk]), {"reason": "Tidak hadir"})
    response = english.get(reverse("offering-certificates-zip", args=[world["offering"].pk]))
    assert list(_zip_members(b"".join(response.streaming_content))) == [
        f"STTP-{world['mine'].number.replace('/', '-')}.pdf"
    ]


def test_a_large_class_zip_is_built_in_the_background(english, world, settings, django_capture_on_commit_callbacks):
    settings.CERTIFICATE_ZIP_INLINE_MAX = 1
    offering = world["offering"]
    english.force_login(world["coordinator"])
    page = english.get(reverse("offering-certificates", args=[offering.pk])).content.decode()
    assert reverse("offering-certificates-zip-status", args=[offering.pk]) in page
    status = english.get(reverse("offering-certificates-zip-status", args=[offering.pk])).content.decode()
    assert "Prepare a ZIP of 2 PDFs" in status
    # Asked for before it is built: back to the page, nothing served.
    assert english.get(reverse("offering-certificates-zip", args=[offering.pk])).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        asked = english.post(reverse("offering-certificates-zip", args=[offering.pk]), HTTP_HX_REQUEST="true")
        # The task runs once the request's transaction commits: until then the box polls.
        assert "is being prepared" in asked.content.decode()
        assert 'hx-trigger="every 3s"' in asked.content.decode()
    polled = english.get(reverse("offering-certificates-zip-status", args=[offering.pk])).content.decode()
    assert "Download the ZIP (2 PDFs)" in polled
    assert "every 3s" not in polled
    stored = [name for name in default_storage.listdir(f"certificate-zips/{offering.pk}")[1] if name.endswith(".zip")]
    assert len(stored) == 1
    # Unguessable: an HMAC, not the offering's code or a counter.
    assert offering.code not in stored[0]
    assert len(stored[0]) > 40
    response = english.get(reverse("offering-certificates-zip", args=[offering.pk]))
    assert response.status_code == 200
    assert _zip_members(b"".join(response.streaming_content)) == _expected_members(world)
    # Another reader's ZIP is their own build.
    english.force_login(world["hr"])
    status = english.get(reverse("offering-certificates-zip-status", args=[offering.pk])).content.decode()
    assert "Prepare a ZIP" in status


def test_a_changed_set_of_certificates_needs_a_new_zip(english, world, settings, django_capture_on_commit_callbacks):
    settings.CERTIFICATE_ZIP_INLINE_MAX = 0
    offering = world["offering"]
    english.force_login(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        english.post(reverse("offering-certificates-zip", args=[offering.pk]))
    english.post(reverse("certificate-revoke", args=[world["theirs"].pk]), {"reason": "Tidak hadir"})
    status = english.get(reverse("offering-certificates-zip-status", args=[offering.pk])).content.decode()
    assert "Prepare a ZIP of 1 PDF" in status
    with django_capture_on_commit_callbacks(execute=True):
        english.post(reverse("offering-certificates-zip", args=[offering.pk]))
    # The earlier ZIP (with the revoked PDF) is gone.
    files = default_storage.listdir(f"certificate-zips/{offering.pk}")[1]
    assert len([name for name in files if name.endswith(".zip")]) == 1


@pytest.mark.parametrize("participants", [2, 6])
def test_the_offering_page_query_count_is_constant(english, world, participants, django_assert_num_queries):
    offering = world["offering"]
    for _index in range(participants - 2):
        certificate_issue(
            enrollment=completed_enrollment(offering=offering, employee=EmployeeFactory()), actor=world["coordinator"]
        )
    english.force_login(world["coordinator"])
    # 1 session, 2 user, 3 employee record, 4 roles, 5 the offering, 6 its certificates with employees,
    # 7 completed participants not numbered yet.
    with django_assert_num_queries(7):
        assert english.get(reverse("offering-certificates", args=[offering.pk])).status_code == 200


@pytest.mark.parametrize("certificates", [1, 4])
def test_my_certificates_query_count_is_constant(english, world, certificates, django_assert_num_queries):
    asn = world["asn"]
    for _index in range(certificates - 1):
        _offering, (enrollment,) = finished_offering(owner_unit=world["offering"].owner_unit, employees=[asn.employee])
        certificate_issue(enrollment=enrollment, actor=world["coordinator"])
    english.force_login(asn)
    # 1 session, 2 user, 3 employee record, 4 roles, 5 the certificates with offering and course.
    with django_assert_num_queries(5):
        assert english.get(reverse("my-certificates")).status_code == 200
