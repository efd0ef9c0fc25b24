"""Public verification: by the QR link's code or by the PDF's hash; shows no more than needed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.people.choices import Role
from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from tests.factories import CertificateIssuerFactory, EmployeeFactory, completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(two_agencies, make_login, django_capture_on_commit_callbacks):
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    coordinator = make_login(
        unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"]
    )
    enrollment = completed_enrollment(employee=EmployeeFactory(name="Siti Aminah", birth_place="Muara Bungo"))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(enrollment=enrollment, actor=coordinator)
    certificate.refresh_from_db()
    return {"certificate": certificate, "coordinator": coordinator}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _page(client, certificate):
    response = client.get(reverse("certificate-verify", args=[certificate.code]))
    return response.status_code, response.content.decode()


def test_a_valid_certificate_shows_only_what_is_needed(english, issued):
    certificate = issued["certificate"]
    status, html = _page(english, certificate)
    assert status == 200
    assert "Valid" in html
    assert "Siti Aminah" in html
    assert certificate.number in html
    assert certificate.content["course_title"] in html
    nip = certificate.enrollment.employee.nip
    assert nip not in html
    assert f"{nip[:4]}•" in html
    assert nip[-3:] in html
    # Not needed to check authenticity, so not shown: birth place and date, rank, position, unit.
    for private in (
        "Muara Bungo",
        certificate.content["participant"]["birth_date"],
        certificate.content["participant"]["position"],
    ):
        assert private not in html


def test_a_revoked_certificate_says_so_with_date_and_reason(english, issued):
    certificate_revoke(certificate=issued["certificate"], actor=issued["coordinator"], reason="Nilai tidak sah")
    status, html = _page(english, issued["certificate"])
    assert status == 200
    assert "Revoked" in html
    assert "Nilai tidak sah" in html


def test_an_unknown_code_is_404(client):
    assert client.get(reverse("certificate-verify", args=["tidak-ada"])).status_code == 404


def _upload(client, content: bytes, name="sertifikat.pdf"):
    return client.post(
        reverse("certificate-verify-upload"), {"pdf": SimpleUploadedFile(name, content, "application/pdf")}
    )


def test_a_pdf_is_verified_by_its_hash(english, issued, django_capture_on_commit_callbacks):
    certificate = issued["certificate"]
    original = certificate.pdf.read()
    html = _upload(english, original).content.decode()
    assert "Valid" in html
    assert certificate.number in html
    # One changed byte: not ours.
    altered = original[:-10] + bytes([original[-10] ^ 1]) + original[-9:]
    assert "Not found" in _upload(english, altered).content.decode()
    # After a correction and re-issue the earlier file is recognised, as superseded.
    employee = certificate.enrollment.employee
    employee.name = "Siti Aminah Lubis"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reissue(certificate=certificate, actor=issued["coordinator"], reason="Pangkat diperbarui")
    assert "Superseded" in _upload(english, original).content.decode()


def test_only_pdfs_are_taken(english):
    response = _upload(english, b"GIF89a....", name="x.pdf")
    assert response.status_code == 200
    assert "This is not a PDF file." in response.content.decode()


def test_uploads_are_rate_limited(english, issued, settings):
    settings.CERTIFICATE_UPLOAD_RATE_LIMIT = 2
    pdf = issued["certificate"].pdf.read()
    assert [_upload(english, pdf).status_code for _ in range(3)] == [200, 200, 429]


def test_the_pages_need_no_login(client, issued):
    assert client.get(reverse("certificate-verify-upload")).status_code == 200
    assert _page(client, issued["certificate"])[0] == 200
