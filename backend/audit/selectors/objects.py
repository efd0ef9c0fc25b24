"""The history of one object, as its page shows it."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry


def audit_entry_list(*, obj: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor")


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str
    new: str


def field_displayer(model, field_name: str, related: dict):
    """How to show a stored value of ``field_name``: a label, not a column name or an id."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name, str
    if field.auto_created and not field.concrete:
        # A reverse relation (e.g. an offering's sessions, counted in its history): named by its model.
        return str(field.related_model._meta.verbose_name_plural), str
    label = str(field.verbose_name)
    if field.is_relation and field.many_to_one:
        objects = related.get(field.related_model, {})
        return label, lambda value: str(objects.get(value, value))
    if field.choices:
        choices = {str(k): str(v) for k, v in field.flatchoices}
        return label, lambda value: choices.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return label, lambda value: str(_("Yes") if value else _("No"))
    return label, str


def audit_history(*, obj: models.Model, limit: int = 20) -> list[tuple[AuditEntry, list[ChangeRow]]]:
    """The latest history of ``obj`` as people read it: field labels, choice labels, names for ids.

    Three queries whatever the number of entries: the entries, then one per related model named.
    """
    entries = list(audit_entry_list(obj=obj)[:limit])
    model = type(obj)
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        for name, values in entry.changes.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.many_to_one:
                wanted[field.related_model].update(v for v in values if v is not None)
    related = {related_model: related_model._default_manager.in_bulk(ids) for related_model, ids in wanted.items()}
    history = []
    for entry in entries:
        rows = []
        for name, (old, new) in entry.changes.items():
            label, show = field_displayer(model, name, related)
            rows.append(ChangeRow(label, "∅" if old is None else show(old), "∅" if new is None else show(new)))
        history.append((entry, rows))
    return history
