"""Every upload path checks the file's real type and its size (backend.common.uploads).

Per path: a file of another type renamed to an accepted extension is refused, a file over the
limit is refused, and the right file passes.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from backend.appraisal.models import Score
from backend.people.choices import Role
from certificates.models import CertificateIssuer
from lms.models import Attendance, ExternalActivity
from tests.factories import (
    CertificateIssuerFactory,
    EmployeeFactory,
    IndicatorFactory,
    PeriodFactory,
    ScoreFactory,
    running_offering,
)
from tests.upload_files import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SVG_PLAIN,
    oversized,
    svg,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

# --- Appraisal score evidence --------------------------------------------------------------


@pytest.fixture
def score_world(two_agencies, make_login, settings):
    settings.APPRAISAL_EVIDENCE_MAX_MB = 1
    pegawai = make_login(unit=two_agencies["puskesmas"])
    period = PeriodFactory(year=2025, number=4)
    indicator = IndicatorFactory(org_unit=two_agencies["dinkes"])
    return {"pegawai": pegawai, "score": ScoreFactory(employee=pegawai.employee, indicator=indicator, period=period)}


SCORE_CASES = [
    ("laporan.pdf", PNG_BYTES, False),
    ("foto.png", EXE_BYTES, False),
    ("laporan.pdf", oversized(PDF_BYTES, 1), False),
    ("laporan.pdf", PDF_BYTES, True),
    ("foto.jpg", JPEG_BYTES, True),
]


@pytest.mark.parametrize(("name", "content", "kept"), SCORE_CASES)
def test_score_evidence_page(client, score_world, name, content, kept):
    client.force_login(score_world["pegawai"])
    score = score_world["score"]
    response = client.post(reverse("score-evidence", args=[score.pk]), {"evidence_file": upload(name, content)})
    assert response.status_code == 302
    assert bool(Score.objects.get(pk=score.pk).evidence_file) is kept


@pytest.mark.parametrize(("name", "content", "kept"), SCORE_CASES)
def test_score_evidence_api(api_client, score_world, name, content, kept):
    api_client.force_authenticate(score_world["pegawai"])
    score = score_world["score"]
    response = api_client.post(
        f"/api/v1/scores/{score.pk}/evidence/", {"evidence_file": upload(name, content)}, format="multipart"
    )
    assert response.status_code == (200 if kept else 400), response.content
    if not kept:
        assert "evidence_file" in response.json()
    assert bool(Score.objects.get(pk=score.pk).evidence_file) is kept


# --- JP claim evidence ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kept"),
    [
        ("sertifikat.pdf", JPEG_BYTES, False),
        ("sertifikat.png", oversized(PNG_BYTES, 1), False),
        ("sertifikat.png", PNG_BYTES, True),
    ],
)
def test_jp_claim_evidence_api(api_client, two_agencies, make_login, settings, name, content, kept):
    settings.LMS_EVIDENCE_MAX_MB = 1
    pegawai = make_login(unit=two_agencies["puskesmas"])
    api_client.force_authenticate(pegawai)
    payload = {
        "kind": "seminar",
        "title": "Seminar Nasional Kesehatan Masyarakat",
        "organiser": "Kementerian Kesehatan",
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "evidence_file": upload(name, content),
    }
    response = api_client.post("/api/v1/external-activities/", payload, format="multipart")
    assert response.status_code == (201 if kept else 400), response.content
    assert ExternalActivity.objects.exists() is kept


# --- Imports ---------------------------------------------------------------------------------


@pytest.fixture
def import_world(two_agencies, make_login, settings):
    settings.IMPORT_MAX_MB = 1
    people = [EmployeeFactory(unit=two_agencies["school"], name=name) for name in ("Ani", "Budi")]
    offering, _enrollments = running_offering(owner_unit=two_agencies["dikbud"], participants=people, sessions=1)
    dikbud = two_agencies["dikbud"]
    return {
        "people": people,
        "offering": offering,
        "coordinator": make_login(unit=dikbud, roles=[Role.COORDINATOR], coordinator_unit=dikbud),
        "hr": make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST]),
    }


def _import_pages(world):
    offering = world["offering"]
    ani = world["people"][0]
    return {
        "appraisal-scores": (
            world["hr"],
            reverse("import-upload", args=["scores"]),
            [["nip", "indikator", "periode", "target", "realisasi"], [ani.nip, "x", "2025-Q2", "100", "90"]],
        ),
        "attendance": (
            world["coordinator"],
            reverse("offering-attendance-import", kwargs={"pk": offering.pk}),
            [["nip", "tanggal", "jam_mulai", "status"], [ani.nip, offering.start_date.isoformat(), "08:00", "hadir"]],
        ),
        "test-scores": (
            world["coordinator"],
            reverse("offering-scores-import", kwargs={"pk": offering.pk}),
            [["nip", "pre_test", "post_test"], [ani.nip, "40", "75"]],
        ),
    }


def _csv(rows) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode() + b"\n"


@pytest.mark.parametrize("page", ["appraisal-scores", "attendance", "test-scores"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.csv", EXE_BYTES),
        ("data.csv", PNG_BYTES),
        ("data.xlsx", b"nip,nilai\n1980,90\n"),
        ("data.xlsx", PDF_BYTES),
        ("data.csv", oversized(b"nip,nilai\n", 1)),
        ("data.exe", b"nip,nilai\n"),
    ],
    ids=["exe-as-csv", "png-as-csv", "csv-as-xlsx", "pdf-as-xlsx", "too-large", "wrong-extension"],
)
def test_an_import_refuses_the_wrong_file_before_reading_it(client, import_world, page, name, content):
    user, url, _rows = _import_pages(import_world)[page]
    client.force_login(user)
    response = client.post(url, {"file": upload(name, content), "preview_only": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["result"] is None


@pytest.mark.parametrize("page", ["appraisal-scores", "attendance", "test-scores"])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_import_reads_the_right_file(client, import_world, page, extension):
    user, url, rows = _import_pages(import_world)[page]
    client.force_login(user)
    content = _csv(rows) if extension == "csv" else xlsx_bytes(rows)
    response = client.post(url, {"file": upload(f"data.{extension}", content), "preview_only": "on"})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["result"] is not None  # parsed and checked (the rows may have errors of their own)
    assert not Attendance.objects.exists()  # a preview writes nothing


def test_an_old_excel_file_is_named_as_such(client, import_world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user, url, _rows = _import_pages(import_world)["attendance"]
    client.force_login(user)
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    response = client.post(url, {"file": upload("absen.csv", xls), "preview_only": "on"})
    assert "old Excel .xls file" in response.context["form"].errors["file"][0]


# --- Certificate issuer logo and signature (admin) -------------------------------------------


@pytest.fixture
def issuer_admin(client, settings):
    settings.CERTIFICATE_IMAGE_MAX_MB = 1
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "secret-pass-123")
    client.force_login(admin)
    return CertificateIssuerFactory()


def _issuer_form(issuer, **files):
    data = {
        "org_unit": issuer.org_unit_id,
        "name": issuer.name,
        "parent_name": issuer.parent_name,
        "city": issuer.city,
        "signatory_name": issuer.signatory_name,
        "signatory_nip": issuer.signatory_nip,
        "signatory_position": issuer.signatory_position,
        "number_pattern": issuer.number_pattern,
        "outline_page": "on",
    }
    return {**data, **files}


@pytest.mark.parametrize(
    ("field", "name", "content", "kept"),
    [
        ("logo", "logo.png", PNG_BYTES, True),
        ("logo", "logo.svg", SVG_PLAIN, True),
        ("logo", "logo.png", JPEG_BYTES, False),
        ("logo", "logo.svg", PNG_BYTES, False),
        ("logo", "logo.svg", svg('<script>alert("x")</script>'), False),
        ("logo", "logo.jpg", JPEG_BYTES, False),
        ("logo", "logo.png", PNG_BYTES[:40], False),
        ("logo", "logo.png", oversized(PNG_BYTES, 1), False),
        ("signature_image", "ttd.png", PNG_BYTES, True),
        ("signature_image", "ttd.svg", SVG_PLAIN, False),
        ("signature_image", "ttd.png", PDF_BYTES, False),
    ],
)
def test_issuer_images_in_the_admin(client, issuer_admin, field, name, content, kept):
    url = reverse("admin:certificates_certificateissuer_change", args=[issuer_admin.pk])
    response = client.post(url, _issuer_form(issuer_admin, **{field: upload(name, content)}))
    stored = getattr(CertificateIssuer.objects.get(pk=issuer_admin.pk), field)
    if kept:
        assert response.status_code == 302
        assert stored.name.endswith(name[name.rfind(".") :])
    else:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors[field]
        assert not stored


# --- Public verification by upload -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("sertifikat.pdf", PNG_BYTES, False),
        ("sertifikat.pdf", oversized(PDF_BYTES, 1), False),
        ("sertifikat.png", PNG_BYTES, False),
        ("sertifikat.pdf", PDF_BYTES, True),
    ],
)
def test_public_verification_upload(client, settings, name, content, accepted):
    settings.CERTIFICATE_VERIFY_MAX_MB = 1
    response = client.post(reverse("certificate-verify-upload"), {"pdf": upload(name, content)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_valid() is accepted
    # A PDF that is not ours is checked (and not found); a refused file is never hashed.
    assert response.context.get("checked", False) is accepted
