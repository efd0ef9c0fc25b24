"""L1, the reaction survey: anonymous aggregates only.

No function here returns who answered what, and below ``min_responses()`` answers an offering's
means and comments are withheld: with so few, one participant's scores could be told apart.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Sum

from lms.choices import ORGANISATION_ITEMS, TRAINER_ITEMS, ReactionItem
from lms.models import Offering, ReactionAnswer, ReactionResponse, Session
from lms.selectors.evaluation.scope import with_reaction_counts

HUNDRED = Decimal(100)


def min_responses() -> int:
    """Fewest answers for which an offering's reaction means and comments are shown."""
    return settings.LMS_REACTION_MIN_RESPONSES


def mean(total, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- L1: reactions ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemMean:
    item: str
    label: str
    # None when withheld (too few answers) or nobody answered.
    mean: Decimal | None
    n: int


@dataclass(frozen=True)
class TrainerReaction:
    trainer_id: int
    name: str
    responses: int
    mean: Decimal | None
    items: list[ItemMean]


@dataclass
class ReactionSummary:
    responses: int
    eligible: int
    min_responses: int
    organisation: list[ItemMean] = field(default_factory=list)
    organisation_mean: Decimal | None = None
    trainers: list[TrainerReaction] = field(default_factory=list)
    # Text only, in the responses' random order; empty when withheld.
    comments: list[str] = field(default_factory=list)

    @property
    def response_rate(self) -> Decimal | None:
        return _rate(self.responses, self.eligible)

    @property
    def enough_responses(self) -> bool:
        return self.responses >= self.min_responses

    @property
    def trainer_table(self) -> list[tuple[str, list[Decimal | None]]]:
        """Trainer items as rows, trainers as columns: (item label, [mean of each trainer])."""
        if not self.trainers:
            return []
        return [
            (row.label, [trainer.items[index].mean for trainer in self.trainers])
            for index, row in enumerate(self.trainers[0].items)
        ]


def _item_means(totals: dict, items, *, shown: bool) -> tuple[list[ItemMean], Decimal | None]:
    """Per item (total, n) into means, plus the mean of every answer of the block."""
    rows = []
    for item in items:
        total, n = totals.get(str(item), (0, 0))
        rows.append(
            ItemMean(item=str(item), label=str(ReactionItem(item).label), mean=mean(total, n) if shown else None, n=n)
        )
    all_total = sum(total for total, _n in totals.values())
    all_n = sum(n for _total, n in totals.values())
    return rows, (mean(all_total, all_n) if shown else None)


@dataclass
class _Raw:
    """Score totals and answer counts of one offering (or of several pooled): never leaves this module."""

    responses: int = 0
    eligible: int = 0
    # item -> (total, n)
    organisation: dict = field(default_factory=lambda: defaultdict(lambda: (0, 0)))
    # trainer_id -> item -> (total, n)
    trainers: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: (0, 0))))
    names: dict = field(default_factory=dict)

    def add(self, other: "_Raw") -> None:
        self.responses += other.responses
        self.eligible += other.eligible
        for item, (total, n) in other.organisation.items():
            mine = self.organisation[item]
            self.organisation[item] = (mine[0] + total, mine[1] + n)
        for trainer_id, items in other.trainers.items():
            for item, (total, n) in items.items():
                mine = self.trainers[trainer_id][item]
                self.trainers[trainer_id][item] = (mine[0] + total, mine[1] + n)
        self.names.update(other.names)


def _build(raw: _Raw, comments=()) -> ReactionSummary:
    threshold = min_responses()
    shown = raw.responses >= threshold
    summary = ReactionSummary(responses=raw.responses, eligible=raw.eligible, min_responses=threshold)
    summary.organisation, summary.organisation_mean = _item_means(raw.organisation, ORGANISATION_ITEMS, shown=shown)
    for trainer_id in sorted(raw.names, key=lambda pk: (raw.names[pk], pk)):
        totals = raw.trainers.get(trainer_id, {})
        answered = max((n for _total, n in totals.values()), default=0)
        # A trainer added after some answers came in is rated by fewer people: judged on their own count.
        items, overall = _item_means(totals, TRAINER_ITEMS, shown=shown and answered >= threshold)
        summary.trainers.append(
            TrainerReaction(
                trainer_id=trainer_id, name=raw.names[trainer_id], responses=answered, mean=overall, items=items
            )
        )
    summary.comments = list(comments) if shown else []
    return summary


def _reaction_raw(offerings: list[Offering]) -> dict[int, _Raw]:
    """Per offering: counts (carried by offerings from ``evaluation_offering_*``, else one query), the
    answers' totals per trainer and item (one query) and the trainers of the sessions (one query)."""
    ids = [offering.pk for offering in offerings]
    raws = {pk: _Raw() for pk in ids}
    if not ids:
        return raws
    if not all(hasattr(o, "reaction_responses") for o in offerings):
        offerings = list(with_reaction_counts(Offering.objects.filter(pk__in=ids)))
    for offering in offerings:
        raws[offering.pk].responses = offering.reaction_responses
        raws[offering.pk].eligible = offering.reaction_eligible
    answers = (
        ReactionAnswer.objects.filter(response__offering_id__in=ids)
        .values("response__offering_id", "trainer_id", "trainer__name", "item")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by()
    )
    for row in answers:
        raw, trainer_id = raws[row["response__offering_id"]], row["trainer_id"]
        if trainer_id is None:
            raw.organisation[row["item"]] = (row["total"], row["n"])
        else:
            raw.trainers[trainer_id][row["item"]] = (row["total"], row["n"])
            raw.names[trainer_id] = row["trainer__name"]
    taught = (
        Session.objects.filter(offering_id__in=ids, trainer__isnull=False)
        .values_list("offering_id", "trainer_id", "trainer__name")
        .order_by()
        .distinct()
    )
    for offering_id, trainer_id, name in taught:
        raws[offering_id].names[trainer_id] = name
    return raws


def reaction_summaries(offerings: list[Offering], *, with_comments: bool = False) -> dict[int, ReactionSummary]:
    """Anonymous reaction summaries of several offerings, in a constant number of queries."""
    raws = _reaction_raw(offerings)
    comments: dict[int, list[str]] = defaultdict(list)
    shown_ids = [pk for pk, raw in raws.items() if raw.responses >= min_responses()]
    if with_comments and shown_ids:
        # Ordered by the random key: never the order in which people answered.
        rows = ReactionResponse.objects.filter(offering_id__in=shown_ids).exclude(comment="").order_by("pk")
        for offering_id, comment in rows.values_list("offering_id", "comment"):
            comments[offering_id].append(comment)
    return {pk: _build(raw, comments[pk]) for pk, raw in raws.items()}


def reaction_summary_get(*, offering: Offering) -> ReactionSummary:
    """The anonymous summary of one offering's survey, comments included when enough answered."""
    return reaction_summaries([offering], with_comments=True)[offering.pk]


@dataclass(frozen=True)
class CourseReaction:
    # Every offering in scope: answers and seat holders (the response rate of the course).
    responses: int
    eligible: int
    # Means pooled over the offerings with enough answers each: pooling one with fewer would let
    # the difference between two reports reveal its few answers.
    pooled: ReactionSummary
    pooled_offerings: int
    withheld_offerings: int

    @property
    def response_rate(self) -> Decimal | None:
        return _rate(self.responses, self.eligible)


def course_reaction_summary(*, offerings: list[Offering]) -> tuple[CourseReaction, dict[int, ReactionSummary]]:
    """A course's reactions over ``offerings`` (those of the course the caller reads), and each offering's."""
    raws = _reaction_raw(offerings)
    pooled = _Raw()
    total_responses = total_eligible = withheld = 0
    for raw in raws.values():
        total_responses += raw.responses
        total_eligible += raw.eligible
        if raw.responses >= min_responses():
            pooled.add(raw)
        elif raw.responses:
            withheld += 1
    course = CourseReaction(
        responses=total_responses,
        eligible=total_eligible,
        pooled=_build(pooled),
        pooled_offerings=sum(1 for raw in raws.values() if raw.responses >= min_responses()),
        withheld_offerings=withheld,
    )
    return course, {pk: _build(raw) for pk, raw in raws.items()}
