"""The SIASN course-history CSV: per offering for its coordinators, per employee for themselves."""

import csv
import io

import pytest
from django.urls import reverse

from backend.people.choices import Role
from certificates.services import certificate_issue, certificate_issue_offering, certificate_revoke
from tests.factories import CertificateIssuerFactory, EmployeeFactory, completed_enrollment, finished_offering

pytestmark = pytest.mark.django_db

COURSE_COLUMNS = ["Course name", "Organiser", "Hours (JP)", "Certificate number", "Start date", "End date", "Type"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(two_agencies, make_login, django_capture_on_commit_callbacks):
    CertificateIssuerFactory(org_unit=two_agencies["bkpsdm"])
    dikbud = two_agencies["dikbud"]
    coordinator = make_login(unit=dikbud, roles=[Role.COORDINATOR], coordinator_unit=dikbud)
    asn = make_login(unit=two_agencies["school"])
    offering, _enrollments = finished_offering(
        owner_unit=dikbud,
        employees=[asn.employee, EmployeeFactory(name="Budi Santoso"), EmployeeFactory(name="Citra Lestari")],
        course__title="Pelayanan Prima",
        course__type="teknis",
        course__duration_minutes=900,
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificates = certificate_issue_offering(offering=offering, actor=coordinator)
    return {"coordinator": coordinator, "asn": asn, "offering": offering, "certificates": certificates}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_offering_file_has_a_row_per_issued_certificate(english, world, make_login):
    offering = world["offering"]
    revoked = world["certificates"][2]
    certificate_revoke(certificate=revoked, actor=world["coordinator"], reason="Nilai tidak sah")
    # Numbered but not rendered yet: no document to record.
    pending = certificate_issue(
        enrollment=completed_enrollment(offering=offering, employee=make_login().employee), actor=world["coordinator"]
    )
    english.force_login(world["coordinator"])
    response = english.get(reverse("offering-certificates-csv", args=[offering.pk]))
    assert f"siasn-kursus-{offering.code}.csv" in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header == ["NIP", "Name", *COURSE_COLUMNS]
    issued = [c for c in world["certificates"] if c.pk != revoked.pk]
    assert sorted(row[5] for row in rows) == sorted(c.number for c in issued)
    assert pending.number not in {row[5] for row in rows}
    by_number = {row[5]: row for row in rows}
    for certificate in issued:
        certificate.refresh_from_db()
        nip, name, course, organiser, hours, _number, start, end, kind = by_number[certificate.number]
        assert (nip, name) == (
            certificate.content["participant"]["nip"],
            certificate.content["participant"]["name"],
        )
        assert (course, hours, start, end, kind) == (
            "Pelayanan Prima",
            "20",
            "2026-03-10",
            "2026-03-12",
            "Technical training",
        )
        assert organiser == "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"


def test_my_file_has_only_my_courses_without_nip_columns(english, world):
    english.force_login(world["asn"])
    header, *rows = _rows(english.get(reverse("my-certificates-csv")))
    assert header == COURSE_COLUMNS
    mine = next(c for c in world["certificates"] if c.enrollment.employee_id == world["asn"].employee.pk)
    assert [row[3] for row in rows] == [mine.number]


def test_a_fractional_jp_is_written_with_a_dot(english, world, django_capture_on_commit_callbacks):
    offering, (enrollment,) = finished_offering(
        owner_unit=world["offering"].owner_unit, employees=[world["asn"].employee], course__duration_minutes=100
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(enrollment=enrollment, actor=world["coordinator"])
    english.force_login(world["coordinator"])
    _header, row = _rows(english.get(reverse("offering-certificates-csv", args=[offering.pk])))
    assert row[4] == "2.22"


def test_the_offering_file_is_for_its_coordinators_and_hr(english, world, make_login, two_agencies):
    url = reverse("offering-certificates-csv", args=[world["offering"].pk])
    english.force_login(world["asn"])
    assert english.get(url).status_code == 403
    english.force_login(make_login(roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"]))
    assert english.get(url).status_code == 404
    english.force_login(make_login(roles=[Role.HR_ANALYST]))
    assert len(_rows(english.get(url))) == 4


def test_a_login_without_an_employee_record_has_no_file(english, world):
    from tests.factories import UserFactory

    english.force_login(UserFactory())
    assert english.get(reverse("my-certificates-csv")).status_code == 404
