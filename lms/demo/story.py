"""The demo logins' story: what each role finds on its pages after ``seed_demo``.

- ``pegawai`` (a nurse at Puskesmas Muara Bungo I, weak on medical records and waiting time
  in the appraisal demo) completed courses in earlier years, failed one on attendance, is in
  a workshop on patient waiting time with a session today (for the QR check-in), is enrolled
  in next month's electronic medical records course, waits on the list of a full service
  excellence course, and has part of this year's 20 JP.
- ``atasan`` (her head of puskesmas) has two requests of her staff to approve.
- ``koordinator`` (BKPSDM) finds that full offering's roster with its need-ordered waitlist
  and requests awaiting approval, and one offering a seat short of full;
  ``koordinator.dikbud`` an education offering with requests to approve.

The story's members are kept out of the random draws, so nothing else crowds their calendar.
"""

import datetime
from dataclasses import dataclass

from backend.appraisal.demo.library import CLINICAL
from lms.choices import ActivityStatus
from lms.demo.activities import PlannedActivity
from lms.demo.offerings import PAST, RUNNING, UPCOMING, CourseInfo, Scheduler, story_slots
from lms.demo.people import Regency


@dataclass
class Cast:
    pegawai: int | None
    atasan: int | None
    colleagues: list[int]
    bidan: int | None

    @property
    def members(self) -> set[int]:
        return {pk for pk in (self.pegawai, self.atasan, self.bidan, *self.colleagues) if pk is not None}


def cast_of(regency: Regency) -> Cast:
    by_user = {p.user_id: p.pk for p in regency.people if p.user_id is not None}
    pegawai = by_user.get(regency.users.get("pegawai"))
    atasan = by_user.get(regency.users.get("atasan"))
    team = [p for p in regency.people if atasan is not None and p.supervisor_id == atasan and p.pk != pegawai]
    colleagues = [p.pk for p in team if p.position in CLINICAL and not p.position.startswith("bidan")][:3]
    bidan = next((p.pk for p in team if p.position.startswith("bidan")), None)
    return Cast(pegawai=pegawai, atasan=atasan, colleagues=colleagues, bidan=bidan)


def story_activities(cast: Cast, regency: Regency, now: datetime.datetime) -> list[PlannedActivity]:
    """The pegawai's own claims: a verified webinar in 2024 and this year, one still awaiting review."""
    if cast.pegawai is None:
        return []
    nip = regency.by_pk[cast.pegawai].nip
    tz, year = now.tzinfo, now.year

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    webinar = (
        datetime.date(year, 6, 10)
        if datetime.date(year, 6, 30) < now.date()
        else now.date() - datetime.timedelta(days=40)
    )
    recent = now.date() - datetime.timedelta(days=9)
    url = "https://bangkom.bungokab.go.id/bukti/{year}/{nip}-{n}.pdf"
    return [
        PlannedActivity(
            cast.pegawai,
            "seminar",
            "Webinar Nasional Keselamatan Pasien di Fasilitas Kesehatan Primer",
            "Kementerian Kesehatan",
            datetime.date(2024, 9, 12),
            datetime.date(2024, 9, 12),
            None,
            False,
            url.format(year=2024, nip=nip, n=1),
            at(datetime.date(2024, 9, 14), 9),
            ActivityStatus.VERIFIED,
            at(datetime.date(2024, 9, 18), 10),
            "",
        ),
        PlannedActivity(
            cast.pegawai,
            "seminar",
            "Webinar Pencegahan Stunting bagi Tenaga Kesehatan",
            "Kementerian Kesehatan",
            webinar,
            webinar,
            None,
            False,
            url.format(year=year, nip=nip, n=1),
            at(webinar + datetime.timedelta(days=2), 9),
            ActivityStatus.VERIFIED,
            at(webinar + datetime.timedelta(days=6), 11),
            "",
        ),
        PlannedActivity(
            cast.pegawai,
            "e_learning",
            "Kursus Daring Komunikasi Terapeutik",
            "Plataran Sehat Kemenkes",
            recent - datetime.timedelta(days=2),
            recent,
            6,
            False,
            url.format(year=year, nip=nip, n=2),
            at(recent + datetime.timedelta(days=1), 20),
            ActivityStatus.SUBMITTED,
            None,
            "",
        ),
    ]


def _members(*pairs) -> list[tuple[int, str]]:
    return [(pk, outcome) for pk, outcome in pairs if pk is not None]


def plan_story(scheduler: Scheduler, courses: dict[str, CourseInfo], cast: Cast, today: datetime.date):
    """The story's offerings, placed before everything else so that their dates hold."""
    if cast.pegawai is None:
        return []
    colleague = [*cast.colleagues, None, None, None]
    this_year = datetime.date(today.year, 3, 2)
    if this_year > today - datetime.timedelta(days=20):
        this_year = today - datetime.timedelta(days=60)
    past = (
        (
            "komunikasi-nakes",
            datetime.date(2024, 5, 13),
            _members((cast.pegawai, "completed"), (colleague[0], "completed")),
        ),
        ("pkp", datetime.date(2024, 7, 8), _members((cast.atasan, "completed"))),
        ("bls", datetime.date(2025, 2, 10), _members((cast.pegawai, "completed"))),
        (
            "keselamatan-pasien",
            datetime.date(2025, 8, 11),
            _members((cast.pegawai, "not_completed"), (colleague[1], "completed")),
        ),
        ("akreditasi-puskesmas", this_year, _members((cast.pegawai, "completed"), (cast.atasan, "completed"))),
    )
    planned = []
    for code, wished, members in past:
        offering = scheduler.place(
            courses[code],
            phase=PAST,
            lo=wished - datetime.timedelta(days=20),
            hi=wished + datetime.timedelta(days=40),
            wished=wished,
        )
        if offering is not None:
            offering.forced, offering.story, offering.demand = members, code, 0.85
            planned.append(offering)

    running = scheduler.place(
        courses["waktu-tunggu"], phase=RUNNING, lo=today, hi=today, wished=today, capacity=30, slots=story_slots(today)
    )
    if running is not None:
        running.forced = _members((cast.pegawai, "enrolled"), (colleague[0], "enrolled"), (colleague[1], "enrolled"))
        running.story, running.demand, running.approval = "today", 0.8, False
        planned.append(running)

    def upcoming(code, days, *, capacity=None, members=(), demand=0.6, pending_tail=0, approval=None, story="upcoming"):
        wished = today + datetime.timedelta(days=days)
        offering = scheduler.place(
            courses[code],
            phase=UPCOMING,
            lo=today + datetime.timedelta(days=5),
            hi=today + datetime.timedelta(days=75),
            wished=wished,
            capacity=capacity,
        )
        if offering is None:
            return
        offering.forced, offering.story, offering.demand = list(members), story, demand
        offering.pending_tail = pending_tail
        if approval is not None:
            offering.approval = approval
        planned.append(offering)

    upcoming("rme", 16, members=_members((cast.pegawai, "enrolled")), approval=False)
    # Full, approval needed: 30 seats taken, a waitlist of 8 in need order, 4 requests awaiting approval.
    upcoming(
        "pelayanan-prima",
        23,
        capacity=30,
        members=_members((cast.pegawai, "waitlisted"), (colleague[2], "pending")),
        demand=42 / 30,
        pending_tail=3,
        approval=True,
        story="full",
    )
    upcoming("tata-naskah", 30, capacity=30, demand=29 / 30, approval=False, story="nearly-full")
    upcoming("kepsek-kepemimpinan", 37, demand=0.7, pending_tail=4, approval=True)
    upcoming("apn", 44, members=_members((cast.bidan, "pending")), demand=0.5, approval=True)
    return planned
