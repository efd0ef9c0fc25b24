"""A lean synthetic regency for the suggestion and impact benchmarks, written with ``bulk_create``.

The demo (``seed_regency``, ``seed_appraisal``, ``seed_lms``) goes through the services, one
validated and audited row at a time: far too slow for 64,000 employees. This writes only what
the engines read, straight into a throwaway database, and keeps to every database constraint
(NIP digits against employment type, grades, unit paths, statuses, date windows):

- 50 OPDs (the first is the BKPSDM) with 5 units each, 12 positions, ``employees`` employees
  (85 % PNS) with valid, unique NIPs;
- 40 indicators; 8 quarterly periods over 2024–2025; each employee carries 3 indicators of
  their OPD's pool, scored every quarter (target 100, realisasi = achievement, higher is
  better): a lasting level around 93 % plus quarterly noise, so about 16 % of scores fall
  below the 80 % threshold;
- 60 courses aimed at 2 indicators each (a few with a prerequisite); finished offerings from
  April 2024 to June 2025 that about one employee in eight completed, four in five of them
  weak on one of the course's indicators in the quarter before; a participant's later scores
  on those indicators rise by the course's effect (0–8 points, drawn per course);
- 40 published offerings still to start and taking requests, one a day from a week ahead,
  each with 2 morning sessions on consecutive days (neighbours overlap) and 10 seats taken.

The training rows are written by ``lms.bench.suggestion_training``. Deterministic for a seed
and a day (upcoming dates are counted from today).
"""

import datetime
import random
import time
from array import array
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lms.bench.suggestion_training import past_training, upcoming_offerings

BATCH = 5000
OPDS = 50
UNITS_PER_OPD = 5
INDICATORS = 40
POOL = 8  # indicators an OPD's employees draw from
CARRIED = 3  # indicators per employee
COURSES = 60
LEVEL, LEVEL_SD, NOISE_SD = 93.0, 11.0, 7.0
QUARTERS = [(year, number) for year in (2024, 2025) for number in (1, 2, 3, 4)]
HUNDRED = Decimal(100)

# (name, kind, level, share): grades follow the kind.
POSITIONS = (
    ("Kepala Badan", "jpt", "pratama", 1),
    ("Kepala Bidang", "administrator", "", 3),
    ("Kepala Subbidang", "pengawas", "", 6),
    ("Pengadministrasi Perkantoran", "pelaksana", "klerek", 22),
    ("Operator Layanan Operasional", "pelaksana", "operator", 14),
    ("Teknisi Sarana dan Prasarana", "pelaksana", "teknisi", 5),
    ("Analis Kebijakan Ahli Pertama", "fungsional", "ahli_pertama", 10),
    ("Analis Kebijakan Ahli Muda", "fungsional", "ahli_muda", 7),
    ("Pranata Komputer Ahli Pertama", "fungsional", "ahli_pertama", 4),
    ("Perawat Terampil", "fungsional", "terampil", 12),
    ("Guru Ahli Pertama", "fungsional", "ahli_pertama", 12),
    ("Penyuluh Pertanian Mahir", "fungsional", "mahir", 4),
)
PNS_GRADES_BY_KIND = {
    "jpt": ("IV/c", "IV/d"),
    "administrator": ("IV/a", "IV/b"),
    "pengawas": ("III/c", "III/d"),
    "pelaksana": ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b"),
    "fungsional": ("III/a", "III/b", "III/c", "III/d", "IV/a"),
}
PPPK_GRADES = ("V", "VII", "IX", "X", "XI")
TOPICS = (
    "Pelayanan Prima",
    "Penyusunan Laporan Kinerja",
    "Pengelolaan Arsip Digital",
    "Analisis Data Sederhana",
    "Penyusunan Anggaran",
    "Pengadaan Barang dan Jasa",
    "Komunikasi Publik",
    "Manajemen Risiko",
    "Penyusunan SOP",
    "Keselamatan Kerja",
)


@dataclass(frozen=True)
class SeedFigures:
    employees: int
    units: int
    scores: int
    courses: int
    past_offerings: int
    completed: int
    upcoming_offerings: int
    seats_taken: int
    seconds: float


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _quarter(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * number - 2, 1)
    after = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    return start, after - datetime.timedelta(days=1)


def _units(rng: random.Random) -> tuple[list, list]:
    from backend.people.models import OrgUnit, unit_path

    kinds = ["badan", "sekretariat", "inspektorat", *["dinas"] * 22, *["badan"] * 8, "satuan", "rsud"]
    kinds += ["kecamatan"] * (OPDS - len(kinds))
    opds = _bulk(
        OrgUnit,
        [
            OrgUnit(
                code="bkpsdm" if i == 0 else f"bench-opd-{i:02d}",
                name="Badan Kepegawaian dan Pengembangan SDM" if i == 0 else f"Perangkat Daerah {i:02d}",
                kind=kinds[i],
                is_competency_agency=i == 0,
                path="/0/",
            )
            for i in range(OPDS)
        ],
    )
    for opd in opds:
        opd.path = unit_path(None, opd.pk)
    OrgUnit.objects.bulk_update(opds, ["path"])
    inner = _bulk(
        OrgUnit,
        [
            OrgUnit(
                code=f"bench-unit-{i:02d}-{j}",
                name=f"Bidang {j + 1} {opd.name}",
                kind="upt" if j == UNITS_PER_OPD - 1 else "bidang",
                parent=opd,
                path="/0/",
            )
            for i, opd in enumerate(opds)
            for j in range(UNITS_PER_OPD)
        ],
    )
    for unit in inner:
        unit.path = unit_path(unit.parent, unit.pk)
    OrgUnit.objects.bulk_update(inner, ["path"], batch_size=BATCH)
    return opds, inner


def _nip(rng: random.Random, taken: set[str], pns: bool) -> tuple[str, datetime.date, str]:
    """A valid, unused NIP (PNS) or NI PPPK, with the birth date and sex it encodes."""
    while True:
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(13_000))
        sex = rng.choice("12")
        if pns:
            start = f"{min(birth.year + rng.randint(20, 30), 2024):04d}{rng.randint(1, 12):02d}"
        else:
            start = f"{min(birth.year + rng.randint(22, 35), 2024):04d}2{rng.randint(1, 3)}"
        nip = f"{birth:%Y%m%d}{start}{sex}{rng.randint(1, 999):03d}"
        if nip not in taken:
            taken.add(nip)
            return nip, birth, "M" if sex == "1" else "F"


def _employees(rng: random.Random, count: int, units: list) -> list:
    from backend.people.demo.names import FEMALE_FIRST, FEMALE_SECOND, MALE_FIRST, MALE_SECOND
    from backend.people.models import Employee, Position

    positions = _bulk(Position, [Position(name=name, kind=kind, level=level) for name, kind, level, _s in POSITIONS])
    shares = [share for *_rest, share in POSITIONS]
    taken: set[str] = set()
    rows = []
    for _index in range(count):
        position = rng.choices(positions, weights=shares)[0]
        # Only implementers and functional posts are filled by PPPK.
        pns = position.kind not in ("pelaksana", "fungsional") or rng.random() < 0.85
        nip, birth, sex = _nip(rng, taken, pns)
        female = sex == "F"
        rows.append(
            Employee(
                nip=nip,
                name=f"{rng.choice(FEMALE_FIRST if female else MALE_FIRST)} "
                f"{rng.choice(FEMALE_SECOND if female else MALE_SECOND)}",
                employment_type="PNS" if pns else "PPPK",
                sex=sex,
                birth_date=birth,
                grade=rng.choice(PNS_GRADES_BY_KIND[position.kind] if pns else PPPK_GRADES),
                position=position,
                unit=rng.choice(units),
            )
        )
    return _bulk(Employee, rows)


def _appraisal_frame(opds: list) -> tuple[list, list]:
    from backend.appraisal.models import Indicator, Period

    periods = []
    for year, number in QUARTERS:
        start, end = _quarter(year, number)
        periods.append(
            Period(year=year, kind="quarterly", number=number, start_date=start, end_date=end, status="closed")
        )
    periods = _bulk(Period, periods)
    indicators = _bulk(
        Indicator,
        [
            Indicator(
                code=f"bench-iki-{i:02d}",
                name=f"Persentase penyelesaian {TOPICS[i % len(TOPICS)].lower()} tepat waktu ({i + 1})",
                level="iki",
                org_unit=opds[i % len(opds)],
                category="productivity",
                aspect="quantity",
                unit_of_measure="persen",
                direction="higher",
            )
            for i in range(INDICATORS)
        ],
    )
    return periods, indicators


def _courses(rng: random.Random) -> tuple[list, list[tuple[int, int]], list[float]]:
    from lms.models import Course

    courses = _bulk(
        Course,
        [
            Course(
                code=f"bench-course-{c:02d}",
                title=f"Pelatihan {TOPICS[c % len(TOPICS)]} {c // len(TOPICS) + 1}",
                channel="klasikal",
                type="teknis",
                competency_type="technical",
                duration_minutes=900,
                provider="BKPSDM",
            )
            for c in range(COURSES)
        ],
    )
    aims = []
    for c in range(COURSES):
        first, second = c % INDICATORS, (7 * c + 3) % INDICATORS
        aims.append((first, second if second != first else (second + 1) % INDICATORS))
    return courses, aims, [rng.uniform(0, 8) for _c in range(COURSES)]


def seed_bench_regency(*, employees: int, seed: int = 1) -> SeedFigures:
    """Write the benchmark regency (see the module docstring) into an empty database."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - benchmark data, repeatable by design
    with transaction.atomic():
        figures = _seed(rng, employees)
    return SeedFigures(**figures, seconds=round(time.perf_counter() - started, 2))


def _seed(rng: random.Random, count: int) -> dict:
    from backend.appraisal.selectors import appraisal_rules_get
    from lms.models import Course, CourseIndicator

    opds, units = _units(rng)
    people = _employees(rng, count, units)
    periods, indicators = _appraisal_frame(opds)
    courses, aims, effects = _courses(rng)
    CourseIndicator.objects.bulk_create(
        [
            CourseIndicator(course=course, indicator=indicators[i], weight=Decimal(rng.randint(60, 100)) / 100)
            for course, pair in zip(courses, aims, strict=True)
            for i in pair
        ]
    )
    Course.prerequisites.through.objects.bulk_create(
        [Course.prerequisites.through(from_course=courses[50 + k], to_course=courses[k]) for k in range(5)]
    )

    # Each employee's indicators (from their OPD's pool) and quarterly achievements, in memory.
    opd_index = {opd.pk: i for i, opd in enumerate(opds)}
    carried: list[tuple[int, ...]] = []
    achievement = array("d")
    for person in people:
        pool = [(3 * opd_index[person.unit.parent_id] + k) % INDICATORS for k in range(POOL)]
        mine = tuple(rng.sample(pool, CARRIED))
        carried.append(mine)
        for _indicator in mine:
            level = rng.gauss(LEVEL, LEVEL_SD)
            achievement.extend(level + rng.gauss(0, NOISE_SD) for _q in QUARTERS)

    threshold = float(appraisal_rules_get().weak_threshold)
    past, completed = past_training(
        rng, people, carried, achievement, courses, aims, effects, periods, threshold, opds[0]
    )
    scores = _scores(people, carried, achievement, indicators, periods)
    upcoming, seats = upcoming_offerings(rng, people, courses, opds[0])
    return {
        "employees": len(people),
        "units": len(opds) + len(units),
        "scores": scores,
        "courses": len(courses),
        "past_offerings": past,
        "completed": completed,
        "upcoming_offerings": upcoming,
        "seats_taken": seats,
    }


def _scores(people, carried, achievement, indicators, periods) -> int:
    """The scores, streamed: 64,000 employees give 1.5 million rows, never all in memory.

    Written with COPY (PostgreSQL) or ``executemany`` (SQLite) rather than ``bulk_create``,
    whose per-object work costs about a quarter of a millisecond a row: six minutes at 64,000.
    """
    from django.db import connection

    from backend.appraisal.models import Score

    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    quarters = len(QUARTERS)
    period_ids = [period.pk for period in periods]

    def rows():
        for person, employee in enumerate(people):
            for slot, indicator in enumerate(carried[person]):
                base = (person * CARRIED + slot) * quarters
                for q in range(quarters):
                    value = f"{min(max(achievement[base + q], 0.0), 150.0):.2f}"
                    yield employee.pk, indicators[indicator].pk, period_ids[q], "100", value, value, "", "", stamp

    fields = ("employee", "indicator", "period", "target", "realisasi", "achievement")
    columns = [Score._meta.get_field(name).column for name in (*fields, "evidence_file", "evidence_url", "updated_at")]
    table, quoted = connection.ops.quote_name(Score._meta.db_table), ", ".join(map(connection.ops.quote_name, columns))
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    written += 1
            return written
        # Names come from the model, values are parameters.
        insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch = []
        for row in rows():
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(insert, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(insert, batch)
            written += len(batch)
    return written
