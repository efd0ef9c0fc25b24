from django.db import transaction

from backend.appraisal import rules
from backend.appraisal.access import can_manage_reference, require
from backend.appraisal.models import Indicator, Score
from backend.appraisal.services.common import actor_access
from backend.common.services import model_create, model_update
from backend.people.models import OrgUnit

INDICATOR_FIELDS = [
    "code",
    "name",
    "level",
    "org_unit",
    "parent",
    "category",
    "aspect",
    "unit_of_measure",
    "direction",
    "is_active",
]


@transaction.atomic
def indicator_create(
    *,
    actor,
    code: str,
    name: str,
    level: str,
    org_unit: OrgUnit,
    category: str,
    aspect: str,
    unit_of_measure: str,
    direction: str,
    parent: Indicator | None = None,
    is_active: bool = True,
) -> Indicator:
    require(can_manage_reference(actor_access(actor)))
    indicator = Indicator(
        code=code,
        name=name,
        level=level,
        org_unit=org_unit,
        parent=parent,
        category=category,
        aspect=aspect,
        unit_of_measure=unit_of_measure,
        direction=direction,
        is_active=is_active,
    )
    return model_create(instance=indicator, fields=INDICATOR_FIELDS, actor=actor)


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **changes) -> Indicator:
    require(can_manage_reference(actor_access(actor)))
    indicator, changed = model_update(instance=indicator, fields=INDICATOR_FIELDS, data=changes, actor=actor)
    if "direction" in changed:
        # Achievement is derived from the direction: every stored score must follow it.
        scores = list(Score.objects.filter(indicator=indicator).select_for_update())
        for score in scores:
            score.achievement = rules.achievement(
                target=score.target, realisasi=score.realisasi, direction=indicator.direction
            )
        Score.objects.bulk_update(scores, ["achievement"], batch_size=1000)
    return indicator
