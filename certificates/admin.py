"""Admin: issuers are configured here (logo, signatory, numbering); certificates change only through
their services and pages, so here they are read-only."""

from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin
from certificates.models import Certificate, CertificateEvent, CertificateIssuer


@admin.register(CertificateIssuer)
class CertificateIssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "org_unit", "signatory_name", "number_pattern"]
    autocomplete_fields = ["org_unit"]

    def has_delete_permission(self, request, obj=None):
        # Numbered certificates point at their issuer: it is never deleted.
        return False


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    fields = ["at", "action", "actor", "detail", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "issuer", "year", "issued_at", "revoked_at"]
    list_filter = ["status", "issuer", "year"]
    search_fields = ["number", "code", "enrollment__employee__name", "enrollment__employee__nip"]
    list_select_related = ["issuer"]
    inlines = [CertificateEventInline]
