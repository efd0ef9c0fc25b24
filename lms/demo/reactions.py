"""The participants' reaction surveys (Kirkpatrick L1) of the demo's finished offerings.

Most participants answer within a week of the last session: mostly 4s, some 5s and 3s, each
offering and trainer a little better or worse than the next, and now and then a comment in
Indonesian. Drawn from its own ``random.Random`` after the rest of the plan, so that adding
the surveys changed none of the other draws.
"""

import datetime
import random
from collections import defaultdict

from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, SEAT_STATUSES, TRAINER_ITEMS, OfferingStatus
from lms.models import Enrollment, Session
from lms.services.bulk import ReactionRow, reaction_bulk_create

ANSWER_SHARE = 0.85
COMMENT_SHARE = 0.2
# Mean score of an average offering (and trainer), and how much they differ.
MEAN, SD_OFFERING, SD_TRAINER, SD_ANSWER = 4.0, 0.3, 0.35, 0.6
COMMENTS = (
    "Materi sangat relevan dengan pekerjaan sehari-hari.",
    "Narasumber menguasai materi dan menjelaskan dengan contoh yang jelas.",
    "Waktu pelatihan terlalu singkat untuk materi sebanyak ini.",
    "Mohon modul dibagikan sebelum pelatihan dimulai.",
    "Ruangan kurang nyaman, pendingin udara tidak berfungsi dengan baik.",
    "Praktik langsung sangat membantu; mohon porsinya ditambah.",
    "Konsumsi dan pelayanan panitia baik.",
    "Sebaiknya ada pelatihan lanjutan untuk materi ini.",
    "Jadwal sesi sering molor dari waktu yang ditentukan.",
    "Terima kasih, ilmu yang didapat langsung bisa diterapkan di unit kerja.",
)


def _score(rng: random.Random, mean: float) -> int:
    low, high = REACTION_SCALE
    # Below 3 is rare: unhappy participants mostly say so in the comment, or not at all.
    return max(3 if rng.random() > 0.03 else low, min(high, round(rng.gauss(mean, SD_ANSWER))))


def plan_reactions(rng: random.Random, now: datetime.datetime) -> list[ReactionRow]:
    """Answers of most seat holders of the finished offerings, in a fixed order (offering code, employee NIP)."""
    trainers: dict[int, set[int]] = defaultdict(set)
    last: dict[int, datetime.date] = {}
    for offering_id, trainer_id, day in Session.objects.filter(offering__status=OfferingStatus.FINISHED).values_list(
        "offering_id", "trainer_id", "date"
    ):
        if trainer_id is not None:
            trainers[offering_id].add(trainer_id)
        last[offering_id] = max(day, last.get(offering_id, day))
    seats = (
        Enrollment.objects.filter(offering__status=OfferingStatus.FINISHED, status__in=SEAT_STATUSES)
        .order_by("offering__code", "employee__nip")
        .values_list("pk", "offering_id")
    )
    offering_mean: dict[int, float] = {}
    trainer_mean: dict[tuple[int, int], float] = {}
    rows = []
    for enrollment_id, offering_id in seats:
        if offering_id not in offering_mean:
            offering_mean[offering_id] = rng.gauss(MEAN, SD_OFFERING)
            for trainer_id in sorted(trainers[offering_id]):
                trainer_mean[(offering_id, trainer_id)] = offering_mean[offering_id] + rng.gauss(0, SD_TRAINER)
        if rng.random() >= ANSWER_SHARE:
            continue
        day = last[offering_id] + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3, 6)))
        at = datetime.datetime.combine(day, datetime.time(16, rng.randint(5, 59)), tzinfo=now.tzinfo)
        if at > now:
            continue
        mean = offering_mean[offering_id]
        rows.append(
            ReactionRow(
                enrollment_id=enrollment_id,
                submitted_at=at,
                organisation={str(item): _score(rng, mean) for item in ORGANISATION_ITEMS},
                trainers={
                    trainer_id: {
                        str(item): _score(rng, trainer_mean[(offering_id, trainer_id)]) for item in TRAINER_ITEMS
                    }
                    for trainer_id in sorted(trainers[offering_id])
                },
                comment=rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE else "",
            )
        )
    return rows


def seed_reactions(*, seed: int, now: datetime.datetime) -> int:
    rng = random.Random(f"lms-reactions:{seed}")  # noqa: S311 - demo data, not secrets
    return reaction_bulk_create(actor=None, rows=plan_reactions(rng, now))
