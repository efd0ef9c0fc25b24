"""FilterSets of the enrollment API and pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from backend.common.filters import IdFilter, YearFilter
from backend.people.models import OrgUnit
from lms.choices import EnrollmentSource, EnrollmentStatus
from lms.models import Enrollment


class EnrollmentFilter(django_filters.FilterSet):
    # Plain ids, not model choices: an id outside the caller's scope filters to nothing
    # instead of answering "not a valid choice", which would tell that it exists.
    offering = IdFilter(field_name="offering_id", label=_("Offering"))
    employee = IdFilter(field_name="employee_id", label=_("Employee"))
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)
    source = django_filters.ChoiceFilter(choices=EnrollmentSource.choices)
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Employee's unit (with its sub-units)")
    )
    year = YearFilter(field_name="offering__start_date__year", label=_("Year the offering starts"))

    class Meta:
        model = Enrollment
        fields = ["offering", "employee", "status", "source", "unit", "year"]

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(employee__unit__path__startswith=value.path)
