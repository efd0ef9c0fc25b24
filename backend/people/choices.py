"""Closed vocabularies of the people app (DOMAIN.md, "Who is who")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    PNS = "PNS", _("PNS (civil servant)")
    PPPK = "PPPK", _("PPPK (contract civil servant)")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


# PNS golongan/ruang with their pangkat (proper names, not translated).
PNS_GRADES = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
PNS_GRADE_CODES = [code for code, _rank in PNS_GRADES]
GRADE_CHOICES = [(code, f"{code} – {rank}") for code, rank in PNS_GRADES] + [
    (code, f"{code} (PPPK)") for code in PPPK_GRADES
]
GRADES_BY_TYPE = {EmploymentType.PNS: PNS_GRADE_CODES, EmploymentType.PPPK: PPPK_GRADES}
PANGKAT_BY_GRADE = dict(PNS_GRADES)


class PositionKind(models.TextChoices):
    JPT = "jpt", _("Senior executive (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Supervisor post (Pengawas)")
    PELAKSANA = "pelaksana", _("Implementer (Pelaksana)")
    FUNGSIONAL = "fungsional", _("Functional")


class PositionLevel(models.TextChoices):
    NONE = "", _("—")
    UTAMA = "utama", _("Utama")
    MADYA = "madya", _("Madya")
    PRATAMA = "pratama", _("Pratama")
    KLEREK = "klerek", _("Klerek")
    OPERATOR = "operator", _("Operator")
    TEKNISI = "teknisi", _("Teknisi")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


LEVELS_BY_KIND = {
    PositionKind.JPT: [PositionLevel.UTAMA, PositionLevel.MADYA, PositionLevel.PRATAMA],
    PositionKind.ADMINISTRATOR: [PositionLevel.NONE],
    PositionKind.PENGAWAS: [PositionLevel.NONE],
    PositionKind.PELAKSANA: [PositionLevel.KLEREK, PositionLevel.OPERATOR, PositionLevel.TEKNISI],
    PositionKind.FUNGSIONAL: [
        PositionLevel.AHLI_PERTAMA,
        PositionLevel.AHLI_MUDA,
        PositionLevel.AHLI_MADYA,
        PositionLevel.AHLI_UTAMA,
        PositionLevel.PEMULA,
        PositionLevel.TERAMPIL,
        PositionLevel.MAHIR,
        PositionLevel.PENYELIA,
    ],
}


class OrgUnitKind(models.TextChoices):
    # Perangkat daerah (OPD): the top of the tree.
    SEKRETARIAT = "sekretariat", _("Secretariat")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    DINAS = "dinas", _("Agency (Dinas)")
    BADAN = "badan", _("Board (Badan)")
    SATUAN = "satuan", _("Unit (Satuan)")
    RSUD = "rsud", _("Regional hospital (RSUD)")
    KECAMATAN = "kecamatan", _("District office (Kecamatan)")
    # Units inside an OPD.
    BIDANG = "bidang", _("Division (Bidang/Bagian)")
    UPT = "upt", _("Technical unit (UPT)")
    PUSKESMAS = "puskesmas", _("Community health centre (Puskesmas)")
    SEKOLAH = "sekolah", _("School")
    KELURAHAN = "kelurahan", _("Urban village (Kelurahan)")


OPD_KINDS = [
    OrgUnitKind.SEKRETARIAT,
    OrgUnitKind.INSPEKTORAT,
    OrgUnitKind.DINAS,
    OrgUnitKind.BADAN,
    OrgUnitKind.SATUAN,
    OrgUnitKind.RSUD,
    OrgUnitKind.KECAMATAN,
]


class Role(models.TextChoices):
    """Granted roles. Being an ASN and being a supervisor are not granted:
    the first follows from having an employee record, the second from having
    subordinates."""

    COORDINATOR = "coordinator", _("Training coordinator")
    HR_ANALYST = "hr_analyst", _("HR analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
