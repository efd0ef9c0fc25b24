"""External activities: claim, evidence checks, conversion, verification, rejection, withdrawal; the JP table."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from backend.audit.models import AuditEntry
from backend.people.choices import Role
from lms.choices import ActivityStatus, NotificationKind
from lms.models import ExternalActivity, JpConversion, JpLedgerEntry, Notification
from lms.selectors.ledger import capped_sessions
from lms.services.ledger import (
    external_activity_reject,
    external_activity_submit,
    external_activity_verify,
    external_activity_withdraw,
    jp_conversion_update,
)
from tests.factories import ExternalActivityFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    return {
        **u,
        "pegawai": make_login(unit=u["puskesmas"], username="pegawai"),
        "rekan": make_login(unit=u["puskesmas"], username="rekan"),
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "koord_dinkes": make_login(
            unit=u["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=u["dinkes"], username="kk"
        ),
        "koord_dikbud": make_login(
            unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"], username="kd"
        ),
    }


def pdf(name="sertifikat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(user, *, employee=None, evidence_file=None, evidence_url="https://drive.example/sertifikat", **overrides):
    values = {
        "kind": "seminar",
        "title": "Seminar Nasional Pelayanan Publik",
        "organiser": "Kementerian PANRB",
        "start_date": D(2026, 3, 10),
        "end_date": D(2026, 3, 11),
        "units": None,
        "is_international": False,
    }
    values.update(overrides)
    return external_activity_submit(
        employee=employee or user.employee,
        actor=user,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        **values,
    )


# --- Submitting and pricing ----------------------------------------------------------------


def test_seminar_of_two_days_claims_8_jp_with_history(world):
    activity = submit(world["pegawai"], evidence_file=pdf(), evidence_url="")
    assert activity.status == ActivityStatus.SUBMITTED
    assert activity.claimed_minutes == 8 * 45
    assert activity.evidence_file.name.startswith("jp-evidence/")
    entry = AuditEntry.objects.get(object_id=str(activity.pk), content_type__model="externalactivity")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == world["pegawai"]


@pytest.mark.parametrize(
    ("overrides", "minutes"),
    [
        ({"kind": "workshop", "end_date": D(2026, 3, 10)}, 5 * 45),
        ({"kind": "workshop", "end_date": D(2026, 3, 12)}, 15 * 45),
        ({"kind": "coaching", "start_date": D(2026, 3, 3), "end_date": D(2026, 3, 24), "units": 3}, 4 * 45),
        ({"kind": "e_learning", "end_date": D(2026, 3, 10), "units": 10}, 3 * 45),
        ({"is_international": True, "end_date": D(2026, 3, 10)}, 216),
        ({"kind": "study", "start_date": D(2025, 8, 1), "end_date": D(2026, 1, 31), "units": 1}, 20 * 45),
        ({"kind": "benchmarking", "end_date": D(2026, 3, 12)}, 10 * 45),
    ],
)
def test_claims_are_priced_by_the_table(world, overrides, minutes):
    assert submit(world["pegawai"], **overrides).claimed_minutes == minutes


def test_international_bonus_comes_from_settings(world, settings):
    settings.LMS_INTERNATIONAL_BONUS_PCT = 50
    assert submit(world["pegawai"], end_date=D(2026, 3, 10), is_international=True).claimed_minutes == 6 * 45


@pytest.mark.parametrize("kind", ["coaching", "e_learning", "study"])
def test_counted_kinds_need_a_count(world, kind):
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], kind=kind)
    assert "units" in error.value.message_dict


def test_evidence_is_required(world):
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], evidence_url="")
    assert "evidence_file" in error.value.message_dict
    assert not ExternalActivity.objects.exists()


def test_a_link_alone_is_evidence_enough(world):
    assert submit(world["pegawai"], evidence_url="https://drive.example/x").evidence_url == "https://drive.example/x"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sertifikat.pdf", PNG),
        ("sertifikat.pdf", b"this is not a pdf at all"),
        ("sertifikat.png", PDF),
        ("foto.jpg", PNG),
        ("sertifikat.exe", PDF),
        ("sertifikat", PDF),
        ("sertifikat.docx", b"PK\x03\x04"),
    ],
)
def test_evidence_type_is_decided_by_content_and_name_together(world, name, content):
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], evidence_file=pdf(name, content), evidence_url="")
    assert "evidence_file" in error.value.message_dict
    assert not ExternalActivity.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("scan.PDF", PDF), ("foto.jpg", JPEG), ("foto.jpeg", JPEG), ("a.png", PNG)]
)
def test_pdf_jpeg_and_png_are_accepted(world, name, content):
    assert submit(world["pegawai"], evidence_file=pdf(name, content), evidence_url="").evidence_file


def test_evidence_larger_than_the_setting_is_refused(world, settings):
    settings.LMS_EVIDENCE_MAX_MB = 5
    limit = 5 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], evidence_file=pdf(content=PDF + b"\x00" * (limit + 1 - len(PDF))), evidence_url="")
    assert "5 MB" in error.value.message_dict["evidence_file"][0]
    assert submit(world["pegawai"], evidence_file=pdf(content=PDF + b"\x00" * (limit - len(PDF))), evidence_url="")


def test_dates_must_be_in_order_and_over(world):
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], start_date=D(2026, 3, 11), end_date=D(2026, 3, 10))
    assert "end_date" in error.value.message_dict
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        submit(world["pegawai"], start_date=tomorrow, end_date=tomorrow)
    assert "end_date" in error.value.message_dict


def test_hr_and_the_coordinator_of_the_scope_claim_on_behalf(world):
    employee = world["pegawai"].employee
    assert submit(world["hr"], employee=employee).employee == employee
    assert submit(world["koord_dinkes"], employee=employee).employee == employee


@pytest.mark.parametrize("who", ["rekan", "koord_dikbud"])
def test_others_cannot_claim_for_an_employee(world, who):
    with pytest.raises(PermissionDenied):
        submit(world[who], employee=world["pegawai"].employee)


# --- Verifying ------------------------------------------------------------------------------


def test_verify_credits_one_ledger_entry_for_the_year_it_ended(world):
    activity = submit(world["pegawai"], start_date=D(2025, 12, 30), end_date=D(2026, 1, 2), kind="workshop")
    verified = external_activity_verify(activity=activity, actor=world["koord_dinkes"], note="Sertifikat sah")
    assert verified.status == ActivityStatus.VERIFIED
    assert verified.reviewed_by == world["koord_dinkes"]
    assert verified.review_note == "Sertifikat sah"
    entry = JpLedgerEntry.objects.get(activity=activity)
    assert (entry.year, entry.date, entry.minutes, entry.source) == (2026, D(2026, 1, 2), 20 * 45, "activity")
    assert entry.employee == world["pegawai"].employee
    notification = Notification.objects.get(recipient=world["pegawai"])
    assert notification.kind == NotificationKind.ACTIVITY
    assert "20" in notification.body
    transition = AuditEntry.objects.get(object_id=str(activity.pk), action=AuditEntry.Action.TRANSITION)
    assert transition.changes["status"] == ["submitted", "verified"]


def test_verify_is_idempotent(world):
    activity = submit(world["pegawai"])
    external_activity_verify(activity=activity, actor=world["hr"])
    again = external_activity_verify(activity=activity, actor=world["koord_dinkes"])
    assert again.reviewed_by == world["hr"]
    assert JpLedgerEntry.objects.filter(activity=activity).count() == 1
    assert Notification.objects.filter(recipient=world["pegawai"]).count() == 1


def test_verify_prices_the_claim_again_with_the_current_table(world):
    activity = submit(world["pegawai"], end_date=D(2026, 3, 10))
    assert activity.claimed_minutes == 4 * 45
    jp_conversion_update(conversion=JpConversion.objects.get(kind="seminar"), actor=world["hr"], jp=Decimal(6))
    assert external_activity_verify(activity=activity, actor=world["hr"]).claimed_minutes == 6 * 45
    assert JpLedgerEntry.objects.get(activity=activity).minutes == 6 * 45


def coaching(user, start, end, units, kind="coaching"):
    return submit(user, kind=kind, start_date=start, end_date=end, units=units)


def test_monthly_coaching_cap_holds_across_claims_when_verified(world):
    pegawai, hr = world["pegawai"], world["hr"]
    first = coaching(pegawai, D(2026, 3, 3), D(2026, 3, 3), 1)
    second = coaching(pegawai, D(2026, 3, 10), D(2026, 3, 17), 2)
    # Each alone fits the month; verified one after the other only two sessions count.
    assert (first.claimed_minutes, second.claimed_minutes) == (90, 180)
    external_activity_verify(activity=first, actor=hr)
    assert external_activity_verify(activity=second, actor=hr).claimed_minutes == 90
    third = ExternalActivityFactory(
        employee=pegawai.employee, kind="coaching", start_date=D(2026, 3, 24), end_date=D(2026, 3, 24), units=1
    )
    with pytest.raises(ValidationError) as error:
        external_activity_verify(activity=third, actor=hr)
    assert "units" in error.value.message_dict
    assert ExternalActivity.objects.get(pk=third.pk).status == ActivityStatus.SUBMITTED
    # A claim made now already sees the full month.
    with pytest.raises(ValidationError):
        coaching(pegawai, D(2026, 3, 25), D(2026, 3, 25), 1)
    assert sum(JpLedgerEntry.objects.filter(employee=pegawai.employee).values_list("minutes", flat=True)) == 4 * 45


def test_monthly_cap_is_per_month_per_kind_and_per_employee(world):
    pegawai, hr = world["pegawai"], world["hr"]
    external_activity_verify(activity=coaching(pegawai, D(2026, 3, 3), D(2026, 3, 10), 2), actor=hr)
    assert coaching(pegawai, D(2026, 4, 1), D(2026, 4, 8), 2).claimed_minutes == 180
    assert coaching(pegawai, D(2026, 3, 12), D(2026, 3, 12), 1, kind="mentoring").claimed_minutes == 90
    assert coaching(world["rekan"], D(2026, 3, 12), D(2026, 3, 19), 2).claimed_minutes == 180
    # Spanning March (full) and April: only April's two count.
    assert coaching(pegawai, D(2026, 3, 25), D(2026, 4, 15), 3).claimed_minutes == 180


@pytest.mark.parametrize(
    ("prior", "start", "end", "units", "expected"),
    [
        ([], D(2026, 3, 1), D(2026, 3, 31), 3, 2),
        ([(D(2026, 3, 1), D(2026, 3, 1), 1)], D(2026, 3, 5), D(2026, 3, 5), 2, 1),
        ([(D(2026, 3, 1), D(2026, 3, 8), 2)], D(2026, 3, 5), D(2026, 3, 5), 1, 0),
        # The earlier claim spanning March–April filled March first, then one of April.
        ([(D(2026, 3, 20), D(2026, 4, 5), 3)], D(2026, 4, 10), D(2026, 4, 10), 2, 1),
        ([(D(2026, 3, 20), D(2026, 4, 5), 3)], D(2026, 5, 1), D(2026, 5, 1), 2, 2),
    ],
)
def test_capped_sessions(prior, start, end, units, expected):
    assert capped_sessions(prior=prior, cap=2, start=start, end=end, units=units) == expected


@pytest.mark.parametrize("who", ["pegawai", "rekan", "koord_dikbud"])
def test_only_reviewers_of_the_scope_verify(world, who):
    activity = submit(world["pegawai"])
    with pytest.raises(PermissionDenied):
        external_activity_verify(activity=activity, actor=world[who])
    assert not JpLedgerEntry.objects.exists()


def test_a_coordinator_or_hr_cannot_verify_their_own_claim(world, make_login):
    for user in (world["hr"], world["koord_dinkes"]):
        activity = submit(user)
        with pytest.raises(PermissionDenied):
            external_activity_verify(activity=activity, actor=user)
        with pytest.raises(PermissionDenied):
            external_activity_reject(activity=activity, actor=user, note="tidak")
    assert not JpLedgerEntry.objects.exists()


def test_a_competency_agency_coordinator_reviews_everyone(world, make_login):
    central = make_login(
        unit=world["bkpsdm"], roles=[Role.COORDINATOR], coordinator_unit=world["bkpsdm"], username="central"
    )
    assert external_activity_verify(activity=submit(world["pegawai"]), actor=central).status == "verified"


# --- Rejecting and withdrawing ------------------------------------------------------------------


@pytest.mark.parametrize("note", ["", "   "])
def test_reject_requires_a_note(world, note):
    activity = submit(world["pegawai"])
    with pytest.raises(ValidationError) as error:
        external_activity_reject(activity=activity, actor=world["koord_dinkes"], note=note)
    assert "note" in error.value.message_dict
    assert ExternalActivity.objects.get(pk=activity.pk).status == ActivityStatus.SUBMITTED


def test_reject_records_the_note_and_notifies(world):
    activity = submit(world["pegawai"])
    rejected = external_activity_reject(activity=activity, actor=world["koord_dinkes"], note=" Sertifikat buram ")
    assert rejected.status == ActivityStatus.REJECTED
    assert rejected.review_note == "Sertifikat buram"
    assert Notification.objects.get(recipient=world["pegawai"]).body == "Sertifikat buram"
    assert AuditEntry.objects.get(object_id=str(activity.pk), action="transition").reason == "Sertifikat buram"
    with pytest.raises(ValidationError):
        external_activity_verify(activity=rejected, actor=world["hr"])
    with pytest.raises(ValidationError):
        external_activity_reject(activity=rejected, actor=world["hr"], note="lagi")
    assert not JpLedgerEntry.objects.exists()


def test_owner_withdraws_a_submitted_claim_and_its_file(world, django_capture_on_commit_callbacks, tmp_path):
    activity = submit(world["pegawai"], evidence_file=pdf(), evidence_url="")
    stored = tmp_path / activity.evidence_file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        external_activity_withdraw(activity=activity, actor=world["pegawai"])
    assert not ExternalActivity.objects.filter(pk=activity.pk).exists()
    assert not stored.exists()
    deleted = AuditEntry.objects.get(object_id=str(activity.pk), action=AuditEntry.Action.DELETE)
    assert deleted.changes["title"] == ["Seminar Nasional Pelayanan Publik", None]


def test_only_the_owner_withdraws_and_only_while_submitted(world):
    activity = submit(world["pegawai"])
    for user in (world["hr"], world["koord_dinkes"], world["rekan"]):
        with pytest.raises(PermissionDenied):
            external_activity_withdraw(activity=activity, actor=user)
    external_activity_verify(activity=activity, actor=world["hr"])
    with pytest.raises(ValidationError):
        external_activity_withdraw(activity=activity, actor=world["pegawai"])
    assert JpLedgerEntry.objects.filter(activity=activity).exists()


# --- The JP table --------------------------------------------------------------------------------


def test_hr_changes_a_row_with_history(world):
    row = JpConversion.objects.get(kind="seminar")
    updated = jp_conversion_update(conversion=row, actor=world["hr"], jp=Decimal("4.5"))
    assert updated.jp == Decimal("4.5")
    entry = AuditEntry.objects.get(object_id=str(row.pk), content_type__model="jpconversion")
    assert entry.changes == {"jp": ["4.00", "4.5"]}


def test_others_cannot_change_the_table(world):
    row = JpConversion.objects.get(kind="seminar")
    for user in (world["pegawai"], world["koord_dinkes"]):
        with pytest.raises(PermissionDenied):
            jp_conversion_update(conversion=row, actor=user, jp=Decimal(9))
    assert JpConversion.objects.get(kind="seminar").jp == 4


def test_table_values_stay_positive_and_limits_fit_the_basis(world):
    row = JpConversion.objects.get(kind="seminar")
    with pytest.raises(ValidationError):
        jp_conversion_update(conversion=row, actor=world["hr"], jp=Decimal(0))
    with pytest.raises(ValidationError):
        jp_conversion_update(conversion=row, actor=world["hr"], max_units_per_month=2)
    with transaction.atomic(), pytest.raises(IntegrityError):
        JpConversion.objects.filter(pk=row.pk).update(jp=0)
