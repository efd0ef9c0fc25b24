from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from backend.audit.models import AuditEntry


def audit_entry_list(*, obj: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor")
