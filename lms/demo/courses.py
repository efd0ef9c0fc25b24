"""The demo's ~170 courses, each mapped to the appraisal demo's IKI templates with a weight.

A target names an IKI template of ``backend.appraisal.demo.library.IKI`` (``rekam-medis``);
the course then targets every OPD's indicator of that template (``dinkes-rekam-medis``,
``rsud-hanafie-rekam-medis`` …). Weights say how directly the course answers the indicator.

The table has two lines per course, the way a training unit keeps its catalog in a sheet::

    code | type JP | theme | targets (template or template:weight) | competency codes
        Title | extras

Extras: ``by:<provider>`` (BKPSDM when absent), ``@<unit>`` owning the offerings (BKPSDM
when absent), ``approval`` (supervisor approval needed), ``after:<course>`` (prerequisite),
``posts:<group or position keys>`` and ``units:<unit>`` (mandatory for). The theme picks the
session topics and the trainers (``catalog.TOPICS``, ``catalog.TRAINERS``).
"""

from dataclasses import dataclass

from lms.demo.course_table import TABLE

PROVIDERS = {
    "": "BKPSDM Kabupaten Bungo",
    "bpsdm": "BPSDM Provinsi Jambi",
    "bapelkes": "Bapelkes Provinsi Jambi",
    "dinkes": "Dinas Kesehatan Kabupaten Bungo",
    "rsud": "RSUD H. Hanafie Muara Bungo",
    "dikbud": "Dinas Pendidikan dan Kebudayaan Kabupaten Bungo",
    "bpmp": "BPMP Provinsi Jambi",
    "lkpp": "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
    "anri": "Arsip Nasional Republik Indonesia",
    "lan": "Lembaga Administrasi Negara",
    "kemendagri": "BPSDM Kementerian Dalam Negeri",
    "dukcapil": "Ditjen Dukcapil Kementerian Dalam Negeri",
    "komdigi": "Kementerian Komunikasi dan Digital",
    "bpkp": "BPKP Perwakilan Provinsi Jambi",
    "ombudsman": "Ombudsman RI Perwakilan Jambi",
    "kemenkes": "Kementerian Kesehatan (Plataran Sehat)",
    "kemendik": "Kementerian Pendidikan Dasar dan Menengah",
    "bpbd-jambi": "BPBD Provinsi Jambi",
}
# Posts a leadership course is mandatory for (position keys of the people demo).
POSTS = {
    "pengawas": ("kepala_seksi", "kasubbag", "lurah", "seklur", "kepala_puskesmas", "kepala_uptd"),
    "administrator": (
        *("camat", "sekretaris_dinas", "sekretaris_badan", "kepala_bidang", "kepala_bagian"),
        *("inspektur_pembantu", "sekcam"),
    ),
}


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    type: str
    jp: int
    theme: str
    # IKI template key → weight.
    targets: dict[str, float]
    competencies: tuple[str, ...]
    provider: str = PROVIDERS[""]
    owner: str = "bkpsdm"
    approval: bool = False
    prerequisites: tuple[str, ...] = ()
    mandatory_positions: tuple[str, ...] = ()
    mandatory_units: tuple[str, ...] = ()
    description: str = ""


def _targets(text: str) -> dict[str, float]:
    pairs = (item.partition(":") for item in text.split())
    return {key: float(weight or 1) for key, _colon, weight in pairs}


def _spec(head: str, tail: str) -> CourseSpec:
    code, kind, theme, targets, competencies = (part.strip() for part in head.split("|"))
    title, _bar, extra_text = (part.strip() for part in tail.partition("|"))
    type_, jp = kind.split()
    extras = {"provider": PROVIDERS[""]}
    lists = {"prerequisites": [], "mandatory_positions": [], "mandatory_units": []}
    for item in extra_text.split():
        name, _colon, value = item.partition(":")
        if item == "approval":
            extras["approval"] = True
        elif item.startswith("@"):
            extras["owner"] = item[1:]
        elif name == "by":
            extras["provider"] = PROVIDERS[value]
        elif name == "after":
            lists["prerequisites"].append(value)
        elif name == "posts":
            lists["mandatory_positions"] += POSTS.get(value, value.split(","))
        elif name == "units":
            lists["mandatory_units"].append(value)
        else:
            raise ValueError(f"{code}: unknown extra {item!r}")
    return CourseSpec(
        code=code,
        title=title,
        type=type_,
        jp=int(jp),
        theme=theme,
        targets=_targets(targets),
        competencies=tuple(competencies.split()),
        **extras,
        **{name: tuple(values) for name, values in lists.items()},
    )


def _parse(table: str) -> tuple[CourseSpec, ...]:
    lines = [line for line in table.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(_spec(lines[i], lines[i + 1]) for i in range(0, len(lines), 2))


COURSES = _parse(TABLE)
