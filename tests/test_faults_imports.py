"""A failed import leaves the database exactly as it was.

Every import, through its page with the preview unticked, twice: a file whose valid rows are
followed by an invalid one, and a valid file whose write fails half-way (the database refuses
the history insert, after the rows themselves were written). Each time the row counts and a
checksum of every table an import touches, the history included, are the same afterwards.
"""

import csv
import datetime
import hashlib
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from backend.appraisal.models import IkmResponse, IkmSurvey, Score
from backend.audit.models import AuditEntry
from backend.people.choices import Role
from backend.people.models import Employee
from lms.models import Attendance, Enrollment, EnrollmentTransition, JpLedgerEntry, Notification
from tests.factories import (
    EmployeeFactory,
    IkmSurveyFactory,
    IndicatorFactory,
    PeriodFactory,
    PositionFactory,
    ScoreFactory,
    running_offering,
)

# transaction=True: each import commits or rolls back a real transaction, not a savepoint.
pytestmark = pytest.mark.django_db(transaction=True)

TOUCHED = (
    get_user_model(),
    Employee,
    Score,
    IkmSurvey,
    IkmResponse,
    Enrollment,
    EnrollmentTransition,
    Attendance,
    JpLedgerEntry,
    Notification,
    AuditEntry,
)
HEAD_NIP = "197803152005012002"
NURSE_NIP = "198904222014031001"
PPPK_NIP = "199506102023211004"


def database_state() -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a SHA-256 of every row's every column."""
    state = {}
    for model in TOUCHED:
        rows = list(model.objects.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


class FailingWrite:
    """Refuse, as a full disk or a lost connection would, the first write to ``table``."""

    def __init__(self, table: str):
        self.pattern = re.compile(rf'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?{table}"?\b', re.IGNORECASE)
        self.writes_before: list[str] = []
        self.fired = False

    def __call__(self, execute, sql, params, many, context):
        if not self.fired and self.pattern.match(sql):
            self.fired = True
            raise OperationalError("injected: could not extend file (disk full)")
        if re.match(r"^\s*(INSERT|UPDATE|DELETE)\b", sql, re.IGNORECASE):
            self.writes_before.append(sql[:80])
        return execute(sql, params, many, context)


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def world(two_agencies, make_login):
    u = two_agencies
    PositionFactory(name="Kepala Puskesmas", kind="pengawas", level="")
    PositionFactory(name="Perawat Ahli Pertama")
    PositionFactory(name="Perawat Terampil", level="terampil")
    nurse = EmployeeFactory(unit=u["puskesmas"], nip="199001012015012001")
    q2 = PeriodFactory(year=2025, kind="quarterly", number=2)
    indicator = IndicatorFactory(code="iki-kunjungan", org_unit=u["dinkes"])
    # A score the import would update, so that an update is rolled back too.
    ScoreFactory(employee=nurse, indicator=indicator, period=q2, target=100, realisasi=60)
    semester = PeriodFactory(
        year=2025, kind="semester", number=1, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 6, 30)
    )
    IkmSurveyFactory(org_unit=u["puskesmas"], period=semester)
    people = [EmployeeFactory(unit=u["school"], name=name) for name in ("Ani", "Budi", "Citra")]
    offering, _seats = running_offering(owner_unit=u["dikbud"], participants=people, sessions=2)
    return {
        "nurse": nurse,
        "people": people,
        "offering": offering,
        "hr": make_login(unit=u["bkpsdm"], roles=[Role.HR_ANALYST]),
        "coordinator": make_login(unit=u["dikbud"], roles=[Role.COORDINATOR], coordinator_unit=u["dikbud"]),
    }


def imports(world) -> dict:
    """Per import: who runs it, its page, a valid file's rows, and an invalid last row."""
    nurse, (ani, budi, citra) = world["nurse"], world["people"]
    day = world["offering"].start_date.isoformat()
    return {
        "employees": (
            "hr",
            reverse("import-upload", args=["employees"]),
            [
                ["nip", "nama", "kode_unit", "jabatan", "golongan", "nip_atasan"],
                [HEAD_NIP, "Siti Rahmawati", "pkm-1", "Kepala Puskesmas", "III/d", ""],
                [NURSE_NIP, "Andi Saputra", "pkm-1", "Perawat Ahli Pertama", "III/b", HEAD_NIP],
                [PPPK_NIP, "Rudi Hartono", "pkm-1", "Perawat Terampil", "VII", HEAD_NIP],
            ],
            ["1990", "Nomor Pendek", "pkm-1", "Perawat Terampil", "VII", ""],
        ),
        "scores": (
            "hr",
            reverse("import-upload", args=["scores"]),
            [
                ["nip", "kode_indikator", "periode", "target", "realisasi"],
                [nurse.nip, "iki-kunjungan", "2025-Q2", "100", "90"],
                [ani.nip, "iki-kunjungan", "2025-Q2", "100", "75"],
            ],
            [budi.nip, "iki-kunjungan", "2025-Q2", "100", "banyak"],
        ),
        "ikm": (
            "hr",
            reverse("import-upload", args=["ikm"]),
            [
                ["kode_unit", "periode", "tanggal", *[f"u{i}" for i in range(1, 10)]],
                ["pkm-1", "2025-S1", "14/03/2025", *"344334423"],
                ["pkm-1", "2025-S1", "15/03/2025", *"444444444"],
            ],
            ["pkm-1", "2025-S1", "16/03/2025", *"944444444"],
        ),
        "attendance": (
            "coordinator",
            reverse("offering-attendance-import", kwargs={"pk": world["offering"].pk}),
            [
                ["nip", "tanggal", "jam_mulai", "status"],
                [ani.nip, day, "08:00", "hadir"],
                [budi.nip, day, "08:00", "terlambat"],
            ],
            [citra.nip, day, "08:00", "mungkin"],
        ),
        "test-scores": (
            "coordinator",
            reverse("offering-scores-import", kwargs={"pk": world["offering"].pk}),
            [["nip", "pre_test", "post_test"], [ani.nip, "40", "75"], [budi.nip, "55", "80"]],
            [citra.nip, "50", "150"],
        ),
    }


KINDS = ["employees", "scores", "ikm", "attendance", "test-scores"]
# The table each import writes its rows to, before its history.
ROWS_TABLE = {
    "employees": Employee._meta.db_table,
    "scores": Score._meta.db_table,
    "ikm": IkmResponse._meta.db_table,
    "attendance": Attendance._meta.db_table,
    "test-scores": Enrollment._meta.db_table,
}


def log_in(client, world, kind) -> None:
    # Before the database is read: logging in writes the user's last login.
    client.force_login(world[imports(world)[kind][0]])


def post(client, world, kind, rows):
    url = imports(world)[kind][1]
    return client.post(url, {"file": SimpleUploadedFile(f"{kind}.csv", csv_bytes(rows))})


@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_file_is_written(client, world, kind):
    """The control: the same file without the fault changes the database."""
    _who, _url, valid, _invalid = imports(world)[kind]
    log_in(client, world, kind)
    before = database_state()
    response = post(client, world, kind, valid)
    assert response.status_code == 302, response.context and response.context["result"].errors
    assert database_state() != before


@pytest.mark.parametrize("kind", KINDS)
def test_an_invalid_row_after_valid_ones_writes_nothing(client, world, kind):
    _who, _url, valid, invalid = imports(world)[kind]
    log_in(client, world, kind)
    before = database_state()
    response = post(client, world, kind, [*valid, invalid])
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.written
    assert [error.line for error in result.errors] == [len(valid) + 1]
    assert database_state() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_write_failing_half_way_is_rolled_back(client, world, kind):
    _who, _url, valid, _invalid = imports(world)[kind]
    log_in(client, world, kind)
    before = database_state()
    fault = FailingWrite(AuditEntry._meta.db_table)
    with connection.execute_wrapper(fault), pytest.raises(OperationalError, match="injected"):
        post(client, world, kind, valid)
    # The rows themselves had been written when the history insert failed.
    assert fault.fired
    assert any(ROWS_TABLE[kind] in write for write in fault.writes_before), fault.writes_before
    assert database_state() == before
