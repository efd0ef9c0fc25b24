from django.db import models, transaction
from django.utils.translation import gettext as _

from backend.appraisal.access import require
from backend.appraisal.services.common import actor_access
from backend.common.services import model_create, model_update


def _editable_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if f.editable and not f.primary_key]


@transaction.atomic
def config_save(*, actor, instance: models.Model, changed: list[str], creating: bool) -> models.Model:
    """Save an administrator's edit of the appraisal configuration (rules, bounds, OPD ratings)."""
    require(actor_access(actor).is_admin, _("Only an administrator changes the appraisal configuration."))
    fields = _editable_fields(instance)
    if creating:
        return model_create(instance=instance, fields=fields, actor=actor)
    data = {name: getattr(instance, name) for name in changed if name in fields}
    saved, _changes = model_update(instance=instance, fields=fields, data=data, actor=actor)
    return saved
