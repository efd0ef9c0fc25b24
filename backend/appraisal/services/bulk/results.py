"""Scores, evaluations and follow-up in bulk: the bulk of a regency's appraisal data."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.appraisal import rules
from backend.appraisal.choices import FollowUpKind, FollowUpStatus, Rating
from backend.appraisal.models import BehaviourRating, Evaluation, FollowUp, Indicator, Period, Score
from backend.appraisal.selectors import appraisal_rules_get
from backend.appraisal.services.bulk.common import (
    BATCH_SIZE,
    db_now,
    insert_rows,
    raise_row_errors,
    record_created,
    writable_employees,
    writable_periods,
)
from backend.appraisal.services.evaluations import EVALUATION_FIELDS, validated_behaviour
from backend.appraisal.services.follow_ups import FOLLOW_UP_FIELDS
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
from backend.people.models import Employee

# Score.target and realisasi: 14 digits, 2 of them decimals.
MAX_AMOUNT = Decimal(10) ** 12
RELATED = {name: Score._meta.get_field(name) for name in ("employee", "indicator", "period")}
SCORE_COLUMNS = [
    "employee",
    "indicator",
    "period",
    "target",
    "realisasi",
    "achievement",
    "evidence_file",
    "evidence_url",
    "appraiser",
    "updated_at",
]


@dataclass(frozen=True)
class ScoreRow:
    employee_id: int
    indicator_id: int
    period_id: int
    target: Decimal
    realisasi: Decimal
    # None: the employee's supervisor, as ``score_create`` does.
    appraiser_id: int | None = None


def _amounts(row: ScoreRow, direction: str) -> tuple[Decimal, Decimal, Decimal]:
    target, realisasi = Decimal(row.target), Decimal(row.realisasi)
    for name, value in (("target", target), ("realisasi", realisasi)):
        if not value.is_finite() or abs(value) >= MAX_AMOUNT or value != value.quantize(rules.CENT):
            raise ValidationError({name: _("Use at most 12 digits before and 2 after the decimal point.")})
    return target, realisasi, rules.achievement(target=target, realisasi=realisasi, direction=direction)


def _score_changes(score: Score) -> dict:
    # What diff({}, snapshot(score, SCORE_FIELDS)) gives, without the field API on every row.
    changes = {
        "target": [None, str(score.target)],
        "realisasi": [None, str(score.realisasi)],
        "achievement": [None, str(score.achievement)],
        "evidence_file": [None, ""],
        "evidence_url": [None, ""],
    }
    if score.appraiser_id is not None:
        changes["appraiser"] = [None, score.appraiser_id]
    return changes


@transaction.atomic
def score_bulk_create(*, actor, rows: Iterable[ScoreRow], reason: str = "", batch_size: int = BATCH_SIZE) -> int:
    """Create many scores with their achievement; closed periods need an administrator and a reason."""
    rows = list(rows)
    if not rows:
        return 0
    employees = writable_employees(
        actor, {r.employee_id for r in rows}, _("Only the appraiser or HR may enter scores.")
    )
    periods, reason = writable_periods(actor, {r.period_id for r in rows}, reason)
    indicators = Indicator.objects.in_bulk({r.indicator_id for r in rows})
    scores, errors, seen = [], {}, set()
    for index, row in enumerate(rows):
        label = f"row {index + 1}"
        key = (row.employee_id, row.indicator_id, row.period_id)
        indicator = indicators.get(row.indicator_id)
        if indicator is None or key in seen:
            errors[label] = [
                _("Unknown indicator.")
                if indicator is None
                else _("This employee already has a score for this indicator in this period.")
            ]
            continue
        seen.add(key)
        try:
            target, realisasi, achievement = _amounts(row, indicator.direction)
        except ValidationError as exc:
            errors[label] = exc.messages
            continue
        employee = employees[row.employee_id]
        score = Score(
            employee_id=employee.pk,
            indicator_id=indicator.pk,
            period_id=row.period_id,
            target=target,
            realisasi=realisasi,
            achievement=achievement,
            appraiser_id=row.appraiser_id if row.appraiser_id is not None else employee.supervisor_id,
        )
        # Cached for the history's object names, without the descriptors' checks on every row.
        for name, related in (("employee", employee), ("indicator", indicator), ("period", periods[row.period_id])):
            RELATED[name].set_cached_value(score, related)
        scores.append(score)
    raise_row_errors(errors)
    now = db_now()
    values = [
        (s.employee_id, s.indicator_id, s.period_id, s.target, s.realisasi, s.achievement, "", "", s.appraiser_id, now)
        for s in scores
    ]
    insert_rows(Score, SCORE_COLUMNS, values, batch_size=batch_size)
    pks = {
        (employee_id, indicator_id, period_id): pk
        for employee_id, indicator_id, period_id, pk in Score.objects.filter(
            period_id__in=list(periods), indicator_id__in=list(indicators)
        ).values_list("employee_id", "indicator_id", "period_id", "pk")
    }
    for score in scores:
        score.pk = pks[(score.employee_id, score.indicator_id, score.period_id)]
    record_created(scores, actor=actor, fields=[], reason=reason, changes_for=_score_changes)
    return len(scores)


@dataclass(frozen=True)
class ScoreUpdateRow:
    score_id: int
    realisasi: Decimal


@transaction.atomic
def score_bulk_update(
    *, actor, rows: Iterable[ScoreUpdateRow], reason: str = "", batch_size: int = BATCH_SIZE
) -> list[Score]:
    """Change the realisasi of many scores, deriving their achievement again, as ``score_update`` does.

    Closed periods need an administrator and a reason; every changed score gets its history
    row, with the reason given. Evaluations already saved are not computed again (nor are they by ``score_update``).
    """
    rows = list(rows)
    if not rows:
        return []
    scores = Score.objects.select_related("indicator").in_bulk({r.score_id for r in rows})
    employees = writable_employees(
        actor, {s.employee_id for s in scores.values()}, _("Only the appraiser or HR may change scores.")
    )
    periods, _recorded = writable_periods(actor, {s.period_id for s in scores.values()}, reason)
    # Kept for open periods too: a batch's history says why it was changed.
    reason = reason.strip()
    changed, changes, errors, seen = [], {}, {}, set()
    for index, row in enumerate(rows):
        label = f"row {index + 1}"
        score = scores.get(row.score_id)
        if score is None or row.score_id in seen:
            errors[label] = [_("Unknown score.") if score is None else _("This score is changed twice.")]
            continue
        seen.add(row.score_id)
        try:
            _target, realisasi, achievement = _amounts(
                ScoreRow(score.employee_id, score.indicator_id, score.period_id, score.target, row.realisasi),
                score.indicator.direction,
            )
        except ValidationError as exc:
            errors[label] = exc.messages
            continue
        if realisasi == score.realisasi:
            continue
        changes[score.pk] = {
            "realisasi": [str(score.realisasi), str(realisasi)],
            "achievement": [str(score.achievement), str(achievement)],
        }
        score.realisasi, score.achievement = realisasi, achievement
        # Cached for the history's object names.
        RELATED["employee"].set_cached_value(score, employees[score.employee_id])
        RELATED["period"].set_cached_value(score, periods[score.period_id])
        changed.append(score)
    raise_row_errors(errors)
    now = timezone.now()
    for score in changed:
        score.updated_at = now
    Score.objects.bulk_update(changed, ["realisasi", "achievement", "updated_at"], batch_size=batch_size)
    audit_bulk_record(
        objs=changed,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda score: changes[score.pk],
        reason=reason,
    )
    return changed


# The rating fields; the appraiser is a foreign key, written by its id.
EVALUATION_RATINGS = [name for name in EVALUATION_FIELDS if name != "appraiser"]
EVALUATION_ATTRIBUTES = ["employee_id", "period_id", "appraiser_id", *EVALUATION_RATINGS]
EVALUATION_COLUMNS = ["employee", "period", "appraiser", *EVALUATION_RATINGS, "updated_at"]


@dataclass(frozen=True)
class EvaluationRow:
    employee_id: int
    period_id: int
    # BerAKHLAK value → rating, all seven.
    behaviour: dict[str, str]
    result_override: str = ""
    override_reason: str = ""


def _achievements(employee_ids: set[int], period: Period) -> dict[int, list[Decimal]]:
    """Every achievement inside ``period`` (a year's quarters too), as ``evaluation_save`` reads them."""
    found: dict[int, list[Decimal]] = {}
    ids = sorted(employee_ids)
    # Chunked: SQLite limits the parameters of one statement.
    for start in range(0, len(ids), 5000):
        rows = Score.objects.filter(
            employee_id__in=ids[start : start + 5000],
            period__start_date__gte=period.start_date,
            period__end_date__lte=period.end_date,
        ).values_list("employee_id", "achievement")
        for employee_id, achievement in rows:
            found.setdefault(employee_id, []).append(achievement)
    return found


def _evaluation(row: EvaluationRow, *, employee: Employee, period: Period, achievements: list, config) -> Evaluation:
    if row.result_override and row.result_override not in Rating.values:
        raise ValidationError({"result_override": _("Choose one of the three ratings.")})
    if row.result_override and not row.override_reason.strip():
        raise ValidationError({"override_reason": _("Give a reason for overriding the result rating.")})
    computed = rules.result_rating(
        achievements=achievements, meets_from=config.result_meets_from, above_from=config.result_above_from
    )
    if computed is None and not row.result_override:
        raise ValidationError(
            {"result_override": _("There are no scores in this period: set the result rating and give a reason.")}
        )
    result = row.result_override or computed
    behaviour = rules.behaviour_rating(
        ratings=row.behaviour,
        above_min_values=config.behaviour_above_min_values,
        below_min_values=config.behaviour_below_min_values,
    )
    evaluation = Evaluation(
        employee_id=employee.pk,
        period_id=period.pk,
        appraiser_id=employee.supervisor_id,
        result_rating_computed=computed or "",
        result_rating_override=row.result_override,
        override_reason=row.override_reason.strip() if row.result_override else "",
        result_rating=result,
        behaviour_rating=behaviour,
        predikat=rules.predikat(result=result, behaviour=behaviour),
    )
    # Cached for the history's object names.
    Evaluation._meta.get_field("employee").set_cached_value(evaluation, employee)
    Evaluation._meta.get_field("period").set_cached_value(evaluation, period)
    return evaluation


@transaction.atomic
def evaluation_bulk_create(
    *, actor, rows: Iterable[EvaluationRow], reason: str = "", batch_size: int = BATCH_SIZE
) -> list[Evaluation]:
    """Create many evaluations with their BerAKHLAK ratings; result, behaviour and predikat by the rules."""
    rows = list(rows)
    if not rows:
        return []
    employees = writable_employees(actor, {r.employee_id for r in rows}, _("Only the appraiser or HR may evaluate."))
    periods, reason = writable_periods(actor, {r.period_id for r in rows}, reason)
    config = appraisal_rules_get()
    achievements = {
        period_id: _achievements({r.employee_id for r in rows if r.period_id == period_id}, period)
        for period_id, period in periods.items()
    }
    evaluations, behaviours, errors, seen = [], [], {}, set()
    for index, row in enumerate(rows):
        label = f"row {index + 1}"
        if (row.employee_id, row.period_id) in seen:
            errors[label] = [_("This employee is evaluated twice for this period.")]
            continue
        seen.add((row.employee_id, row.period_id))
        try:
            behaviour = validated_behaviour(row.behaviour)
            evaluation = _evaluation(
                row,
                employee=employees[row.employee_id],
                period=periods[row.period_id],
                achievements=achievements[row.period_id].get(row.employee_id, []),
                config=config,
            )
        except ValidationError as exc:
            errors[label] = exc.messages
            continue
        evaluations.append(evaluation)
        behaviours.append(behaviour)
    raise_row_errors(errors)
    now = db_now()
    insert_rows(
        Evaluation,
        EVALUATION_COLUMNS,
        [(*(getattr(e, name) for name in EVALUATION_ATTRIBUTES), now) for e in evaluations],
        batch_size=batch_size,
    )
    pks = {
        (employee_id, period_id): pk
        for employee_id, period_id, pk in Evaluation.objects.filter(period_id__in=list(periods)).values_list(
            "employee_id", "period_id", "pk"
        )
    }
    for evaluation in evaluations:
        evaluation.pk = pks[(evaluation.employee_id, evaluation.period_id)]
    values = [
        (evaluation.pk, value, rating, "")
        for evaluation, behaviour in zip(evaluations, behaviours, strict=True)
        for value, rating in behaviour.items()
    ]
    insert_rows(BehaviourRating, ["evaluation", "value", "rating", "note"], values, batch_size=batch_size)
    by_pk = {evaluation.pk: behaviour for evaluation, behaviour in zip(evaluations, behaviours, strict=True)}

    def changes(evaluation):
        # What diff({}, snapshot(evaluation, EVALUATION_FIELDS)) gives, and the seven values.
        values = {name: [None, getattr(evaluation, name)] for name in EVALUATION_RATINGS}
        if evaluation.appraiser_id is not None:
            values["appraiser"] = [None, evaluation.appraiser_id]
        values.update({f"behaviour.{v}": [None, r] for v, r in by_pk[evaluation.pk].items()})
        return values

    record_created(evaluations, actor=actor, fields=EVALUATION_FIELDS, reason=reason, changes_for=changes)
    return evaluations


@dataclass(frozen=True)
class FollowUpRow:
    employee_id: int
    kind: str
    owner_id: int
    due_date: datetime.date
    status: str = FollowUpStatus.OPEN
    notes: str = ""
    evaluation_id: int | None = None


@transaction.atomic
def follow_up_bulk_create(*, actor, rows: Iterable[FollowUpRow]) -> list[FollowUp]:
    rows = list(rows)
    if not rows:
        return []
    employees = writable_employees(
        actor, {r.employee_id for r in rows}, _("Only the appraiser or HR may plan follow-up.")
    )
    owners = set(Employee.objects.filter(pk__in={r.owner_id for r in rows}).values_list("pk", flat=True))
    follow_ups, errors = [], {}
    for index, row in enumerate(rows):
        problems = []
        if row.kind not in FollowUpKind.values:
            problems.append(_("Choose a kind of follow-up."))
        if row.status not in FollowUpStatus.values:
            problems.append(_("Choose a status."))
        if row.owner_id not in owners:
            problems.append(_("Unknown owner."))
        if not isinstance(row.due_date, datetime.date):
            problems.append(_("Give a due date."))
        if problems:
            errors[f"row {index + 1}"] = problems
            continue
        follow_ups.append(
            FollowUp(
                employee=employees[row.employee_id],
                evaluation_id=row.evaluation_id,
                kind=row.kind,
                owner_id=row.owner_id,
                due_date=row.due_date,
                status=row.status,
                notes=row.notes,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
        )
    raise_row_errors(errors)
    FollowUp.objects.bulk_create(follow_ups)
    record_created(follow_ups, actor=actor, fields=FOLLOW_UP_FIELDS)
    return follow_ups
