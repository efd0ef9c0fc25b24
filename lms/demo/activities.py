"""External development the ASN claim JP for: webinars, workshops, e-learning, coaching …

About half the employees claim something in a year, more in agencies with a stronger
training culture. Claims are submitted some days after the activity with a link to the
certificate; a coordinator verifies most of them within two weeks and rejects some with a
reason; the latest ones still wait. Pure: no database.
"""

import datetime
import random
from dataclasses import dataclass

from lms.choices import ActivityKind, ActivityStatus
from lms.demo.calendar import next_working_day
from lms.demo.people import Regency

K = ActivityKind
# (kind, weight, days, units (sessions or hours), titles, organisers)
KINDS = (
    (K.SEMINAR, 30, (1, 1), None),
    (K.WORKSHOP, 12, (1, 2), None),
    (K.SOSIALISASI, 10, (1, 1), None),
    (K.E_LEARNING, 22, (1, 5), (4, 12)),
    (K.SELF_STUDY, 8, (1, 1), (2, 4)),
    (K.COACHING, 7, (30, 60), (2, 4)),
    (K.MENTORING, 5, (30, 60), (2, 4)),
    (K.BENCHMARKING, 2, (2, 3), None),
    (K.DETASERING, 1, (10, 20), None),
    (K.INTERNSHIP, 1, (10, 20), None),
)
TOPICS = (
    "Transformasi Digital Pelayanan Publik",
    "Manajemen Kinerja ASN",
    "Penguatan Budaya Kerja BerAKHLAK",
    "Pencegahan Korupsi di Lingkungan Pemerintah Daerah",
    "Kesehatan Mental ASN",
    "Penyusunan Indikator Kinerja",
    "Pelayanan Publik Inklusif",
    "Literasi Data bagi ASN",
    "Keamanan Siber dan Perlindungan Data Pribadi",
    "Pengelolaan Arsip Elektronik",
    "Inovasi Daerah",
    "Pengadaan Barang/Jasa yang Akuntabel",
    "Komunikasi Publik Pemerintah",
    "Penurunan Stunting",
    "Mitigasi Perubahan Iklim",
)
TITLE = {
    K.SEMINAR: ("Webinar Nasional {topic}", "Seminar {topic}"),
    K.WORKSHOP: ("Workshop {topic}",),
    K.SOSIALISASI: ("Sosialisasi {topic}",),
    K.E_LEARNING: ("Kursus Daring {topic}", "MOOC {topic}"),
    K.SELF_STUDY: ("Belajar Mandiri: {topic}",),
    K.COACHING: ("Coaching Kinerja oleh Atasan Langsung",),
    K.MENTORING: ("Mentoring Jabatan Fungsional",),
    K.BENCHMARKING: ("Studi Tiru {topic} ke Kabupaten Tetangga",),
    K.DETASERING: ("Detasering pada Perangkat Daerah Provinsi Jambi",),
    K.INTERNSHIP: ("Magang Kerja pada Kementerian Teknis",),
}
ORGANISERS = {
    K.SEMINAR: (
        "Kementerian PANRB",
        "Lembaga Administrasi Negara",
        "Badan Kepegawaian Negara",
        "Universitas Jambi",
        "KPK RI",
    ),
    K.WORKSHOP: ("BPSDM Provinsi Jambi", "Universitas Muara Bungo", "Bappeda Provinsi Jambi"),
    K.SOSIALISASI: ("Kantor Regional VII BKN", "BPKP Perwakilan Provinsi Jambi", "Ombudsman RI Perwakilan Jambi"),
    K.E_LEARNING: ("ASN Unggul (LAN)", "Digital Talent Scholarship Komdigi", "Plataran Sehat Kemenkes"),
    K.SELF_STUDY: ("Perpustakaan Digital BKPSDM",),
    K.COACHING: ("Atasan langsung",),
    K.MENTORING: ("Pejabat fungsional senior",),
    K.BENCHMARKING: ("Pemerintah Kabupaten Tebo", "Pemerintah Kabupaten Merangin"),
    K.DETASERING: ("Pemerintah Provinsi Jambi",),
    K.INTERNSHIP: ("Kementerian Dalam Negeri",),
}
REJECTIONS = (
    "Sertifikat tidak mencantumkan jumlah jam atau tanggal kegiatan.",
    "Bukti kehadiran tidak terbaca; unggah ulang sertifikat yang jelas.",
    "Kegiatan bukan pengembangan kompetensi yang relevan dengan jabatan.",
    "Tanggal pada sertifikat berbeda dengan tanggal yang diklaim.",
)
EVIDENCE = "https://bangkom.bungokab.go.id/bukti/{year}/{nip}-{n}.pdf"


@dataclass(frozen=True)
class PlannedActivity:
    employee_id: int
    kind: str
    title: str
    organiser: str
    start: datetime.date
    end: datetime.date
    units: int | None
    international: bool
    evidence_url: str
    submitted_at: datetime.datetime
    status: str
    reviewed_at: datetime.datetime | None
    review_note: str


def _at(day: datetime.date, rng: random.Random, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=tz)


def plan_activities(
    regency: Regency,
    *,
    rng: random.Random,
    now: datetime.datetime,
    first_year: int,
    opd_factor: dict[str, float],
    reserved: set[int],
) -> list[PlannedActivity]:
    today = now.date()
    planned = []
    kinds = [k for k, *_rest in KINDS]
    weights = [w for _k, w, *_rest in KINDS]
    shape = {k: (days, units) for k, _w, days, units in KINDS}
    for person in regency.people:
        if person.pk in reserved:
            continue
        factor = opd_factor.get(person.opd, 1.0)
        for year in range(first_year, today.year + 1):
            count = sum(1 for _n in range(3) if rng.random() < 0.14 * factor)
            used = set()
            for n in range(count):
                kind = rng.choices(kinds, weights=weights)[0]
                if kind in used and kind in (K.COACHING, K.MENTORING):
                    # One coaching or mentoring claim a year: two could overrun the monthly cap.
                    kind = K.SEMINAR
                used.add(kind)
                days, units = shape[kind]
                last_start = min(datetime.date(year, 12, 10), today - datetime.timedelta(days=days[1] + 3))
                if last_start <= datetime.date(year, 1, 10):
                    continue
                start = next_working_day(
                    datetime.date(year, 1, 10)
                    + datetime.timedelta(days=rng.randint(0, (last_start - datetime.date(year, 1, 10)).days))
                )
                end = start + datetime.timedelta(days=rng.randint(*days) - 1)
                if end >= today:
                    continue
                submitted = _at(min(today, end + datetime.timedelta(days=rng.randint(1, 20))), rng, now.tzinfo)
                if submitted > now:
                    submitted = now - datetime.timedelta(hours=rng.randint(1, 48))
                status, reviewed, note = ActivityStatus.SUBMITTED, None, ""
                review = submitted + datetime.timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 5))
                if review < now and rng.random() < 0.95:
                    reviewed = review
                    if rng.random() < 0.12:
                        status, note = ActivityStatus.REJECTED, rng.choice(REJECTIONS)
                    else:
                        status = ActivityStatus.VERIFIED
                topic = rng.choice(TOPICS)
                unit_count = rng.randint(*units) if units else None
                if kind in (K.COACHING, K.MENTORING):
                    # At most two sessions a month count (DOMAIN.md): claims stay within the cap.
                    unit_count = min(unit_count, 2 * ((end.year - start.year) * 12 + end.month - start.month + 1))
                planned.append(
                    PlannedActivity(
                        employee_id=person.pk,
                        kind=kind,
                        title=rng.choice(TITLE[kind]).format(topic=topic),
                        organiser=rng.choice(ORGANISERS[kind]),
                        start=start,
                        end=end,
                        units=unit_count,
                        international=kind == K.SEMINAR and rng.random() < 0.03,
                        evidence_url=EVIDENCE.format(year=year, nip=person.nip, n=n + 1),
                        submitted_at=submitted,
                        status=status,
                        reviewed_at=reviewed,
                        review_note=note,
                    )
                )
    return planned
