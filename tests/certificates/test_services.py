"""Issuing certificates: only for completions, once, numbered without gaps; revoking and re-issuing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.people.choices import Role
from certificates.models import Certificate, CertificateCounter, CertificateEvent
from certificates.services import (
    RenderError,
    certificate_issue,
    certificate_issue_offering,
    certificate_reissue,
    certificate_render,
    certificate_revoke,
)
from tests.factories import CertificateIssuerFactory, EnrollmentFactory, completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuer(two_agencies):
    return CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])


@pytest.fixture
def coordinator(make_login, two_agencies):
    return make_login(unit=two_agencies["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["bkpsdm"])


def _issue(enrollment, actor, capture):
    with capture(execute=True):
        return certificate_issue(enrollment=enrollment, actor=actor)


def test_a_completed_enrollment_gets_a_numbered_rendered_certificate(
    issuer, coordinator, django_capture_on_commit_callbacks
):
    enrollment = completed_enrollment()
    certificate = _issue(enrollment, coordinator, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    year = certificate.year
    assert certificate.number == f"0001/STTP/BKPSDM/{year}"
    assert certificate.status == "issued"
    assert len(certificate.sha256) == 64
    assert certificate.pdf.read().startswith(b"%PDF-")
    assert certificate.content["participant"]["nip"] == enrollment.employee.nip
    assert certificate.content["qualification"] == "Memuaskan"
    assert list(certificate.events.values_list("action", flat=True)) == ["numbered", "rendered"]


def test_issuing_twice_gives_the_same_certificate_and_number(issuer, coordinator, django_capture_on_commit_callbacks):
    enrollment = completed_enrollment()
    first = _issue(enrollment, coordinator, django_capture_on_commit_callbacks)
    second = _issue(enrollment, coordinator, django_capture_on_commit_callbacks)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert CertificateCounter.objects.get().last_seq == 1


def test_only_completions_earn_a_certificate(issuer, coordinator):
    for status in ("enrolled", "not_completed", "cancelled"):
        with pytest.raises(ValidationError):
            certificate_issue(enrollment=EnrollmentFactory(status=status), actor=coordinator)
    assert not Certificate.objects.exists()
    assert not CertificateCounter.objects.exists()


def test_a_coordinator_of_another_agency_may_not_issue(issuer, make_login, two_agencies):
    outsider = make_login(
        unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"]
    )
    enrollment = completed_enrollment()
    enrollment.offering.owner_unit = two_agencies["dikbud"]
    enrollment.offering.save()
    with pytest.raises(PermissionDenied):
        certificate_issue(enrollment=enrollment, actor=outsider)


def test_a_whole_offering_is_numbered_in_order_without_gaps(issuer, coordinator, django_capture_on_commit_callbacks):
    first = completed_enrollment()
    offering = first.offering
    others = [completed_enrollment(offering=offering) for _ in range(3)]
    EnrollmentFactory(offering=offering, status="not_completed")
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificate_issue_offering(offering=offering, actor=coordinator)
    assert sorted(c.seq for c in issued) == [1, 2, 3, 4]
    assert {c.enrollment_id for c in issued} == {first.pk, *(e.pk for e in others)}
    # Issuing the offering again adds nothing.
    assert len(certificate_issue_offering(offering=offering, actor=coordinator)) == 4
    assert CertificateCounter.objects.get().last_seq == 4


def test_a_custom_pattern_and_a_bad_one(issuer, coordinator):
    issuer.number_pattern = "{year}/BKPSDM/STTP/{seq:05d}"
    issuer.save()
    certificate = certificate_issue(enrollment=completed_enrollment(), actor=coordinator)
    assert certificate.number == f"{certificate.year}/BKPSDM/STTP/00001"
    issuer.number_pattern = "{nomor}/STTP"
    issuer.save()
    with pytest.raises(ValidationError):
        certificate_issue(enrollment=completed_enrollment(), actor=coordinator)


def test_a_failed_render_is_recorded_and_retried_to_completion(issuer, coordinator, monkeypatch):
    certificate = certificate_issue(enrollment=completed_enrollment(), actor=coordinator)
    from certificates import rendering

    real = rendering.render_certificate_pdf

    def broken(**kwargs):
        raise OSError("font cache unwritable")

    monkeypatch.setattr(rendering, "render_certificate_pdf", broken)
    with pytest.raises(RenderError):
        certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == ("failed", 1)
    assert "font cache unwritable" in certificate.error
    monkeypatch.setattr(rendering, "render_certificate_pdf", real)
    certificate = certificate_render(certificate_id=certificate.pk)
    assert (certificate.status, certificate.attempts, certificate.error) == ("issued", 2, "")
    # Rendering an issued certificate again changes nothing.
    digest = certificate.sha256
    assert certificate_render(certificate_id=certificate.pk).sha256 == digest
    assert CertificateEvent.objects.filter(certificate=certificate, action="rendered").count() == 1


def test_revoke_needs_a_reason_and_reissue_keeps_the_number_and_history(
    issuer, coordinator, django_capture_on_commit_callbacks
):
    certificate = _issue(completed_enrollment(), coordinator, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, actor=coordinator, reason=" ")
    certificate = certificate_revoke(certificate=certificate, actor=coordinator, reason="Nama peserta salah eja")
    assert certificate.status == "revoked"
    old_digest, number = certificate.sha256, certificate.number
    employee = certificate.enrollment.employee
    employee.name = "Siti Aminah Lubis"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reissue(certificate=certificate, actor=coordinator, reason="Nama diperbaiki")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.number) == ("issued", number)
    assert certificate.content["participant"]["name"].startswith("Siti Aminah Lubis")
    assert certificate.sha256 != old_digest
    assert list(certificate.events.values_list("action", flat=True)) == [
        "numbered",
        "rendered",
        "revoked",
        "reissued",
        "rendered",
    ]
    assert certificate.events.get(action="reissued").sha256 == old_digest


def test_only_its_coordinators_revoke(issuer, coordinator, make_login, two_agencies):
    certificate = certificate_issue(enrollment=completed_enrollment(), actor=coordinator)
    for user in (make_login(), make_login(roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"])):
        with pytest.raises(PermissionDenied):
            certificate_revoke(certificate=certificate, actor=user, reason="x")
