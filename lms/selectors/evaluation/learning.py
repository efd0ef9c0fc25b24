"""L2, learning: pre-test and post-test means and normalised gain (DOMAIN.md, "Training evaluation").

Not anonymous: the participant rows are for the offering's coordinators and HR only.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import QuerySet

from lms.choices import SEAT_STATUSES
from lms.models import Enrollment, Offering
from lms.rules import gain_band, normalised_gain
from lms.selectors.evaluation.reactions import mean

BANDS = ("high", "medium", "low")


# --- L2: learning -------------------------------------------------------------------


@dataclass(frozen=True)
class LearningRow:
    enrollment_id: int
    name: str
    nip: str
    pre: Decimal | None
    post: Decimal | None
    gain: Decimal | None
    band: str


@dataclass
class LearningSummary:
    participants: int = 0
    # Participants with both a pre-test and a post-test; the means are theirs.
    paired: int = 0
    pre_mean: Decimal | None = None
    post_mean: Decimal | None = None
    # Pre-test of 100: nothing left to gain, so g is undefined and they are left out of the mean gain.
    excluded_ceiling: int = 0
    gains: int = 0
    mean_gain: Decimal | None = None
    band: str = ""
    band_counts: dict = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    rows: list[LearningRow] = field(default_factory=list)


def _learning(scores: list[tuple], *, rows: list[LearningRow] | None = None) -> LearningSummary:
    """From (pre, post) pairs of seat holders: paired means, g per participant, mean g and its band."""
    summary = LearningSummary(participants=len(scores), rows=rows or [])
    paired = [(pre, post) for pre, post in scores if pre is not None and post is not None]
    summary.paired = len(paired)
    summary.pre_mean = mean(sum((pre for pre, _post in paired), Decimal(0)), len(paired))
    summary.post_mean = mean(sum((post for _pre, post in paired), Decimal(0)), len(paired))
    gains = []
    for pre, post in paired:
        gain = normalised_gain(pre, post)
        if gain is None:
            summary.excluded_ceiling += 1
            continue
        gains.append(gain)
        summary.band_counts[gain_band(gain)] += 1
    summary.gains = len(gains)
    if gains:
        # Down, like each g (lms.rules): a mean of 0.6996 is not yet a high gain.
        summary.mean_gain = (sum(gains, Decimal(0)) / len(gains)).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)
        summary.band = gain_band(summary.mean_gain)
    return summary


def _scores(offering_ids: list[int], *, with_people: bool) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.filter(offering_id__in=offering_ids, status__in=SEAT_STATUSES)
    if with_people:
        return enrollments.select_related("employee").order_by("employee__name", "pk")
    return enrollments.order_by("pk")


def _score_pairs(offerings: list[Offering]) -> dict[int, list]:
    """(pre, post) of each offering's participants, by offering (one query)."""
    ids = [offering.pk for offering in offerings]
    pairs: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        for offering_id, pre, post in _scores(ids, with_people=False).values_list(
            "offering_id", "pre_test", "post_test"
        ):
            pairs[offering_id].append((pre, post))
    return pairs


def learning_summaries(offerings: list[Offering]) -> dict[int, LearningSummary]:
    """L2 figures of several offerings without participant rows (one query)."""
    return {pk: _learning(scores) for pk, scores in _score_pairs(offerings).items()}


def learning_summary_get(*, offering: Offering, with_rows: bool = False) -> LearningSummary:
    """L2 of one offering; ``with_rows`` adds each participant (for its coordinators and HR only)."""
    enrollments = list(_scores([offering.pk], with_people=with_rows))
    rows = None
    if with_rows:
        rows = []
        for e in enrollments:
            gain = normalised_gain(e.pre_test, e.post_test)
            rows.append(
                LearningRow(e.pk, e.employee.name, e.employee.nip, e.pre_test, e.post_test, gain, gain_band(gain))
            )
    return _learning([(e.pre_test, e.post_test) for e in enrollments], rows=rows)


def course_learning_summary(*, offerings: list[Offering]) -> tuple[LearningSummary, dict[int, LearningSummary]]:
    """A course's L2 pooled over ``offerings`` (each participant once per offering), and each offering's."""
    pairs = _score_pairs(offerings)
    pooled = _learning([pair for scores in pairs.values() for pair in scores])
    return pooled, {pk: _learning(scores) for pk, scores in pairs.items()}
