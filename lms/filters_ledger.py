"""FilterSets of the JP ledger's API and pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from backend.common.filters import IdFilter, YearFilter
from backend.people.models import OrgUnit
from lms.choices import ActivityKind, ActivityStatus, LedgerSource
from lms.models import ExternalActivity, JpLedgerEntry


class _UnitSubtreeFilterSet(django_filters.FilterSet):
    # An id, not a model choice: the list stays scoped by the selector, and a filter adds no query.
    employee = IdFilter(field_name="employee_id", label=_("Employee"))
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Unit (with its sub-units)")
    )

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(employee__unit__path__startswith=value.path)


class JpLedgerFilter(_UnitSubtreeFilterSet):
    year = YearFilter()
    source = django_filters.ChoiceFilter(choices=LedgerSource.choices)

    class Meta:
        model = JpLedgerEntry
        fields = ["year", "employee", "unit", "source"]


class ExternalActivityFilter(_UnitSubtreeFilterSet):
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    year = YearFilter(field_name="end_date", lookup_expr="year", label=_("Year the activity ended"))

    class Meta:
        model = ExternalActivity
        fields = ["status", "kind", "year", "employee", "unit"]
