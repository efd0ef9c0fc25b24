"""Kabupaten Bungo (Jambi) as the demo regency: its OPDs and the units inside them.

The OPDs and the 17 kecamatan follow the regency; bidang names follow the usual
nomenclature of Permendagri 90/2019. School numbers, puskesmas and kelurahan
are illustrative, not an official register.

The OPD table is in ``opds.py``. Units are written as text, one per line:
``Unit name @weight: position_key=weight ...``; the optional ``@weight`` is the
unit's share of the staff budget, the keys after the colon are the specialists
drawn in that unit besides its staffing profile.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from backend.people.choices import OrgUnitKind as K

CODE_MAX = 40
_STOPWORDS = {"dan", "serta"}


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    # Position key of the unit's head.
    head: str
    # Staffing profile key (positions.PROFILES); empty: the unit has its head only.
    profile: str = ""
    # Share of the staff budget.
    weight: float = 0.0
    # Heads are filled by tier when there are too few employees for every unit.
    tier: int = 3
    # (position key, weight) drawn in this unit besides its profile.
    extra: tuple[tuple[str, float], ...] = ()
    # Discipline, for the academic titles of generalist posts.
    field: str = "umum"
    children: tuple["UnitSpec", ...] = ()
    competency_agency: bool = False


HEAD_BY_KIND = {
    K.DINAS: "kepala_dinas",
    K.BADAN: "kepala_badan",
    K.INSPEKTORAT: "inspektur",
    K.SATUAN: "kasatpol",
    K.RSUD: "direktur_rsud",
}
SECRETARY_BY_KIND = {
    K.DINAS: "sekretaris_dinas",
    K.INSPEKTORAT: "sekretaris_inspektorat",
    K.SATUAN: "sekretaris_satpol",
}


def _code(prefix: str, name: str) -> str:
    words = [w for w in slugify(name).split("-") if w not in _STOPWORDS]
    code = prefix
    for word in words:
        if len(code) + 1 + len(word) > CODE_MAX:
            break
        code = f"{code}-{word}"
    return code


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    pairs = (item.partition("=") for item in text.split())
    return tuple((key, float(weight or 2)) for key, _eq, weight in pairs)


def _sub(opd: str, opd_kind: str, line: str, *, field: str, specialists, tier: int, scale: float) -> UnitSpec:
    label, _colon, extra_text = (part.strip() for part in line.partition(":"))
    name, _at, weight_text = (part.strip() for part in label.partition("@"))
    extra = _weights(extra_text)
    weight = float(weight_text) if weight_text else 3 * scale
    if name == "Sekretariat":
        head = SECRETARY_BY_KIND.get(opd_kind, "sekretaris_badan")
        return UnitSpec(f"{opd}-sekretariat", name, K.BIDANG, head, "sekretariat", weight, tier, extra, field)
    if name.startswith("Bagian"):
        code = _code(opd, name.removeprefix("Bagian "))
        return UnitSpec(code, name, K.BIDANG, "kepala_bagian", "bagian", weight, tier, extra, field)
    if name.startswith("UPTD"):
        code = _code(f"{opd}-uptd", name.removeprefix("UPTD "))
        return UnitSpec(code, name, K.UPT, "kepala_uptd", "uptd", weight * 0.8, 4, extra + specialists, field)
    if name.startswith("Inspektur Pembantu"):
        # "Inspektur Pembantu Wilayah IV" is known as Irban IV.
        code = _code(opd, f"irban {name.split()[-1]}")
        return UnitSpec(code, name, K.BIDANG, "inspektur_pembantu", "bidang", weight, tier, extra + specialists, field)
    code = _code(opd, name.removeprefix("Bidang "))
    return UnitSpec(code, name, K.BIDANG, "kepala_bidang", "bidang", weight, tier, extra + specialists, field)


def opd(code, name, kind, units, *, field="umum", specialists="", key=False, scale=1.0, more=(), **kw) -> UnitSpec:
    """An OPD; the units of ``key`` OPDs (BKPSDM, education, health) get their heads first."""
    tier = 2 if key else 3
    shared = _weights(specialists)
    lines = [line.strip() for line in units.strip().splitlines() if line.strip()]
    children = tuple(_sub(code, kind, line, field=field, specialists=shared, tier=tier, scale=scale) for line in lines)
    kw.setdefault("head", HEAD_BY_KIND.get(kind))
    kw.setdefault("tier", 1)
    return UnitSpec(code, name, kind, field=field, children=children + tuple(more), **kw)


KECAMATAN = (
    "Bathin II Babeko",
    "Bathin II Pelayang",
    "Bathin III",
    "Bathin III Ulu",
    "Bungo Dani",
    "Jujuhan",
    "Jujuhan Ilir",
    "Limbur Lubuk Mengkuang",
    "Muko-Muko Bathin VII",
    "Pasar Muara Bungo",
    "Pelepat",
    "Pelepat Ilir",
    "Rantau Pandan",
    "Rimbo Tengah",
    "Tanah Sepenggal",
    "Tanah Sepenggal Lintas",
    "Tanah Tumbuh",
)
KELURAHAN = {
    "Pasar Muara Bungo": ("Bungo Barat", "Bungo Timur", "Jaya Setia", "Tanjung Gedang"),
    "Rimbo Tengah": ("Cadika", "Manggis", "Sungai Buluh"),
    "Bungo Dani": ("Sungai Kerjan", "Sungai Pinang"),
}
# State schools per kecamatan in the demo (two SD and one SMP unless listed).
SD_PER_KECAMATAN = {"Pasar Muara Bungo": 6, "Rimbo Tengah": 4, "Bungo Dani": 3, "Pelepat Ilir": 3, "Tanah Tumbuh": 3}
SMP_PER_KECAMATAN = {"Pasar Muara Bungo": 4, "Rimbo Tengah": 2}
PUSKESMAS = (
    "Muara Bungo I",
    "Muara Bungo II",
    "Rimbo Tengah",
    "Bungo Dani",
    "Babeko",
    "Bathin II Pelayang",
    "Sungai Binjai",
    "Muara Buat",
    "Jujuhan",
    "Jujuhan Ilir",
    "Limbur Lubuk Mengkuang",
    "Muko-Muko Bathin VII",
    "Pelepat",
    "Pelepat Ilir",
    "Kuamang Kuning",
    "Rantau Pandan",
    "Lubuk Landai",
    "Tanah Sepenggal Lintas",
    "Tanah Tumbuh",
)
# Its head is the demo "atasan"; the unit is staffed even in the smallest seed.
ANCHOR_PUSKESMAS = "pkm-muara-bungo-i"


def _town(kecamatan: str) -> str:
    return "Muara Bungo" if kecamatan == "Pasar Muara Bungo" else kecamatan


def school_units() -> tuple[UnitSpec, ...]:
    sd = [kec for kec in KECAMATAN for _ in range(SD_PER_KECAMATAN.get(kec, 2))]
    smp = [kec for kec in KECAMATAN for _ in range(SMP_PER_KECAMATAN.get(kec, 1))]
    return tuple(
        UnitSpec(
            f"sdn-{n:03d}",
            f"SD Negeri {n}/II {_town(kec)}",
            K.SEKOLAH,
            "kepala_sekolah",
            "sd",
            6,
            4,
            field="pendidikan",
        )
        for n, kec in enumerate(sd, start=1)
    ) + tuple(
        UnitSpec(
            f"smpn-{n:02d}",
            f"SMP Negeri {n} {_town(kec)}",
            K.SEKOLAH,
            "kepala_sekolah",
            "smp",
            10,
            4,
            field="pendidikan",
        )
        for n, kec in enumerate(smp, start=1)
    )


def puskesmas_units() -> tuple[UnitSpec, ...]:
    units = []
    for name in PUSKESMAS:
        code = _code("pkm", name)
        tier = 1 if code == ANCHOR_PUSKESMAS else 2
        units.append(
            UnitSpec(
                code, f"Puskesmas {name}", K.PUSKESMAS, "kepala_puskesmas", "puskesmas", 12, tier, field="kesehatan"
            )
        )
    return tuple(units)


def kecamatan_units() -> tuple[UnitSpec, ...]:
    return tuple(
        UnitSpec(
            _code("kec", kec),
            f"Kecamatan {kec}",
            K.KECAMATAN,
            "camat",
            "kecamatan",
            4,
            1,
            field="pemerintahan",
            children=tuple(
                UnitSpec(
                    _code("kel", kel), f"Kelurahan {kel}", K.KELURAHAN, "lurah", "kelurahan", 2, 4, field="pemerintahan"
                )
                for kel in KELURAHAN.get(kec, ())
            ),
        )
        for kec in KECAMATAN
    )


def walk(units, parent: UnitSpec | None = None):
    """Every unit in tree order, with its parent (None for an OPD)."""
    for unit in units:
        yield unit, parent
        yield from walk(unit.children, unit)
