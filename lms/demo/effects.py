"""Known effects planted in the demo, so that the impact dashboard has something true to find.

Some courses raise their participants' achievement on the course's target indicators by a
stated number of points, in every appraisal quarter that starts after the offering ended;
the others (the planted nulls among them) change nothing. ``PLANTED_EFFECTS`` is the one
place that says which and by how much; the README repeats it so that anyone can hold the
dashboard against it.

Up to 2025 each planted course runs only the offerings of ``IMPACT_SCHEDULE``, early enough
for the appraisal demo (quarters up to 2025) to score two quarters after them. Their
participants are drawn like everyone's, mostly among employees with a gap on the course's
indicators (``backend.appraisal.demo.scores.WEAK_CARRIERS`` keeps enough of them weak).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from backend.appraisal.choices import PeriodKind
from backend.appraisal.demo.scores import realisasi_for, template_of
from backend.appraisal.models import Score
from backend.appraisal.services.bulk import ScoreUpdateRow, score_bulk_update
from lms.choices import EnrollmentStatus
from lms.demo.offerings import PAST, CourseInfo, PlannedOffering, Scheduler
from lms.models import CourseIndicator, Enrollment

# Course code → achievement points gained on each target indicator by completing it.
PLANTED_EFFECTS = {
    "asesmen": 12,  # tuntas-kkm
    "rme": 8,  # rekam-medis
    "modul-ajar": 5,  # rpp
    "literasi-numerasi": 0,  # tuntas-kkm, as asesmen: the same gap, a course that does not close it
    "gizi-buruk": 0,  # pasien-sop (and kunjungan)
}
# Each planted course runs on this schedule alone up to ``SCHEDULED_UNTIL`` (the appraisal
# demo's last year), as an evaluation would be designed: classes of a course start in the
# second half of one quarter, so the scores that enrollment reads are those of the quarter
# before, which is also the estimator's baseline; and seats go by lot among the employees
# with a gap on the course's indicators then, whatever its size (``PlannedOffering.by_lot``).
# Participants then differ from their untrained weak peers only by the course, and the
# dashboard should find the planted points up to chance. The two ``tuntas-kkm`` courses run a year apart, so that the
# effective one's participants are not among the other's comparison group while it is
# measured; the health courses, whose weak employees are fewer, run one class a year.
IMPACT_SCHEDULE = {
    "literasi-numerasi": (datetime.date(2024, 5, 20), datetime.date(2024, 6, 3)),
    "rme": (datetime.date(2024, 5, 20), datetime.date(2025, 5, 19)),
    "modul-ajar": (datetime.date(2024, 8, 19), datetime.date(2024, 9, 2)),
    "gizi-buruk": (datetime.date(2024, 8, 19), datetime.date(2025, 8, 18)),
    "asesmen": (datetime.date(2025, 5, 19), datetime.date(2025, 6, 2)),
}
SCHEDULED_UNTIL = 2025
# How far after its wished day a class may start: it must end within the quarter.
LATEST_START = datetime.timedelta(days=20)
HUNDRED = Decimal(100)
REASON = "Demo: efek pelatihan yang ditanam (lms.demo.effects)."


def plan_impact(scheduler: Scheduler, courses: dict[str, CourseInfo], today: datetime.date) -> list[PlannedOffering]:
    """The planted courses' scheduled offerings, finished long before ``today``."""
    planned = []
    for code, dates in sorted(IMPACT_SCHEDULE.items()):
        course = courses.get(code)
        if course is None:
            continue
        for wished in dates:
            if wished + LATEST_START >= today:
                continue
            offering = scheduler.place(course, phase=PAST, lo=wished, hi=wished + LATEST_START, wished=wished)
            if offering is not None:
                offering.by_lot = True
                planned.append(offering)
    return planned


def plant_effects(*, stdout=None) -> int:
    """Raise the scores of the planted courses' participants after their course; returns the scores changed.

    Reads the completions as the database decided them, then rewrites each affected score's
    realisasi so that the achievement the appraisal derives from it again rises by the
    course's points (by the indicator's direction, within its cap).
    """
    effective = {code: points for code, points in PLANTED_EFFECTS.items() if points}
    targets: dict[str, set[int]] = defaultdict(set)
    for code, indicator_id in CourseIndicator.objects.filter(course__code__in=list(effective)).values_list(
        "course__code", "indicator_id"
    ):
        targets[code].add(indicator_id)
    # (employee, indicator) → [(end of the offering, points)].
    gains: dict[tuple[int, int], list[tuple[datetime.date, int]]] = defaultdict(list)
    completed = Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED, offering__course__code__in=list(effective)
    ).values_list("employee_id", "offering__course__code", "offering__end_date")
    for employee_id, code, end in completed:
        for indicator_id in targets[code]:
            gains[(employee_id, indicator_id)].append((end, effective[code]))
    if not gains:
        return 0
    scores = Score.objects.filter(
        period__kind=PeriodKind.QUARTERLY,
        employee_id__in={e for e, _i in gains},
        indicator_id__in={i for _e, i in gains},
    ).values_list("pk", "employee_id", "indicator_id", "period__start_date", "target", "achievement", "indicator__code")
    opd_of = dict(
        CourseIndicator.objects.filter(indicator_id__in={i for _e, i in gains}).values_list(
            "indicator_id", "indicator__org_unit__code"
        )
    )
    rows = []
    for pk, employee_id, indicator_id, start, target, achievement, code in scores.order_by("pk"):
        points = sum(p for end, p in gains.get((employee_id, indicator_id), ()) if start > end)
        if not points:
            continue
        template = template_of(code, opd_of[indicator_id])
        rows.append(ScoreUpdateRow(pk, realisasi_for(template, target, float((achievement + points) / HUNDRED))))
    changed = score_bulk_update(actor=None, rows=rows, reason=REASON)
    if stdout is not None:
        stdout.write(
            _("Planted training effects: %(count)d scores of %(courses)d courses raised.")
            % {"count": len(changed), "courses": len(effective)}
        )
    return len(changed)
