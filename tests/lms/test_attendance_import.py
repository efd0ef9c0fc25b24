"""CSV import of attendance: all or nothing, every bad row named, constant queries."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from backend.audit.models import AuditEntry
from backend.people.access import access_for
from backend.people.choices import Role
from lms.models import Attendance
from lms.services.attendance import attendance_import
from tests.factories import AttendanceFactory, EmployeeFactory, EnrollmentFactory, running_offering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(two_agencies, make_login):
    units = two_agencies
    people = [EmployeeFactory(unit=units["school"], name=name) for name in ("Ani", "Budi", "Citra")]
    offering, enrollments = running_offering(owner_unit=units["dikbud"], participants=people, sessions=2)
    waiting = EnrollmentFactory(offering=offering, status="waitlisted")
    return {
        **units,
        "offering": offering,
        "people": people,
        "enrollments": enrollments,
        "waiting": waiting,
        "not_enrolled": EmployeeFactory(),
        "coordinator": make_login(unit=units["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=units["dikbud"]),
        "other_coordinator": make_login(
            unit=units["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=units["dinkes"]
        ),
        "asn": make_login(unit=units["school"]),
    }


def csv_bytes(lines: list[str], *, bom: bool = False) -> bytes:
    text = "\n".join(lines) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def run(world, data: bytes, *, dry_run: bool = False):
    return attendance_import(
        offering=world["offering"], actor=world["coordinator"], data=data, dry_run=dry_run, source="absen.csv"
    )


def test_a_good_file_writes_every_row_by_csv(world):
    ani, budi, citra = world["people"]
    data = csv_bytes(
        [
            "NIP,session date,start time,status",
            f"{ani.nip},2025-03-10,08:00,present",
            f"{budi.nip},2025-03-10,08:00,late",
            f"{citra.nip},2025-03-10,08:00,absent",
            f"{ani.nip},2025-03-11,08:00,excused",
        ]
    )
    result = run(world, data)
    assert result.ok, result.errors
    assert result.written
    assert (result.created, result.updated) == (4, 0)
    rows = Attendance.objects.order_by("session__date", "enrollment__employee__name")
    assert [(a.enrollment.employee.name, a.status) for a in rows] == [
        ("Ani", "present"),
        ("Budi", "late"),
        ("Citra", "absent"),
        ("Ani", "excused"),
    ]
    assert {a.method for a in rows} == {"csv"}
    assert {a.recorded_by for a in rows} == {world["coordinator"]}
    assert AuditEntry.objects.filter(content_type__model="attendance", reason="Imported from absen.csv").count() == 4


def test_semicolons_bom_indonesian_headers_and_statuses(world):
    ani, budi, citra = world["people"]
    data = csv_bytes(
        [
            "Nip;Tanggal;Jam Mulai;Kehadiran",
            f"{ani.nip};2025-03-10;08.00;Hadir",
            f"{budi.nip};10/03/2025;8:00;terlambat",
            f"{citra.nip};2025-03-10;08:00;Tidak Hadir",
            f"{ani.nip};2025-03-11;08:00;izin",
        ],
        bom=True,
    )
    result = run(world, data)
    assert result.ok, result.errors
    assert sorted(Attendance.objects.values_list("status", flat=True)) == ["absent", "excused", "late", "present"]


def test_every_bad_row_is_named_and_nothing_is_written(world):
    ani, budi, citra = world["people"]
    waiting = world["waiting"].employee
    data = csv_bytes(
        [
            "nip,session_date,start_time,status",
            f"{ani.nip},2025-03-10,08:00,present",  # 2: good
            "199001012015031999,2025-03-10,08:00,present",  # 3: unknown NIP
            f"{world['not_enrolled'].nip},2025-03-10,08:00,present",  # 4: not a participant
            f"{waiting.nip},2025-03-10,08:00,present",  # 5: waitlisted, not a participant
            f"{budi.nip},2025-03-12,08:00,present",  # 6: no such session (date)
            f"{budi.nip},2025-03-10,09:00,present",  # 7: no such session (time)
            f"{citra.nip},2025-03-10,08:00,sleeping",  # 8: bad status
            f"{ani.nip},2025-03-10,08:00,late",  # 9: duplicate of line 2
            f"{citra.nip},10-03-2025x,8am,",  # 10: bad date, bad time, empty status
        ]
    )
    result = run(world, data)
    assert not result.ok
    assert not result.written
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="attendance").exists()
    by_line = {}
    for error in result.errors:
        by_line.setdefault(error.line, []).append(error.message)
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "Unknown NIP" in by_line[3][0]
    assert "not a participant" in by_line[4][0]
    assert "not a participant" in by_line[5][0]
    assert "Waitlisted" in by_line[5][0]
    assert "No session" in by_line[6][0]
    assert "No session" in by_line[7][0]
    assert "not a status" in by_line[8][0]
    assert "Duplicate" in by_line[9][0]
    assert "line 2" in by_line[9][0]
    assert len(by_line[10]) == 3


def test_a_dry_run_previews_without_writing(world):
    ani = world["people"][0]
    AttendanceFactory(session=world["offering"].sessions.order_by("date").first(), enrollment=world["enrollments"][0])
    data = csv_bytes(
        ["nip,tanggal,jam_mulai,status", f"{ani.nip},2025-03-10,08:00,absent", f"{ani.nip},2025-03-11,08:00,hadir"]
    )
    result = run(world, data, dry_run=True)
    assert result.ok
    assert not result.written
    assert (result.created, result.updated) == (1, 1)
    assert [row.action for row in result.preview] == ["update", "add"]
    assert Attendance.objects.get().status == "present"


def test_missing_columns_reject_the_file(world):
    result = run(world, csv_bytes(["nip,status", "1,present"]))
    assert not result.ok
    assert "Missing column" in result.errors[0].message
    assert not Attendance.objects.exists()


def test_the_import_takes_a_constant_number_of_queries(world, django_assert_num_queries):
    offering = world["offering"]
    people = [EmployeeFactory() for _ in range(40)]
    for person in people:
        EnrollmentFactory(offering=offering, employee=person)
    lines = ["nip,session_date,start_time,status"]
    lines += [f"{p.nip},{day},08:00,present" for p in people for day in ("2025-03-10", "2025-03-11")]
    # Both are cached for the process or the request, not per import.
    access_for(world["coordinator"])
    ContentType.objects.get_for_model(Attendance)
    for data in (csv_bytes(lines[:3]), csv_bytes(lines)):
        Attendance.objects.all().delete()
        # 1 savepoint, 2 lock the offering; checking: 3 its enrollments (no other NIPs to look up:
        # all are participants), 4 its sessions, 5 the records already there; writing: 6 savepoint,
        # 7 lock the existing records, 8 savepoint, 9 one insert, 10 release, 11 one history insert,
        # 12-13 release.
        with django_assert_num_queries(13):
            assert run(world, data).written
    assert Attendance.objects.count() == 80


def test_only_the_offering_managers_may_import(world):
    for user in (world["other_coordinator"], world["asn"]):
        with pytest.raises(PermissionDenied):
            attendance_import(offering=world["offering"], actor=user, data=b"nip\n", dry_run=True)


# --- The page ---------------------------------------------------------------------


def upload(client, url, data: bytes, **fields):
    return client.post(url, {"file": SimpleUploadedFile("absen.csv", data, content_type="text/csv"), **fields})


def test_import_page_previews_then_confirms(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ani = world["people"][0]
    url = reverse("offering-attendance-import", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])
    assert client.get(url).status_code == 200
    preview = upload(
        client, url, csv_bytes(["nip,tanggal,jam_mulai,status", f"{ani.nip},2025-03-10,08:00,hadir"]), preview_only="on"
    )
    assert preview.status_code == 200
    assert not Attendance.objects.exists()
    token = preview.context["confirm"].initial["token"]
    done = client.post(url, {"token": token})
    assert done.status_code == 302
    assert Attendance.objects.get().status == "present"
    # The same preview cannot be imported twice.
    again = client.post(url, {"token": token})
    assert again.status_code == 302
    assert Attendance.objects.count() == 1


def test_import_page_lists_every_bad_row(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("offering-attendance-import", kwargs={"pk": world["offering"].pk})
    client.force_login(world["coordinator"])
    data = csv_bytes(["nip,tanggal,jam_mulai,status", "199001012015031999,2025-03-10,08:00,hadir", "x,y,z,w"])
    response = upload(client, url, data)
    body = response.content.decode()
    assert "nothing was written" in body
    assert "Unknown NIP" in body
    assert response.context["confirm"] is None
    assert not Attendance.objects.exists()


def test_import_sheet_download_has_every_participant_and_session(client, world):
    from openpyxl import load_workbook

    client.force_login(world["coordinator"])
    response = client.get(reverse("offering-attendance-import", kwargs={"pk": world["offering"].pk}), {"sheet": "1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("nip", "tanggal", "jam_mulai", "status", "nama")
    assert len(rows) == 1 + 3 * 2
    assert {row[0] for row in rows[1:]} == {p.nip for p in world["people"]}
    # The sheet goes back in as it is, once filled in.
    assert all(isinstance(row[0], str) for row in rows[1:])


def test_import_page_permissions(client, world):
    url = reverse("offering-attendance-import", kwargs={"pk": world["offering"].pk})
    client.force_login(world["other_coordinator"])
    assert client.get(url).status_code == 404
    client.force_login(world["asn"])
    assert client.get(url).status_code == 403
