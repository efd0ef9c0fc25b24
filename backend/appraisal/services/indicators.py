from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal import rules
from backend.appraisal.access import can_manage_reference, require
from backend.appraisal.models import Indicator, Score
from backend.appraisal.services.common import actor_access
from backend.audit.models import AuditEntry
from backend.audit.services import audit_bulk_record
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
        # Achievement is derived from the direction: every stored score must follow it, and each
        # score's history says so (HR reads why an achievement moved without anyone entering it).
        scores = list(
            Score.objects.filter(indicator=indicator)
            .select_related("employee", "period")
            .select_for_update(of=("self",))
        )
        before = {}
        for score in scores:
            score.indicator = indicator
            before[score.pk] = score.achievement
            score.achievement = rules.achievement(
                target=score.target, realisasi=score.realisasi, direction=indicator.direction
            )
        moved = [score for score in scores if score.achievement != before[score.pk]]
        Score.objects.bulk_update(moved, ["achievement"], batch_size=1000)
        audit_bulk_record(
            objs=moved,
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            changes_for=lambda score: {"achievement": [str(before[score.pk]), str(score.achievement)]},
            reason=_("The direction of %(indicator)s changed") % {"indicator": indicator.code},
        )
    return indicator
