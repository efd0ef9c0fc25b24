"""Pages of the JP ledger: my JP, claim form and preview, review, evidence, compliance, shortfall, JP table."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.people.choices import Role
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry
from lms.services.ledger import external_activity_submit
from tests.factories import EmployeeFactory, ExternalActivityFactory, JpLedgerEntryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
YEAR = 2026


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    pegawai = make_login(unit=u["puskesmas"], username="pegawai")
    teacher = EmployeeFactory(unit=u["school"], name="Eka Guru")
    JpLedgerEntryFactory(employee=pegawai.employee, minutes=360, title="Seminar Gizi Balita")
    pppk = make_login(unit=u["puskesmas"], username="pppk")
    type(pppk.employee).objects.filter(pk=pppk.employee.pk).update(
        employment_type="PPPK", nip="198504122022211999", grade="IX"
    )
    pppk.employee.refresh_from_db()
    return {
        **u,
        "pegawai": pegawai,
        "teacher": teacher,
        "pppk": pppk,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "admin": make_login(unit=u["bkpsdm"], roles=[Role.ADMINISTRATOR], username="admin"),
        "koord_dinkes": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="kk"
        ),
        "koord_dikbud": make_login(
            unit=u["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
    }


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def claim_with_file(user):
    return external_activity_submit(
        employee=user.employee,
        actor=user,
        kind="workshop",
        title="Workshop Manajemen Puskesmas",
        organiser="Dinas Kesehatan Provinsi Jambi",
        start_date=datetime.date(YEAR, 3, 10),
        end_date=datetime.date(YEAR, 3, 10),
        evidence_file=SimpleUploadedFile("sertifikat.pdf", PDF),
    )


# --- My JP ----------------------------------------------------------------------------------------------


def test_my_jp_shows_progress_entries_claims_form_and_table(english, world):
    ExternalActivityFactory(employee=world["pegawai"].employee, title="Coaching Kepemimpinan", kind="coaching")
    english.force_login(world["pegawai"])
    response = english.get(reverse("jp-progress"), {"year": YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="jp-progress"' in page
    assert "of 20 JP" in page
    assert "12 JP still to go" in page
    assert "Seminar Gizi Balita" in page
    assert "Coaching Kepemimpinan" in page
    assert 'enctype="multipart/form-data"' in page
    assert "Secondment (detasering)" in page  # the conversion table
    assert "/media/" not in page


def test_pppk_sees_the_cap(english, world):
    JpLedgerEntryFactory(employee=world["pppk"].employee, minutes=1200)
    english.force_login(world["pppk"])
    page = english.get(reverse("jp-progress"), {"year": YEAR}).content.decode()
    assert "of at most 24 JP (PPPK)" in page
    assert "26,7 JP earned" in page


def test_submitting_a_claim_from_the_page(english, world):
    english.force_login(world["pegawai"])
    response = english.post(
        f"{reverse('jp-progress')}?year={YEAR}",
        {
            "kind": "seminar",
            "title": "Seminar Nasional Stunting",
            "organiser": "BKKBN",
            "start_date": "2026-04-01",
            "end_date": "2026-04-02",
            "evidence_file": SimpleUploadedFile("sertifikat.pdf", PDF),
        },
    )
    assert response.status_code == 302
    activity = ExternalActivity.objects.get(title="Seminar Nasional Stunting")
    assert activity.claimed_minutes == 8 * 45
    assert activity.employee == world["pegawai"].employee


def test_a_bad_file_is_shown_on_the_form(english, world):
    english.force_login(world["pegawai"])
    response = english.post(
        reverse("jp-progress"),
        {
            "kind": "seminar",
            "title": "Seminar",
            "organiser": "BKKBN",
            "start_date": "2026-04-01",
            "end_date": "2026-04-01",
            "evidence_file": SimpleUploadedFile("sertifikat.pdf", b"GIF89a not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "not the PDF its name says" in response.content.decode()
    assert not ExternalActivity.objects.filter(title="Seminar").exists()


def test_preview_shows_the_jp_a_claim_would_earn(english, world):
    english.force_login(world["pegawai"])
    params = {"kind": "seminar", "start_date": "2026-04-01", "end_date": "2026-04-02"}
    assert "<strong>8 JP</strong>" in english.get(reverse("jp-preview"), params).content.decode()
    params = {"kind": "e_learning", "start_date": "2026-04-01", "end_date": "2026-04-01", "units": "10"}
    assert "<strong>3 JP</strong>" in english.get(reverse("jp-preview"), params).content.decode()
    params["is_international"] = "on"
    assert "<strong>3,6 JP</strong>" in english.get(reverse("jp-preview"), params).content.decode()
    assert "Choose the activity" in english.get(reverse("jp-preview"), {"kind": "seminar"}).content.decode()


def test_someone_elses_jp_page_is_scoped(english, world):
    english.force_login(world["koord_dikbud"])
    assert english.get(reverse("jp-progress"), {"employee": world["pegawai"].employee.pk}).status_code == 404
    assert english.get(reverse("jp-progress"), {"employee": world["teacher"].pk}).status_code == 200
    english.force_login(world["pegawai"])
    assert english.get(reverse("jp-progress"), {"employee": world["teacher"].pk}).status_code == 404


# --- Review ------------------------------------------------------------------------------------------------


def test_review_queue_is_for_reviewers_of_the_scope(english, world):
    mine = claim_with_file(world["pegawai"])
    ExternalActivityFactory(employee=world["teacher"], title="Seminar Kurikulum Merdeka")
    english.force_login(world["pegawai"])
    assert english.get(reverse("activity-review")).status_code == 403
    english.force_login(world["koord_dinkes"])
    page = english.get(reverse("activity-review")).content.decode()
    assert mine.title in page
    assert "Seminar Kurikulum Merdeka" not in page
    assert reverse("activity-evidence", args=[mine.pk]) in page


def test_verify_and_reject_from_the_queue(english, world):
    first = claim_with_file(world["pegawai"])
    second = ExternalActivityFactory(employee=world["pegawai"].employee)
    english.force_login(world["koord_dinkes"])
    response = english.post(reverse("activity-decide", args=[first.pk]), {"decision": "verify"})
    assert response.status_code == 302
    assert JpLedgerEntry.objects.get(activity=first).minutes == 5 * 45
    english.post(reverse("activity-decide", args=[second.pk]), {"decision": "reject", "note": ""})
    assert ExternalActivity.objects.get(pk=second.pk).status == "submitted"
    english.post(reverse("activity-decide", args=[second.pk]), {"decision": "reject", "note": "Tanpa bukti"})
    assert ExternalActivity.objects.get(pk=second.pk).status == "rejected"


def test_decisions_respect_scope_and_self(english, world):
    claim = ExternalActivityFactory(employee=world["pegawai"].employee)
    english.force_login(world["koord_dikbud"])
    assert english.post(reverse("activity-decide", args=[claim.pk]), {"decision": "verify"}).status_code == 404
    english.force_login(world["pegawai"])
    assert english.post(reverse("activity-decide", args=[claim.pk]), {"decision": "verify"}).status_code == 403
    assert not JpLedgerEntry.objects.filter(activity=claim).exists()


def test_withdraw_from_my_page(english, world):
    claim = claim_with_file(world["pegawai"])
    english.force_login(world["pegawai"])
    assert english.post(reverse("activity-withdraw", args=[claim.pk])).status_code == 302
    assert not ExternalActivity.objects.filter(pk=claim.pk).exists()


# --- Evidence ------------------------------------------------------------------------------------------------


def test_evidence_is_served_only_to_those_who_see_the_claim(client, world):
    claim = claim_with_file(world["pegawai"])
    url = reverse("activity-evidence", args=[claim.pk])
    for user, expected in [
        (world["pegawai"], 200),
        (world["koord_dinkes"], 200),
        (world["hr"], 200),
        (world["koord_dikbud"], 404),
        (world["pppk"], 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user.username
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(url).status_code == 302


def test_a_claim_with_only_a_link_has_no_file_to_serve(client, world):
    claim = ExternalActivityFactory(employee=world["pegawai"].employee, evidence_url="https://drive.example/x")
    client.force_login(world["pegawai"])
    assert client.get(reverse("activity-evidence", args=[claim.pk])).status_code == 404


# --- Compliance -----------------------------------------------------------------------------------------------


@pytest.fixture
def planted(world):
    """Dinkes: three PNS (two at 20 JP or more) and a PPPK with plenty; the pegawai has 8 JP already."""
    at_target = EmployeeFactory(unit=world["puskesmas"], name="Ani Lengkap")
    above = EmployeeFactory(unit=world["dinkes"], name="Budi Rajin")
    pppk = EmployeeFactory(unit=world["puskesmas"], name="Dedi Kontrak", employment_type="PPPK")
    JpLedgerEntryFactory(employee=at_target, minutes=900)
    JpLedgerEntryFactory(employee=above, minutes=1000)
    JpLedgerEntryFactory(employee=pppk, minutes=1500)
    return world


def test_compliance_page_shows_the_share_per_opd(english, planted):
    english.force_login(planted["hr"])
    response = english.get(reverse("jp-compliance"), {"year": YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    assert "66.7 %" in page or "66,7 %" in page
    assert reverse("jp-shortfall", args=[planted["dinkes"].pk]) in page
    assert '<svg class="bar"' in page


def test_compliance_is_not_for_a_plain_asn(english, planted):
    english.force_login(planted["pegawai"])
    assert english.get(reverse("jp-compliance")).status_code == 403
    assert english.get(reverse("jp-shortfall", args=[planted["dinkes"].pk])).status_code == 404


def test_shortfall_lists_those_short_with_their_deficit_and_exports_csv(english, planted):
    english.force_login(planted["koord_dinkes"])
    page = english.get(reverse("jp-shortfall", args=[planted["dinkes"].pk]), {"year": YEAR}).content.decode()
    assert planted["pegawai"].employee.name in page
    assert "Ani Lengkap" not in page
    assert "Dedi Kontrak" not in page
    response = english.get(reverse("jp-shortfall-csv", args=[planted["dinkes"].pk]), {"year": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["NIP", "Name", "Unit", "JP", "Deficit (JP)"]
    assert [(r[1], r[3], r[4]) for r in rows[1:]] == [(planted["pegawai"].employee.name, "8.00", "12.00")]


def test_shortfall_of_another_agency_is_404(english, planted):
    english.force_login(planted["koord_dikbud"])
    assert english.get(reverse("jp-shortfall", args=[planted["dinkes"].pk])).status_code == 404
    assert english.get(reverse("jp-shortfall-csv", args=[planted["dinkes"].pk])).status_code == 404
    assert english.get(reverse("jp-shortfall", args=[planted["dikbud"].pk])).status_code == 200


@pytest.mark.parametrize("extra_opds", [0, 8])
def test_compliance_page_query_count_does_not_grow_with_opds(english, planted, django_assert_num_queries, extra_opds):
    from tests.factories import OrgUnitFactory

    for index in range(extra_opds):
        EmployeeFactory(unit=OrgUnitFactory(code=f"opd-{index}"))
    english.force_login(planted["hr"])
    # 1 session, 2 user, 3 employee record, 4 roles, 5 the employees grouped by OPD, 6 the OPDs.
    with django_assert_num_queries(6):
        assert english.get(reverse("jp-compliance"), {"year": YEAR}).status_code == 200


@pytest.mark.parametrize("claims", [1, 12])
def test_my_jp_page_query_count_does_not_grow_with_entries(english, world, django_assert_num_queries, claims):
    employee = world["pegawai"].employee
    for _index in range(claims):
        JpLedgerEntryFactory(employee=employee, minutes=90)
        ExternalActivityFactory(employee=employee)
    english.force_login(world["pegawai"])
    # 1 session, 2 user, 3 employee record, 4 roles, 5 the employee, 6 the year's total, 7 the entries with
    # their course or activity, 8 the claims, 9 the JP table.
    with django_assert_num_queries(9):
        assert english.get(reverse("jp-progress"), {"year": YEAR}).status_code == 200


# --- The JP table ---------------------------------------------------------------------------------------------


def test_conversion_page_is_read_only_for_asn(english, world):
    english.force_login(world["pegawai"])
    page = english.get(reverse("jp-conversions")).content.decode()
    assert "Workshop" in page
    assert 'name="jp"' not in page
    seminar = JpConversion.objects.get(kind="seminar")
    response = english.post(reverse("jp-conversions"), {"conversion": seminar.pk, "basis": "per_day", "jp": "9"})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["hr", "admin"])
def test_hr_and_admin_edit_the_table(english, world, who):
    english.force_login(world[who])
    seminar = JpConversion.objects.get(kind="seminar")
    assert 'name="jp"' in english.get(reverse("jp-conversions")).content.decode()
    response = english.post(reverse("jp-conversions"), {"conversion": seminar.pk, "basis": "per_day", "jp": "4.5"})
    assert response.status_code == 302
    assert JpConversion.objects.get(kind="seminar").jp == Decimal("4.5")
    english.post(reverse("jp-conversions"), {"conversion": seminar.pk, "basis": "per_day", "jp": "0"})
    assert JpConversion.objects.get(kind="seminar").jp == Decimal("4.5")
