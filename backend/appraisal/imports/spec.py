"""The columns each import accepts: canonical names, the headers people actually type, and limits.

Headers are matched after normalising (case, spaces and punctuation ignored), so
``Kode Unit``, ``kode_unit`` and ``KODE-UNIT`` are one column. Indonesian headers
are first-class: the templates users download use them.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import IKM_ELEMENTS

MAX_ROWS = 20_000
PREVIEW_ROWS = 20


class Kind:
    EMPLOYEES = "employees"
    SCORES = "scores"
    IKM = "ikm"


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    required: bool
    help: Promise
    example: str
    aliases: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def normalise_header(text) -> str:
    """``" Kode Unit "`` → ``kode_unit``; a BOM or stray punctuation does not make a new column."""
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").replace("\ufeff", "").strip().lower()).strip("_")


_PERIOD_HELP = _("2025 (year), 2025-S1 (semester), 2025-Q2 (quarter, also 2025-TW2), 2025-M03 (month).")
_NIP_HELP = _("18 digits; spaces as printed are ignored. In Excel, format the column as Text.")

EMPLOYEE_COLUMNS = (
    Column(
        "nip",
        _("NIP / NI PPPK"),
        True,
        _NIP_HELP,
        "197803152005012002",
        ("nip_ni_pppk", "ni_pppk", "nomor_induk"),
    ),
    Column("name", _("Name"), True, _("Without academic titles."), "Siti Rahmawati", ("nama", "nama_lengkap")),
    Column(
        "unit_code",
        _("Unit code"),
        True,
        _("The code of a unit in Bangkom (see Organisation)."),
        "pkm-muara-bungo-i",
        ("kode_unit", "unit", "kode_unit_kerja"),
    ),
    Column(
        "position",
        _("Position"),
        True,
        _("The name of a position in Bangkom; case is ignored."),
        "Kepala Puskesmas",
        ("jabatan", "nama_jabatan"),
    ),
    Column(
        "grade",
        _("Grade"),
        True,
        _("PNS I/a … IV/e, PPPK I … XVII; it must fit the type the number encodes."),
        "III/d",
        ("golongan", "gol", "golongan_ruang"),
    ),
    Column(
        "supervisor_nip",
        _("Supervisor NIP"),
        False,
        _("The appraiser: an existing employee or another row of the same file. Empty for none."),
        "",
        ("nip_atasan", "atasan", "nip_penilai"),
    ),
    Column("front_title", _("Title before name"), False, _("Optional."), "dr.", ("gelar_depan",)),
    Column("back_title", _("Title after name"), False, _("Optional."), "M.Kes", ("gelar_belakang",)),
    Column("birth_place", _("Birth place"), False, _("Optional."), "Muara Bungo", ("tempat_lahir",)),
    Column("email", _("E-mail"), False, _("Optional."), "", ("surel", "e_mail")),
)

SCORE_COLUMNS = (
    Column("nip", _("NIP / NI PPPK"), True, _NIP_HELP, "198904222014031001", ("nip_ni_pppk", "ni_pppk")),
    Column(
        "indicator_code",
        _("Indicator code"),
        True,
        _("The code of an indicator in Bangkom."),
        "dinkes-kunjungan",
        ("kode_indikator", "indikator", "kode_iki"),
    ),
    Column("period", _("Period"), True, _PERIOD_HELP, "2025-Q4", ("periode",)),
    Column(
        "target",
        _("Target"),
        True,
        _("A number above 0; a decimal comma (85,5) or point (85.5), no thousands separator."),
        "100",
    ),
    Column(
        "realisasi",
        _("Realisasi"),
        True,
        _("A number, 0 or more; written like the target."),
        "85,5",
        ("realization", "actual", "capaian"),
    ),
)

IKM_COLUMNS = (
    Column(
        "unit_code",
        _("Unit code"),
        True,
        _("The service unit whose survey the answers belong to."),
        "pkm-muara-bungo-i",
        ("kode_unit", "unit", "unit_layanan"),
    ),
    Column("period", _("Period"), True, _PERIOD_HELP, "2025-Q4", ("periode",)),
    Column(
        "submitted_on",
        _("Date filled in"),
        False,
        _("2025-11-14 or 14/11/2025; empty means today."),
        "2025-11-14",
        ("tanggal", "tanggal_isi", "date"),
    ),
    *(Column(element, element.upper(), True, _("A whole number from 1 to 4."), "3") for element in IKM_ELEMENTS),
)

COLUMNS = {Kind.EMPLOYEES: EMPLOYEE_COLUMNS, Kind.SCORES: SCORE_COLUMNS, Kind.IKM: IKM_COLUMNS}


def column_label(kind: str, name: str) -> str:
    for column in COLUMNS[kind]:
        if column.name == name:
            return str(column.label)
    return name
