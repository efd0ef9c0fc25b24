import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from backend.appraisal.imports import cells, services
from backend.appraisal.imports.parsing import FileRejected, read_rows
from backend.appraisal.imports.spec import COLUMNS, Kind
from backend.appraisal.models import IkmResponse, Period, Score
from backend.audit.models import AuditEntry
from backend.people.access import access_for
from backend.people.choices import Role
from backend.people.models import Employee, OrgUnit
from tests.factories import (
    AnnualPeriodFactory,
    EmployeeFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PeriodFactory,
    PositionFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "backend" / "appraisal" / "imports" / "samples"
# Valid numbers (DOMAIN.md): PNS birth·start·sex·serial; PPPK birth·year·2·contract·sex·serial.
HEAD_NIP = "197803152005012002"
NURSE_NIP = "198904222014031001"
PPPK_NIP = "199506102023211004"


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are asserted in their English source; pages and services answer in the active language.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(two_agencies, make_login):
    atasan = make_login(unit=two_agencies["puskesmas"], username="atasan")
    pegawai = make_login(unit=two_agencies["puskesmas"], username="pegawai", supervisor=atasan.employee)
    other = EmployeeFactory(unit=two_agencies["puskesmas"])
    return {
        **two_agencies,
        "atasan": atasan,
        "pegawai": pegawai,
        "other": other,
        "asn": make_login(unit=two_agencies["school"], username="asn"),
        "hr": make_login(unit=two_agencies["bkpsdm"], roles=[Role.HR_ANALYST], username="hr"),
        "koord_dikbud": make_login(
            unit=two_agencies["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dikbud"]
        ),
        "koord_dinkes": make_login(
            unit=two_agencies["dinkes"], roles=[Role.COORDINATOR], coordinator_unit=two_agencies["dinkes"]
        ),
        "kapus": PositionFactory(name="Kepala Puskesmas", kind="pengawas", level=""),
        "perawat": PositionFactory(name="Perawat Ahli Pertama"),
        "perawat_t": PositionFactory(name="Perawat Terampil", level="terampil"),
        "q2": PeriodFactory(year=2025, kind="quarterly", number=2),
        "q1_closed": PeriodFactory(year=2025, kind="quarterly", number=1, status="closed"),
        "year": AnnualPeriodFactory(year=2025),
        "kunjungan": IndicatorFactory(code="iki-kunjungan", org_unit=two_agencies["dinkes"]),
        "waktu": IndicatorFactory(code="iki-waktu", org_unit=two_agencies["dinkes"], direction="lower"),
    }


def csv_bytes(rows, *, delimiter=",", bom=False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parse(kind, data):
    return read_rows(data, columns=COLUMNS[kind], max_rows=20_000).rows


def errors_of(result):
    return {(error.line, error.column) for error in result.errors}


# --- Parsing ------------------------------------------------------------------------


def test_headers_match_without_case_spaces_or_language():
    data = csv_bytes(
        [[" NIP ", "Nama", "Kode Unit", "JABATAN", "golongan", "NIP-Atasan"], [HEAD_NIP, "A", "x", "y", "z", ""]]
    )
    rows = parse(Kind.EMPLOYEES, data)
    assert rows == [
        (2, {"nip": HEAD_NIP, "name": "A", "unit_code": "x", "position": "y", "grade": "z", "supervisor_nip": ""})
    ]


def test_utf8_bom_semicolons_and_blank_lines_keep_line_numbers():
    data = csv_bytes(
        [["nip", "kode_indikator", "periode", "target", "realisasi"], [], [NURSE_NIP, "a", "2025", "100", "85,5"]],
        delimiter=";",
        bom=True,
    )
    assert parse(Kind.SCORES, data) == [
        (3, {"nip": NURSE_NIP, "indicator_code": "a", "period": "2025", "target": "100", "realisasi": "85,5"})
    ]


def test_a_value_spanning_lines_does_not_shift_later_line_numbers():
    data = b'nip,nama,kode_unit,jabatan,golongan\r\n1,"two\r\nlines",x,y,z\r\n2,b,x,y,z\r\n'
    assert [line for line, _row in parse(Kind.EMPLOYEES, data)] == [2, 4]


def test_element_headers_may_carry_the_element_name():
    headers = ["kode_unit", "periode", *[f"U{i} Persyaratan" for i in range(1, 10)]]
    rows = parse(Kind.IKM, csv_bytes([headers, ["pkm-1", "2025-S1", *"123412341"]]))
    assert rows[0][1]["u9"] == "1"


def test_missing_columns_and_unreadable_files_are_rejected_whole():
    with pytest.raises(FileRejected) as missing:
        parse(Kind.SCORES, csv_bytes([["nip", "periode"], [NURSE_NIP, "2025"]]))
    assert missing.value.errors[0].line == 1
    assert "Indicator code" in missing.value.errors[0].message
    with pytest.raises(FileRejected, match="old Excel"):
        parse(Kind.SCORES, b"\xd0\xcf\x11\xe0rest-of-an-xls")
    with pytest.raises(FileRejected, match="UTF-8"):
        parse(Kind.SCORES, "nip;periode\nJosé;2025".encode("latin-1"))


def test_too_many_rows_is_refused():
    rows = [["nip", "kode_indikator", "periode", "target", "realisasi"]] + [[NURSE_NIP, "a", "2025", "1", "1"]] * 6
    with pytest.raises(FileRejected, match="more than 5 rows"):
        read_rows(csv_bytes(rows), columns=COLUMNS[Kind.SCORES], max_rows=5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("85,5", "85.50"),
        ("85.5", "85.50"),
        (" 1 200 ", "1200.00"),
        ("90%", "90.00"),
        (85.49999999999, "85.50"),
        (7, "7.00"),
    ],
)
def test_numbers_accept_a_decimal_comma(raw, expected):
    assert cells.number(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "1.234,5", "85.555", "1,2,3"])
def test_bad_numbers_say_so(raw):
    with pytest.raises(cells.CellError):
        cells.number(raw)


def test_periods_and_grades_are_read_leniently():
    assert cells.period_key("2025-Q2") == (2025, "quarterly", 2)
    assert cells.period_key("2025-tw3") == (2025, "quarterly", 3)
    assert cells.period_key("2025-M03") == (2025, "monthly", 3)
    assert cells.period_key(2025) == (2025, "annual", 1)
    with pytest.raises(cells.CellError, match="1 to 4"):
        cells.period_key("2025-Q5")
    assert cells.grade("iii-a") == "III/a"
    assert cells.grade(9) == "IX"


@pytest.fixture
def sample_world(two_agencies):
    """What the downloadable templates refer to, named as the Bungo demo data names it."""
    OrgUnitFactory(code="pkm-muara-bungo-i", kind="puskesmas", parent=two_agencies["dinkes"])
    PositionFactory(name="Kepala Puskesmas", kind="pengawas", level="")
    PositionFactory(name="Perawat Ahli Pertama")
    PositionFactory(name="Perawat Terampil", level="terampil")
    dates = {"start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2025, 12, 31)}
    for kind, number in [("quarterly", 3), ("quarterly", 4), ("annual", 1)]:
        PeriodFactory(year=2025, kind=kind, number=number, **dates)
    for code in ["dinkes-kunjungan", "dinkes-iku-spm-kes", "dinkes-pasien-sop", "dinkes-ikm-unit"]:
        IndicatorFactory(code=code, org_unit=two_agencies["dinkes"])
    # The scores template names nurses of the demo's Puskesmas Muara Bungo I (seed_demo's default seed).
    for nip in ["198611112016032008", "199106162017012006", "199008132019222005"]:
        pppk = nip[12] == "2"
        EmployeeFactory(
            nip=nip,
            employment_type="PPPK" if pppk else "PNS",
            grade="IX" if pppk else "III/b",
            sex="F",
            birth_date=datetime.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])),
        )
    IndicatorFactory(code="dinkes-waktu-tunggu", org_unit=two_agencies["dinkes"], direction="lower")
    q4 = Period.objects.get(kind="quarterly", number=4)
    IkmSurveyFactory(org_unit=OrgUnit.objects.get(code="pkm-muara-bungo-i"), period=q4)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_downloadable_templates_import_cleanly(sample_world, extension):
    def run(kind, service, dry_run):
        rows = parse(kind, (SAMPLES / f"{kind}.{extension}").read_bytes())
        result = service(actor=None, rows=rows, dry_run=dry_run)
        assert result.errors == []
        return result

    assert run(Kind.EMPLOYEES, services.employee_import, dry_run=False).created == 3
    assert run(Kind.SCORES, services.score_import, dry_run=True).created == 4
    assert run(Kind.IKM, services.ikm_response_import, dry_run=True).created == 3


# --- Employees --------------------------------------------------------------------

EMPLOYEE_HEADER = ["nip", "nama", "kode_unit", "jabatan", "golongan", "nip_atasan"]


def test_employee_csv_import_creates_everyone_with_history(world):
    before = AuditEntry.objects.count()
    data = csv_bytes(
        [
            EMPLOYEE_HEADER,
            [NURSE_NIP, "Andi Saputra", "pkm-1", "perawat ahli pertama", "III/b", HEAD_NIP],
            [HEAD_NIP, "Siti Rahmawati", "PKM-1", "Kepala Puskesmas", "iii/d", world["atasan"].employee.nip],
            [PPPK_NIP, "Rudi Hartono", "pkm-1", "Perawat Terampil", "VII", HEAD_NIP],
        ]
    )
    result = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, data), dry_run=False)
    assert result.errors == []
    assert result.written
    assert result.created == 3
    nurse = Employee.objects.get(nip=NURSE_NIP)
    assert nurse.supervisor.nip == HEAD_NIP
    assert nurse.birth_date == datetime.date(1989, 4, 22)
    assert Employee.objects.get(nip=HEAD_NIP).supervisor == world["atasan"].employee
    pppk = Employee.objects.get(nip=PPPK_NIP)
    assert (pppk.employment_type, pppk.grade) == ("PPPK", "VII")
    assert AuditEntry.objects.count() == before + 3
    assert set(AuditEntry.objects.filter(action="create").values_list("actor", flat=True)) == {world["hr"].pk}


def test_employee_xlsx_import_and_a_nip_excel_turned_into_a_number(world):
    rows = [
        EMPLOYEE_HEADER,
        [HEAD_NIP, "Siti Rahmawati", "pkm-1", "Kepala Puskesmas", "III/d", None],
        [int(NURSE_NIP), "Andi", "pkm-1", "Perawat Ahli Pertama", "III/b", None],
    ]
    result = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, xlsx_bytes(rows)), dry_run=False)
    assert errors_of(result) == {(3, "nip")}
    assert "15 digits" in result.errors[0].message
    assert not Employee.objects.filter(nip=HEAD_NIP).exists()

    ok = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, xlsx_bytes(rows[:2])), dry_run=False)
    assert ok.written
    assert Employee.objects.filter(nip=HEAD_NIP).exists()


def test_a_file_with_bad_rows_lists_every_one_and_writes_nothing(world):
    employees, entries = Employee.objects.count(), AuditEntry.objects.count()
    data = csv_bytes(
        [
            EMPLOYEE_HEADER,
            [HEAD_NIP, "Good Row", "pkm-1", "Kepala Puskesmas", "III/d", ""],
            ["197803152005132002", "Bad Month", "pkm-1", "Kepala Puskesmas", "III/d", ""],
            [PPPK_NIP, "Wrong Grade", "pkm-1", "Perawat Terampil", "III/a", ""],
            [NURSE_NIP, "No Unit", "nowhere", "Perawat Ahli Pertama", "III/b", ""],
            ["198904222014031002", "No Position", "pkm-1", "Astronaut", "III/b", ""],
            [HEAD_NIP, "Twice", "pkm-1", "Kepala Puskesmas", "III/d", ""],
            [world["other"].nip, "Exists", "pkm-1", "Kepala Puskesmas", "III/d", ""],
            ["198904222014031003", "Lost Boss", "pkm-1", "Perawat Ahli Pertama", "III/b", "199001012015011001"],
            ["198904222014031004", "", "pkm-1", "Perawat Ahli Pertama", "III/b", ""],
        ]
    )
    result = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, data), dry_run=False)
    assert errors_of(result) == {
        (3, "nip"),
        (4, "grade"),
        (5, "unit_code"),
        (6, "position"),
        (7, "nip"),
        (8, "nip"),
        (9, "supervisor_nip"),
        (10, "name"),
    }
    messages = {error.line: error.message for error in result.errors}
    assert "Digits 13–14" in messages[3]
    assert "PPPK" in messages[4] or "I to XVII" in messages[4]
    assert "line 2" in messages[7]
    assert "already exists" in messages[8]
    assert result.bad_lines == 8
    assert not result.written
    assert Employee.objects.count() == employees
    assert AuditEntry.objects.count() == entries


def test_supervisors_in_a_circle_are_refused(world):
    data = csv_bytes(
        [
            EMPLOYEE_HEADER,
            [HEAD_NIP, "A", "pkm-1", "Kepala Puskesmas", "III/d", NURSE_NIP],
            [NURSE_NIP, "B", "pkm-1", "Perawat Ahli Pertama", "III/b", HEAD_NIP],
        ]
    )
    result = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, data), dry_run=False)
    assert errors_of(result) == {(2, "supervisor_nip"), (3, "supervisor_nip")}


def test_employee_dry_run_writes_nothing(world):
    count, entries = Employee.objects.count(), AuditEntry.objects.count()
    data = csv_bytes([EMPLOYEE_HEADER, [HEAD_NIP, "A", "pkm-1", "Kepala Puskesmas", "III/d", ""]])
    result = services.employee_import(actor=world["hr"], rows=parse(Kind.EMPLOYEES, data), dry_run=True)
    assert result.ok
    assert result.created == 1
    assert not result.written
    assert result.preview[0].cells[0] == "19780315 200501 2 002"
    assert (Employee.objects.count(), AuditEntry.objects.count()) == (count, entries)


def test_only_hr_and_administrators_import_employees(world):
    data = csv_bytes([EMPLOYEE_HEADER, [HEAD_NIP, "A", "pkm-1", "Kepala Puskesmas", "III/d", ""]])
    with pytest.raises(PermissionDenied):
        services.employee_import(actor=world["atasan"], rows=parse(Kind.EMPLOYEES, data), dry_run=True)


# --- Scores -----------------------------------------------------------------------

SCORE_HEADER = ["nip", "kode_indikator", "periode", "target", "realisasi"]


def test_score_csv_with_semicolons_and_decimal_commas_creates_and_updates(world):
    pegawai = world["pegawai"].employee
    existing = ScoreFactory(
        employee=pegawai, indicator=world["kunjungan"], period=world["q2"], target=100, realisasi=50
    )
    data = csv_bytes(
        [
            SCORE_HEADER,
            [pegawai.nip, "IKI-KUNJUNGAN", "2025-Q2", "100", "85,5"],
            [pegawai.nip, "iki-waktu", "2025", "30", "40"],
            [world["other"].nip, "iki-kunjungan", "2025", "200", "150,25"],
        ],
        delimiter=";",
    )
    entries = AuditEntry.objects.count()
    preview = services.score_import(actor=world["hr"], rows=parse(Kind.SCORES, data), dry_run=True)
    assert (preview.created, preview.updated, preview.written) == (2, 1, False)
    assert "update" in preview.preview[0].action
    assert "50" in preview.preview[0].action
    assert Score.objects.count() == 1

    result = services.score_import(actor=world["hr"], rows=parse(Kind.SCORES, data), dry_run=False, source="q2.csv")
    assert result.written, result.errors
    existing.refresh_from_db()
    assert (existing.realisasi, existing.achievement) == (Decimal("85.50"), Decimal("85.50"))
    late = Score.objects.get(employee=pegawai, indicator=world["waktu"])
    assert late.achievement == Decimal("75.00")  # lower is better: 30 / 40
    assert late.appraiser == world["atasan"].employee
    assert Score.objects.get(employee=world["other"]).realisasi == Decimal("150.25")
    history = AuditEntry.objects.order_by("id")[entries:]
    assert [entry.action for entry in history] == ["create", "create", "update"]
    assert history[2].changes["realisasi"] == ["50.00", "85.50"]
    assert {entry.reason for entry in history} == {"Imported from q2.csv"}


def test_score_xlsx_import(world):
    nip = world["pegawai"].employee.nip
    rows = [SCORE_HEADER, [nip, "iki-kunjungan", "2025-Q2", 100, 85.5], [nip, "iki-waktu", 2025, 20, 25]]
    result = services.score_import(actor=world["hr"], rows=parse(Kind.SCORES, xlsx_bytes(rows)), dry_run=False)
    assert result.written
    assert result.created == 2
    assert Score.objects.get(indicator=world["kunjungan"]).realisasi == Decimal("85.50")


def test_score_file_with_bad_rows_lists_each_and_writes_nothing(world):
    nip = world["pegawai"].employee.nip
    data = csv_bytes(
        [
            SCORE_HEADER,
            [nip, "iki-kunjungan", "2025-Q2", "100", "90"],
            ["199001012015011009", "iki-kunjungan", "2025-Q2", "100", "90"],
            [nip, "iki-nothing", "2025-Q2", "100", "90"],
            [nip, "iki-waktu", "2025-Q2", "100", "sembilan"],
            [nip, "iki-waktu", "2025-Q1", "100", "90"],
            [nip, "iki-waktu", "2024-S2", "100", "90"],
            [nip, "iki-waktu", "2025", "0", "90"],
            [nip, "iki-kunjungan", "2025-Q2", "100", "95"],
            [world["other"].nip, "iki-waktu", "2025", "10", "0"],
        ]
    )
    scores, entries = Score.objects.count(), AuditEntry.objects.count()
    result = services.score_import(actor=world["hr"], rows=parse(Kind.SCORES, data), dry_run=False)
    assert errors_of(result) == {
        (3, "nip"),
        (4, "indicator_code"),
        (5, "realisasi"),
        (6, "period"),
        (7, "period"),
        (8, "target"),
        (9, ""),
        (10, "realisasi"),
    }
    messages = {error.line: error.message for error in result.errors}
    assert "No employee" in messages[3]
    assert "not a number" in messages[5]
    assert "closed" in messages[6]
    assert "no appraisal period 2024-S2" in messages[7]
    assert "greater than 0" in messages[8]
    assert "line 2" in messages[9]
    assert (Score.objects.count(), AuditEntry.objects.count()) == (scores, entries)


def test_a_supervisor_imports_only_for_their_team(world):
    rows = [
        SCORE_HEADER,
        [world["pegawai"].employee.nip, "iki-kunjungan", "2025-Q2", "100", "90"],
        [world["other"].nip, "iki-kunjungan", "2025-Q2", "100", "90"],
    ]
    result = services.score_import(actor=world["atasan"], rows=parse(Kind.SCORES, csv_bytes(rows)), dry_run=False)
    assert errors_of(result) == {(3, "nip")}
    assert "Not your team" in result.errors[0].message
    assert not Score.objects.exists()

    own = services.score_import(actor=world["atasan"], rows=parse(Kind.SCORES, csv_bytes(rows[:2])), dry_run=False)
    assert own.written
    assert Score.objects.count() == 1


def test_a_failure_while_writing_undoes_the_whole_file(world, monkeypatch):
    def conflict(**kwargs):
        raise IntegrityError("a concurrent change")

    monkeypatch.setattr("backend.appraisal.imports.services.audit_bulk_record", conflict)
    nip = world["pegawai"].employee.nip
    rows = [SCORE_HEADER, [nip, "iki-kunjungan", "2025-Q2", "100", "90"], [nip, "iki-waktu", "2025", "10", "12"]]
    result = services.score_import(actor=world["hr"], rows=parse(Kind.SCORES, csv_bytes(rows)), dry_run=False)
    assert not result.written
    assert "Nothing was written" in result.errors[0].message
    assert not Score.objects.exists()


def test_validating_scores_takes_the_same_queries_for_20_or_200_rows(world):
    employees = EmployeeFactory.create_batch(200, unit=world["puskesmas"])
    user = world["hr"]
    access_for(user)  # computed once per request; not part of what is measured

    def queries(count):
        rows = [SCORE_HEADER] + [[e.nip, "iki-kunjungan", "2025-Q2", "100", "90,5"] for e in employees[:count]]
        parsed = parse(Kind.SCORES, csv_bytes(rows))
        with CaptureQueriesContext(connection) as context:
            result = services.score_import(actor=user, rows=parsed, dry_run=True)
        assert result.ok
        assert result.created == count
        return len(context.captured_queries)

    assert queries(20) == queries(200)


# --- IKM --------------------------------------------------------------------------

IKM_HEADER = ["kode_unit", "periode", "tanggal", *[f"u{i}" for i in range(1, 10)]]


@pytest.fixture
def survey(world):
    semester = PeriodFactory(
        year=2025, kind="semester", number=1, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 6, 30)
    )
    return IkmSurveyFactory(org_unit=world["puskesmas"], period=semester)


def test_ikm_csv_and_xlsx_add_responses_with_history_per_survey(world, survey):
    csv_data = csv_bytes(
        [IKM_HEADER, ["pkm-1", "2025-S1", "14/03/2025", *"344334423"], ["pkm-1", "2025-S1", "", *"444444444"]]
    )
    result = services.ikm_response_import(actor=world["koord_dinkes"], rows=parse(Kind.IKM, csv_data), dry_run=False)
    assert result.written
    assert result.created == 2
    xlsx_data = xlsx_bytes([IKM_HEADER, ["pkm-1", "2025-S1", datetime.date(2025, 3, 15), 3, 3, 3, 3, 3, 3, 3, 3, 3]])
    services.ikm_response_import(actor=world["hr"], rows=parse(Kind.IKM, xlsx_data), dry_run=False)
    responses = IkmResponse.objects.filter(survey=survey).order_by("id")
    assert [r.u1 for r in responses] == [3, 4, 3]
    assert responses[0].submitted_on == datetime.date(2025, 3, 14)
    history = AuditEntry.objects.filter(object_id=str(survey.pk), action="update").order_by("id")
    assert [entry.changes["responses"] for entry in history] == [[0, 2], [2, 3]]


def test_ikm_bad_rows_are_listed_and_nothing_is_added(world, survey):
    OrgUnitFactory(code="pkm-2", kind="puskesmas", parent=world["dinkes"])
    data = csv_bytes(
        [
            IKM_HEADER,
            ["pkm-1", "2025-S1", "", *"344334423"],
            ["pkm-1", "2025-S1", "", *"344334425"],
            ["pkm-1", "2025-S1", "", "x", *"44334423"],
            ["pkm-2", "2025-S1", "", *"344334423"],
            ["nowhere", "2025-S1", "", *"344334423"],
            ["pkm-1", "2025-S1", "31/02/2025", *"344334423"],
        ]
    )
    result = services.ikm_response_import(actor=world["hr"], rows=parse(Kind.IKM, data), dry_run=False)
    assert errors_of(result) == {(3, "u9"), (4, "u1"), (5, ""), (6, "unit_code"), (7, "submitted_on")}
    assert not IkmResponse.objects.exists()


def test_a_coordinator_imports_ikm_only_inside_their_scope(world, survey):
    data = csv_bytes([IKM_HEADER, ["pkm-1", "2025-S1", "", *"344334423"]])
    result = services.ikm_response_import(actor=world["koord_dikbud"], rows=parse(Kind.IKM, data), dry_run=False)
    assert errors_of(result) == {(2, "unit_code")}
    assert not IkmResponse.objects.exists()


# --- Pages ------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, kind, data, *, name="file.csv", preview_only=True):
    payload = {"file": SimpleUploadedFile(name, data)}
    if preview_only:
        payload["preview_only"] = "on"
    return client.post(reverse("import-upload", args=[kind]), payload)


def test_an_asn_without_a_role_gets_403(client, world):
    client.force_login(world["asn"])
    assert client.get(reverse("import-index")).status_code == 403
    assert client.get(reverse("import-upload", args=["scores"])).status_code == 403
    assert client.get(reverse("import-sample", args=["scores", "csv"])).status_code == 403


def test_the_index_shows_what_each_role_may_import(client, world):
    client.force_login(world["atasan"])
    page = client.get(reverse("import-index"))
    assert page.status_code == 200
    assert [p.kind for p in page.context["pages"]] == ["scores"]
    assert client.get(reverse("import-upload", args=["employees"])).status_code == 403
    client.force_login(world["hr"])
    assert [p.kind for p in client.get(reverse("import-index")).context["pages"]] == ["employees", "scores", "ikm"]


def test_templates_download(client, world):
    client.force_login(world["hr"])
    response = client.get(reverse("import-sample", args=["employees", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bangkom-employees.xlsx"')
    assert client.get(reverse("import-sample", args=["employees", "exe"])).status_code == 404


def test_preview_then_confirm_imports_once(client, world, media):
    client.force_login(world["hr"])
    data = csv_bytes([SCORE_HEADER, [world["pegawai"].employee.nip, "iki-kunjungan", "2025-Q2", "100", "85,5"]])
    preview = _upload(client, "scores", data)
    assert preview.status_code == 200
    assert preview.context["confirm"] is not None
    assert b"Import now" in preview.content
    assert not Score.objects.exists()

    token = preview.context["confirm"].initial["token"]
    confirm = client.post(reverse("import-confirm", args=["scores"]), {"token": token})
    assert confirm.status_code == 302
    assert Score.objects.get().realisasi == Decimal("85.50")
    again = client.post(reverse("import-confirm", args=["scores"]), {"token": token}, follow=True)
    assert "expired or was already imported" in again.content.decode()
    assert Score.objects.count() == 1


def test_a_staged_file_belongs_to_its_uploader(client, world, media):
    client.force_login(world["hr"])
    data = csv_bytes([SCORE_HEADER, [world["pegawai"].employee.nip, "iki-kunjungan", "2025-Q2", "100", "90"]])
    token = _upload(client, "scores", data).context["confirm"].initial["token"]
    client.force_login(world["atasan"])
    client.post(reverse("import-confirm", args=["scores"]), {"token": token})
    assert not Score.objects.exists()


def test_errors_block_the_import_button(client, world, media):
    client.force_login(world["hr"])
    data = csv_bytes([SCORE_HEADER, ["199001012015011009", "iki-kunjungan", "2025-Q2", "100", "abc"]])
    page = _upload(client, "scores", data)
    assert page.context["confirm"] is None
    content = page.content.decode()
    assert "nothing was written" in content
    assert "Import now" not in content
    assert [(e.line, e.column) for e in page.context["errors_shown"]] == [(2, "nip"), (2, "realisasi")]
    assert not any(media.rglob("*.csv"))


def test_unticking_preview_imports_at_once(client, world, media):
    client.force_login(world["hr"])
    data = xlsx_bytes([SCORE_HEADER, [world["pegawai"].employee.nip, "iki-kunjungan", "2025-Q2", 100, 70]])
    response = _upload(client, "scores", data, name="nilai.xlsx", preview_only=False)
    assert response.status_code == 302
    assert Score.objects.get().achievement == Decimal("70.00")


def test_oversized_or_foreign_files_are_refused_by_the_form(client, world, media, settings):
    settings.IMPORT_MAX_MB = 1
    client.force_login(world["hr"])
    page = _upload(client, "scores", b"x" * (1024 * 1024 + 1))
    assert "the limit is" in page.content.decode()
    page = _upload(client, "scores", b"MZ", name="virus.exe")
    assert page.context["form"].errors["file"]
