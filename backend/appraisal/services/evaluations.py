from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal import rules
from backend.appraisal.access import can_manage_reference, can_write_scores, require
from backend.appraisal.choices import BerakhlakValue, Rating
from backend.appraisal.models import BehaviourRating, Evaluation, OrgPerformance, Period, Score
from backend.appraisal.selectors import appraisal_rules_get
from backend.appraisal.services.common import actor_access, ensure_period_writable
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, diff, snapshot
from backend.people.models import Employee, OrgUnit

EVALUATION_FIELDS = [
    "appraiser",
    "result_rating_computed",
    "result_rating_override",
    "override_reason",
    "result_rating",
    "behaviour_rating",
    "predikat",
]


def validated_behaviour(behaviour: dict[str, str]) -> dict[str, str]:
    missing = [BerakhlakValue(v).label for v in BerakhlakValue.values if v not in behaviour]
    unknown = sorted(set(behaviour) - set(BerakhlakValue.values))
    bad = sorted(v for v, r in behaviour.items() if r not in Rating.values)
    if missing or unknown or bad:
        parts = []
        if missing:
            parts.append(_("rate every core value; missing: %(values)s") % {"values": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown values: %(values)s") % {"values": ", ".join(unknown)})
        if bad:
            parts.append(_("invalid ratings for: %(values)s") % {"values": ", ".join(bad)})
        raise ValidationError({"behaviour": "; ".join(parts)})
    return dict(behaviour)


def _period_achievements(*, employee: Employee, period: Period) -> list:
    # An annual evaluation rests on every score inside the year (quarters included).
    return list(
        Score.objects.filter(
            employee=employee, period__start_date__gte=period.start_date, period__end_date__lte=period.end_date
        ).values_list("achievement", flat=True)
    )


@transaction.atomic
def evaluation_save(
    *,
    actor,
    employee: Employee,
    period: Period,
    behaviour: dict[str, str],
    result_override: str = "",
    override_reason: str = "",
    reason: str = "",
) -> Evaluation:
    """Create or update an employee's evaluation: ratings by rule (or override) and the predikat."""
    require(can_write_scores(actor_access(actor), employee), _("Only the appraiser or HR may evaluate."))
    reason = ensure_period_writable(actor=actor, period=period, reason=reason)
    behaviour = validated_behaviour(behaviour)
    config = appraisal_rules_get()
    computed = rules.result_rating(
        achievements=_period_achievements(employee=employee, period=period),
        meets_from=config.result_meets_from,
        above_from=config.result_above_from,
    )
    if result_override and result_override not in Rating.values:
        raise ValidationError({"result_override": _("Choose one of the three ratings.")})
    if result_override and not override_reason.strip():
        raise ValidationError({"override_reason": _("Give a reason for overriding the result rating.")})
    if computed is None and not result_override:
        raise ValidationError(
            {"result_override": _("There are no scores in this period: set the result rating and give a reason.")}
        )
    result = result_override or computed
    behaviour_overall = rules.behaviour_rating(
        ratings=behaviour,
        above_min_values=config.behaviour_above_min_values,
        below_min_values=config.behaviour_below_min_values,
    )
    values = {
        "appraiser": employee.supervisor,
        "result_rating_computed": computed or "",
        "result_rating_override": result_override,
        "override_reason": override_reason.strip() if result_override else "",
        "result_rating": result,
        "behaviour_rating": behaviour_overall,
        "predikat": rules.predikat(result=result, behaviour=behaviour_overall),
    }

    evaluation = Evaluation.objects.select_for_update().filter(employee=employee, period=period).first()
    before = snapshot(evaluation, EVALUATION_FIELDS) if evaluation else {}
    old_behaviour = dict(evaluation.behaviour_ratings.values_list("value", "rating")) if evaluation else {}
    if evaluation is None:
        evaluation = Evaluation(employee=employee, period=period)
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.full_clean()
    evaluation.save()
    BehaviourRating.objects.filter(evaluation=evaluation).delete()
    BehaviourRating.objects.bulk_create(
        [BehaviourRating(evaluation=evaluation, value=value, rating=rating) for value, rating in behaviour.items()]
    )
    changes = diff(before, snapshot(evaluation, EVALUATION_FIELDS))
    changes.update(
        {f"behaviour.{v}": [old_behaviour.get(v), r] for v, r in behaviour.items() if old_behaviour.get(v) != r}
    )
    if changes:
        action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
        audit_record(obj=evaluation, action=action, actor=actor, changes=changes, reason=reason)
    return evaluation


@transaction.atomic
def org_performance_set(*, actor, org_unit: OrgUnit, year: int, rating: str) -> OrgPerformance:
    require(can_manage_reference(actor_access(actor)))
    if org_unit.parent_id is not None:
        raise ValidationError({"org_unit": _("Organisational ratings belong to an OPD.")})
    record = OrgPerformance.objects.select_for_update().filter(org_unit=org_unit, year=year).first()
    old = record.rating if record else None
    if record is None:
        record = OrgPerformance(org_unit=org_unit, year=year)
    record.rating = rating
    record.full_clean()
    record.save()
    if old != rating:
        action = AuditEntry.Action.UPDATE if old else AuditEntry.Action.CREATE
        audit_record(obj=record, action=action, actor=actor, changes={"rating": [old, rating]})
    return record
