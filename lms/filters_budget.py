"""FilterSets of the budget API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from backend.common.filters import IdFilter, YearFilter
from backend.people.models import OrgUnit
from lms.models import Budget, CostKind, OfferingCost


class BudgetFilter(django_filters.FilterSet):
    fiscal_year = YearFilter()
    # An id, not a model choice: the list stays scoped by the selector, and a filter adds no query.
    org_unit = IdFilter(field_name="org_unit_id", label=_("OPD"))

    class Meta:
        model = Budget
        fields = ["fiscal_year", "org_unit"]


class OfferingCostFilter(django_filters.FilterSet):
    offering = IdFilter(field_name="offering_id", label=_("Offering"))
    kind = django_filters.ChoiceFilter(choices=CostKind.choices)
    year = YearFilter(field_name="offering__start_date", lookup_expr="year", label=_("Fiscal year (offering start)"))
    unit = IdFilter(method="filter_unit", label=_("Owning unit (with its sub-units)"))

    class Meta:
        model = OfferingCost
        fields = ["offering", "kind", "year", "unit"]

    def filter_unit(self, queryset, name, value):
        unit = OrgUnit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(offering__owner_unit__path__startswith=unit.path)
