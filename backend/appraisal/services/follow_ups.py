import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from backend.appraisal.access import can_write_scores, require
from backend.appraisal.models import Evaluation, FollowUp
from backend.appraisal.services.common import actor_access
from backend.common.services import model_create, model_update
from backend.people.models import Employee

FOLLOW_UP_FIELDS = ["employee", "evaluation", "kind", "owner", "due_date", "status", "notes"]


@transaction.atomic
def follow_up_create(
    *,
    actor,
    employee: Employee,
    kind: str,
    owner: Employee,
    due_date: datetime.date,
    notes: str = "",
    evaluation: Evaluation | None = None,
) -> FollowUp:
    require(can_write_scores(actor_access(actor), employee), _("Only the appraiser or HR may plan follow-up."))
    follow_up = FollowUp(
        employee=employee,
        evaluation=evaluation,
        kind=kind,
        owner=owner,
        due_date=due_date,
        notes=notes,
        created_by=actor,
    )
    return model_create(instance=follow_up, fields=FOLLOW_UP_FIELDS, actor=actor)


@transaction.atomic
def follow_up_update(*, actor, follow_up: FollowUp, **changes) -> FollowUp:
    access = actor_access(actor)
    is_owner = access.employee_id is not None and follow_up.owner_id == access.employee_id
    require(is_owner or can_write_scores(access, follow_up.employee), _("You may not change this follow-up."))
    allowed = ["kind", "owner", "due_date", "status", "notes"]
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"follow_up_update() got unexpected fields: {sorted(unknown)}")
    follow_up, _changes = model_update(instance=follow_up, fields=FOLLOW_UP_FIELDS, data=changes, actor=actor)
    return follow_up
