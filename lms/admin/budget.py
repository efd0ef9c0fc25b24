"""Budgets, their revisions, cost lines and commitments: read-only here.

Budgets change only by a recorded revision, cost lines only by the offering's rules (planned
while a draft, actual once published), commitments only by publishing and cancelling: the
budget pages, the offering's cost page and the API apply those rules and keep the history.
"""

from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin
from lms.models import Budget, BudgetCommitment, BudgetRevision, OfferingCost


class BudgetRevisionInline(admin.TabularInline):
    model = BudgetRevision
    fields = ["decided_on", "kind", "old_amount", "new_amount", "note", "actor", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["org_unit", "fiscal_year", "amount", "updated_at"]
    list_filter = ["fiscal_year"]
    list_select_related = ["org_unit"]
    search_fields = ["org_unit__name", "org_unit__code"]
    inlines = [BudgetRevisionInline]


@admin.register(BudgetCommitment)
class BudgetCommitmentAdmin(ReadOnlyAdmin):
    list_display = ["offering", "budget", "amount", "shortfall", "committed_by", "committed_at", "released_at"]
    list_filter = ["budget__fiscal_year"]
    list_select_related = ["offering__course", "budget__org_unit", "committed_by"]
    search_fields = ["offering__code", "budget__org_unit__name", "override_reason"]


@admin.register(OfferingCost)
class OfferingCostAdmin(ReadOnlyAdmin):
    list_display = ["offering", "kind", "description", "quantity", "unit_price", "planned_amount", "actual_amount"]
    list_filter = ["kind"]
    list_select_related = ["offering__course"]
    search_fields = ["offering__code", "description"]
