"""Reaction surveys (Kirkpatrick L1) in bulk: many participants' answers, as ``reaction_submit`` takes one.

Every row is checked as the single-row service checks it (a seat held, the offering's last
session over when the answer was given, answered once, every organisation item and every
item for each trainer of the offering's sessions, scores on the scale) and only an
administrator (or the system, seeding) may load them. As there, the receipt names the
participant, the response names nobody and no audit row links the two; the responses are
written in the order of their random keys, not in the receipts' order.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, SEAT_STATUSES, TRAINER_ITEMS
from lms.models import Enrollment, ReactionAnswer, ReactionReceipt, ReactionResponse, Session
from lms.services.bulk.common import (
    BATCH_SIZE,
    actor_access,
    datetime_adapter,
    insert_rows,
    raise_row_errors,
    require,
)
from lms.services.reactions import COMMENT_MAX_LENGTH

RECEIPT_COLUMNS = ["enrollment", "submitted_at"]
RESPONSE_COLUMNS = ["id", "offering", "comment"]
ANSWER_COLUMNS = ["id", "response", "trainer", "item", "score"]
ORGANISATION = frozenset(str(item) for item in ORGANISATION_ITEMS)
TRAINER = frozenset(str(item) for item in TRAINER_ITEMS)


@dataclass(frozen=True)
class ReactionRow:
    enrollment_id: int
    submitted_at: datetime.datetime
    # Organisation item → score; trainer id → {trainer item → score}.
    organisation: dict[str, int]
    trainers: dict[int, dict[str, int]] = field(default_factory=dict)
    comment: str = ""


def _problems(row: ReactionRow, trainers: set[int]) -> list[str]:
    low, high = REACTION_SCALE
    problems = []
    if set(row.organisation) != ORGANISATION:
        problems.append(_("Answer every organisation item, and only those."))
    if set(row.trainers) != trainers:
        problems.append(_("Answer for every trainer of the offering's sessions, and only those."))
    if any(set(items) != TRAINER for items in row.trainers.values()):
        problems.append(_("Answer every trainer item, and only those."))
    scores = [*row.organisation.values(), *(s for items in row.trainers.values() for s in items.values())]
    if any(isinstance(s, bool) or not isinstance(s, int) or not low <= s <= high for s in scores):
        problems.append(_("Scores run from %(low)d to %(high)d.") % {"low": low, "high": high})
    if len(row.comment.strip()) > COMMENT_MAX_LENGTH:
        problems.append(_("Keep the comment to %(max)d characters.") % {"max": COMMENT_MAX_LENGTH})
    return problems


@transaction.atomic
def reaction_bulk_create(*, actor, rows: Iterable[ReactionRow], batch_size: int = BATCH_SIZE) -> int:
    """Load many participants' reaction surveys; returns how many were loaded."""
    rows = list(rows)
    if not rows:
        return 0
    access = actor_access(actor)
    require(access.is_admin, _("Only an administrator may load evaluations."))
    enrollments = Enrollment.objects.only("pk", "status", "offering_id").in_bulk({r.enrollment_id for r in rows})
    offerings = {e.offering_id for e in enrollments.values()}
    trainers: dict[int, set[int]] = defaultdict(set)
    for offering_id, trainer_id in Session.objects.filter(offering_id__in=offerings, trainer__isnull=False).values_list(
        "offering_id", "trainer_id"
    ):
        trainers[offering_id].add(trainer_id)
    ended: dict[int, datetime.datetime] = {}
    for offering_id, day, ends_at in Session.objects.filter(offering_id__in=offerings).values_list(
        "offering_id", "date", "ends_at"
    ):
        end = timezone.make_aware(datetime.datetime.combine(day, ends_at))
        if offering_id not in ended or end > ended[offering_id]:
            ended[offering_id] = end
    answered = set(
        ReactionReceipt.objects.filter(enrollment_id__in=list(enrollments)).values_list("enrollment_id", flat=True)
    )
    errors, seen = {}, set()
    for index, row in enumerate(rows):
        enrollment = enrollments.get(row.enrollment_id)
        if enrollment is None:
            problems = [_("Unknown enrollment.")]
        elif enrollment.status not in SEAT_STATUSES:
            problems = [_("Only participants who held a seat in the offering fill in its evaluation.")]
        elif row.enrollment_id in answered or row.enrollment_id in seen:
            problems = [_("This participant has already filled in the evaluation; it is given once.")]
        else:
            problems = _problems(row, trainers[enrollment.offering_id])
            last = ended.get(enrollment.offering_id)
            if last is None or row.submitted_at < last:
                problems.append(_("The evaluation opens when the offering's last session has ended."))
        seen.add(row.enrollment_id)
        if problems:
            errors[f"row {index + 1}"] = problems
    raise_row_errors(errors)

    moment = datetime_adapter()
    insert_rows(
        ReactionReceipt,
        RECEIPT_COLUMNS,
        [(r.enrollment_id, moment(r.submitted_at)) for r in rows],
        batch_size=batch_size,
    )
    key_value = ReactionResponse._meta.pk.get_db_prep_value
    responses = sorted(
        ((uuid.uuid4(), row, enrollments[row.enrollment_id].offering_id) for row in rows), key=lambda item: item[0]
    )
    insert_rows(
        ReactionResponse,
        RESPONSE_COLUMNS,
        [(key_value(key, connection), offering_id, row.comment.strip()) for key, row, offering_id in responses],
        batch_size=batch_size,
    )
    answer_key = ReactionAnswer._meta.pk.get_db_prep_value
    answers = []
    for key, row, _offering in responses:
        value = key_value(key, connection)
        subjects = [(None, row.organisation), *sorted(row.trainers.items())]
        answers += [
            (answer_key(uuid.uuid4(), connection), value, trainer_id, item, score)
            for trainer_id, items in subjects
            for item, score in sorted(items.items())
        ]
    insert_rows(ReactionAnswer, ANSWER_COLUMNS, answers, batch_size=batch_size)
    return len(rows)
