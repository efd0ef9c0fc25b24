"""The demo's indicator library: each OPD's IKU and the IKI its staff cascade from them.

Names and units of measure are written as a Bungo SKP would write them: data, in
Indonesian, like the unit and position names of the people demo. An IKI is one row per
OPD and template (``dinkes-pasien-sop``), shared by every employee of the OPD who carries it.
"""

from dataclasses import dataclass

from backend.appraisal.choices import Aspect, Direction, IndicatorCategory
from backend.people.choices import OrgUnitKind, PositionKind

P, Q, S = IndicatorCategory.PRODUCTIVITY, IndicatorCategory.SERVICE_QUALITY, IndicatorCategory.COMMUNITY_SATISFACTION
QTY, QLT, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
LOWER = Direction.LOWER_IS_BETTER
# The IKM target of a service unit: the middle of grade B.
IKM_TARGET = 82


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    category: str
    aspect: str
    unit: str
    # A fixed target, or (low, high, step): drawn per employee and year.
    target: float | tuple[int, int, int]
    direction: str = Direction.HIGHER_IS_BETTER
    # The largest realisasi there can be (100 for a share).
    cap: float | None = None
    decimals: int = 0
    # Systematic effect on achievement: negative for indicators that are hard to meet.
    difficulty: float = 0.0
    # IKU keys this IKI may cascade from, the first the OPD has wins; "sasaran" otherwise.
    parents: tuple[str, ...] = ()
    # "ikm": realisasi is the unit's IKM; "puskesmas_ikm": the share of puskesmas graded B or better.
    source: str = ""


def _pct(key, name, target, *, category=Q, aspect=QLT, difficulty=0.0, parents=()) -> Template:
    return Template(
        key, name, category, aspect, "%", target, cap=100, decimals=1, difficulty=difficulty, parents=parents
    )


IKU = {
    t.key: t
    for t in (
        _pct("sasaran", "Persentase capaian sasaran strategis perangkat daerah", 90, category=P, aspect=QTY),
        _pct("anggaran", "Persentase realisasi anggaran perangkat daerah", 90, category=P, aspect=QTY),
        _pct("layanan", "Persentase layanan diselesaikan tepat waktu", 90, aspect=TIME),
        Template("ikm", "Indeks Kepuasan Masyarakat (IKM)", S, QLT, "indeks", IKM_TARGET, decimals=2, source="ikm"),
        _pct("spm-kes", "Persentase capaian SPM bidang kesehatan", 90),
        Template(
            "pkm-ikm",
            "Persentase puskesmas dengan IKM minimal kategori Baik",
            Q,
            QLT,
            "%",
            90,
            decimals=2,
            source="puskesmas_ikm",
        ),
        _pct("spm-rs", "Persentase capaian standar pelayanan minimal rumah sakit", 90),
        Template("tunggu-rj", "Rata-rata waktu tunggu rawat jalan", Q, TIME, "menit", 60, LOWER, difficulty=-0.03),
        _pct("tuntas", "Persentase peserta didik tuntas belajar", 85, difficulty=-0.02),
        _pct("akreditasi", "Persentase sekolah terakreditasi minimal B", 80, category=P),
        _pct("izin-tepat", "Persentase izin terbit sesuai standar waktu", 92, aspect=TIME),
        Template("hari-izin", "Rata-rata hari penyelesaian izin", P, TIME, "hari", 5, LOWER, decimals=1),
        _pct("adminduk", "Persentase penduduk memiliki dokumen kependudukan lengkap", 95, category=P, aspect=QTY),
        _pct("jp-asn", "Persentase ASN memenuhi 20 JP pengembangan kompetensi", 80, category=P, aspect=QTY),
    )
}
GENERIC_IKU = ("sasaran", "anggaran", "layanan")
# OPD code → its own IKU, besides the generic ones; kecamatan add "ikm".
OPD_IKU = {
    "dinkes": ("spm-kes", "pkm-ikm"),
    "rsud-hanafie": ("spm-rs", "tunggu-rj", "ikm"),
    "dikbud": ("tuntas", "akreditasi"),
    "dpmptsp": ("izin-tepat", "hari-izin", "ikm"),
    "disdukcapil": ("adminduk", "ikm"),
    "bkpsdm": ("jp-asn",),
}
# Whole OPDs surveyed as one service unit; Dinas Kesehatan is surveyed puskesmas by puskesmas.
SERVICE_OPDS = ("rsud-hanafie", "dpmptsp", "disdukcapil")
# The head of an OPD is appraised on its IKU, at most this many.
HEAD_IKU = 4

IKI = {
    t.key: t
    for t in (
        # Clinical staff of puskesmas and the hospital.
        _pct("pasien-sop", "Persentase pasien dilayani sesuai SOP", 90, parents=("spm-kes", "spm-rs")),
        _pct(
            "rekam-medis",
            "Persentase rekam medis/asuhan terdokumentasi lengkap",
            85,
            difficulty=-0.02,
            parents=("spm-kes", "spm-rs"),
        ),
        Template(
            "waktu-tunggu",
            "Rata-rata waktu tunggu pelayanan pasien",
            Q,
            TIME,
            "menit",
            30,
            LOWER,
            parents=("tunggu-rj", "spm-kes"),
        ),
        Template(
            "kunjungan", "Jumlah pasien dilayani", P, QTY, "pasien", (240, 480, 20), parents=("spm-kes", "spm-rs")
        ),
        # Teachers.
        _pct("tuntas-kkm", "Persentase siswa tuntas KKM", 85, difficulty=-0.05, parents=("tuntas",)),
        _pct("rpp", "Persentase perangkat pembelajaran disusun tepat waktu", 90, aspect=TIME, parents=("tuntas",)),
        Template("jam-mengajar", "Jumlah jam pelajaran terlaksana", P, QTY, "JP", (264, 312, 12), parents=("tuntas",)),
        # Permit staff (DPMPTSP).
        Template(
            "hari-izin",
            "Rata-rata hari penyelesaian izin",
            P,
            TIME,
            "hari",
            5,
            LOWER,
            decimals=1,
            difficulty=-0.07,
            parents=("hari-izin",),
        ),
        Template(
            "izin-proses", "Jumlah berkas izin diproses", P, QTY, "berkas", (90, 180, 10), parents=("izin-tepat",)
        ),
        _pct("izin-tepat", "Persentase izin terbit tepat waktu", 92, aspect=TIME, parents=("izin-tepat",)),
        # Civil registry (Dukcapil).
        Template(
            "dok-adminduk",
            "Jumlah dokumen kependudukan diterbitkan",
            P,
            QTY,
            "dokumen",
            (450, 900, 50),
            parents=("adminduk",),
        ),
        _pct(
            "adminduk-tepat",
            "Persentase dokumen kependudukan terbit tepat waktu",
            95,
            aspect=TIME,
            parents=("layanan",),
        ),
        _pct("data-valid", "Persentase data kependudukan valid", 97, parents=("adminduk",)),
        # Front office of the kecamatan.
        _pct(
            "layanan-tepat",
            "Persentase layanan administrasi selesai tepat waktu",
            92,
            aspect=TIME,
            parents=("layanan",),
        ),
        Template(
            "jml-layanan",
            "Jumlah layanan administrasi diproses",
            P,
            QTY,
            "layanan",
            (120, 300, 20),
            parents=("layanan",),
        ),
        # Administrative staff.
        Template("dokumen", "Jumlah dokumen diproses", P, QTY, "dokumen", (120, 220, 10), parents=("layanan",)),
        _pct("surat-tepat", "Persentase naskah dinas diselesaikan tepat waktu", 92, aspect=TIME, parents=("layanan",)),
        _pct("arsip", "Persentase arsip tertata sesuai klasifikasi", 88, difficulty=-0.04),
        # Other functional staff.
        Template("kajian", "Jumlah laporan/telaahan teknis diselesaikan", P, QTY, "dokumen", (6, 12, 1)),
        _pct("kegiatan", "Persentase kegiatan terlaksana sesuai rencana", 90, category=P, aspect=QTY),
        _pct("rekomendasi", "Persentase rekomendasi ditindaklanjuti", 85, difficulty=-0.04),
        # Heads of sub-units (bidang, sekolah, puskesmas …).
        _pct("capaian-unit", "Persentase capaian target kinerja unit", 90, category=P, aspect=QTY),
        _pct("anggaran-unit", "Persentase realisasi anggaran unit", 90, category=P, aspect=QTY, parents=("anggaran",)),
        _pct("rencana-aksi", "Persentase rencana aksi terlaksana", 90, category=P, aspect=TIME),
        # Everyone who serves the public in a surveyed unit.
        Template(
            "ikm-unit",
            "IKM unit layanan",
            S,
            QLT,
            "indeks",
            IKM_TARGET,
            decimals=2,
            parents=("ikm", "pkm-ikm"),
            source="ikm",
        ),
    )
}

# Role → (IKI every such employee carries, IKI drawn from).
ROLE_IKI = {
    "clinical": (("pasien-sop", "rekam-medis"), ("waktu-tunggu", "kunjungan")),
    "teacher": (("tuntas-kkm",), ("rpp", "jam-mengajar")),
    "permit": (("hari-izin",), ("izin-proses", "izin-tepat")),
    "registry": (("dok-adminduk",), ("adminduk-tepat", "data-valid")),
    "frontline": (("layanan-tepat",), ("jml-layanan", "dokumen")),
    "admin": (("dokumen",), ("surat-tepat", "arsip")),
    "specialist": (("kajian",), ("kegiatan", "rekomendasi")),
    "head": (("capaian-unit",), ("anggaran-unit", "rencana-aksi")),
}
CLINICAL = frozenset(
    {
        *("dokter_ap", "dokter_am", "dokter_spesialis", "dokter_gigi", "apoteker", "ttk", "pranata_labkes"),
        *("perawat_t", "perawat_m", "perawat_ap", "perawat_am", "bidan_t", "bidan_m", "bidan_ap"),
        *("nutrisionis", "sanitarian", "perekam_medis", "radiografer", "fisioterapis"),
    }
)
TEACHERS = frozenset({"guru_ap", "guru_am", "guru_amd"})
ADMIN_FUNCTIONAL = frozenset({"arsiparis_t", "pustakawan_t", "pranata_komputer_t", "pranata_komputer_ap"})


def iku_keys(opd_code: str, opd_kind: str) -> tuple[str, ...]:
    """The OPD's IKU, its own first."""
    own = OPD_IKU.get(opd_code, ("ikm",) if opd_kind == OrgUnitKind.KECAMATAN else ())
    return own + GENERIC_IKU


def iku_code(opd_code: str, key: str) -> str:
    return f"{opd_code}-iku-{key}"


def iki_code(opd_code: str, key: str) -> str:
    return f"{opd_code}-{key}"


def parent_key(template: Template, opd_ikus: tuple[str, ...]) -> str:
    return next((key for key in template.parents if key in opd_ikus), "sasaran")


def role_of(*, position: str, position_kind: str, opd_code: str, opd_kind: str) -> str:
    """Which IKI an employee (not an OPD head) is appraised on, from post and place."""
    if position_kind in (PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS) or position == "kepala_sekolah":
        return "head"
    if position in CLINICAL:
        return "clinical"
    if position in TEACHERS:
        return "teacher"
    if opd_code == "dpmptsp":
        return "permit"
    if opd_code == "disdukcapil":
        return "registry"
    if opd_kind == OrgUnitKind.KECAMATAN:
        return "frontline"
    if position_kind == PositionKind.PELAKSANA or position in ADMIN_FUNCTIONAL:
        return "admin"
    return "specialist"
