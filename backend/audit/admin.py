from django.contrib import admin

from backend.audit.models import AuditEntry
from backend.common.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    # History is evidence: nobody edits or deletes it, not even an administrator.
    list_display = ["at", "object_repr", "content_type", "action", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "reason"]
    list_select_related = ["content_type", "actor"]
