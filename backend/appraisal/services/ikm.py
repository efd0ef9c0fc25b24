import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.appraisal import rules
from backend.appraisal.access import can_manage_ikm, require
from backend.appraisal.choices import IKM_ELEMENTS, IndicatorCategory
from backend.appraisal.models import IkmResponse, IkmSurvey, Period, Score
from backend.appraisal.selectors import ikm_result_get
from backend.appraisal.services.common import actor_access
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit

SURVEY_FIELDS = ["org_unit", "period", "is_open", *[f"weight_{e}" for e in IKM_ELEMENTS]]


def weight_values(weights: dict[str, Decimal] | None) -> dict[str, Decimal | None]:
    if weights is None:
        return {f"weight_{e}": None for e in IKM_ELEMENTS}
    try:
        rules.validate_weights(weights)
    except ValidationError as exc:
        raise ValidationError({"weights": exc.messages}) from None
    return {f"weight_{e}": Decimal(weights[e]) for e in IKM_ELEMENTS}


@transaction.atomic
def ikm_survey_create(
    *, actor, org_unit: OrgUnit, period: Period, weights: dict[str, Decimal] | None = None
) -> IkmSurvey:
    require(can_manage_ikm(actor_access(actor), org_unit))
    # An unguessable code: the public form is reachable by its link only.
    survey = IkmSurvey(org_unit=org_unit, period=period, token=secrets.token_urlsafe(12), **weight_values(weights))
    return model_create(instance=survey, fields=SURVEY_FIELDS, actor=actor)


@transaction.atomic
def ikm_survey_update(
    *, actor, survey: IkmSurvey, weights: dict[str, Decimal] | None = ..., is_open: bool | None = None
) -> IkmSurvey:
    """Change the weights (``None`` restores 1/9 each) or open/close the form."""
    require(can_manage_ikm(actor_access(actor), survey.org_unit))
    data = {} if weights is ... else weight_values(weights)
    if is_open is not None:
        data["is_open"] = is_open
    survey, _changes = model_update(instance=survey, fields=SURVEY_FIELDS, data=data, actor=actor)
    return survey


@transaction.atomic
def ikm_response_submit(*, survey: IkmSurvey, answers: dict[str, int]) -> IkmResponse:
    """A public answer. Stores the nine scores and the day only: nothing about who answered."""
    if not survey.is_open:
        raise ValidationError(_("This survey no longer accepts answers."))
    errors = {}
    for element in IKM_ELEMENTS:
        value = answers.get(element)
        if value not in (1, 2, 3, 4):
            errors[element] = _("Choose a score from 1 to 4.")
    if errors:
        raise ValidationError(errors)
    response = IkmResponse(survey=survey, submitted_on=timezone.localdate(), **{e: answers[e] for e in IKM_ELEMENTS})
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def ikm_survey_apply(*, actor, survey: IkmSurvey) -> int:
    """Feed the unit's IKM into its staff's community-satisfaction scores for the period.

    The scores (with their targets) are those the appraisers set on community-satisfaction
    indicators of this unit or an enclosing one, for employees inside the unit.
    Returns how many scores changed.
    """
    require(can_manage_ikm(actor_access(actor), survey.org_unit))
    result = ikm_result_get(survey=survey)
    if result.responses == 0:
        raise ValidationError(_("The survey has no answers yet."))
    ancestors = [int(part) for part in survey.org_unit.path.strip("/").split("/")]
    scores = list(
        Score.objects.select_for_update()
        .select_related("indicator", "employee")
        .filter(
            period=survey.period,
            indicator__category=IndicatorCategory.COMMUNITY_SATISFACTION,
            indicator__org_unit_id__in=ancestors,
            employee__unit__path__startswith=survey.org_unit.path,
        )
    )
    changed = []
    for score in scores:
        if score.realisasi == result.value:
            continue
        old = score.realisasi
        score.realisasi = result.value
        score.achievement = rules.achievement(
            target=score.target, realisasi=score.realisasi, direction=score.indicator.direction
        )
        score._old_realisasi = old
        changed.append(score)
    Score.objects.bulk_update(changed, ["realisasi", "achievement"], batch_size=1000)
    audit_bulk_record(
        objs=changed,
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        changes_for=lambda s: {"realisasi": [str(s._old_realisasi), str(s.realisasi)]},
        reason=_("IKM of %(unit)s for %(period)s") % {"unit": survey.org_unit, "period": survey.period},
    )
    return len(changed)
