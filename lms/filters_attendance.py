"""FilterSets of the attendance slice."""

import django_filters

from backend.common.filters import IdFilter
from lms.choices import AttendanceMethod, AttendanceStatus
from lms.models import Attendance


class AttendanceFilter(django_filters.FilterSet):
    # Plain ids, not model choices: a model choice would cost a query to validate, and the
    # list is already scoped, so an id outside the caller's scope simply matches nothing.
    session = IdFilter(field_name="session_id")
    offering = IdFilter(field_name="session__offering_id")
    enrollment = IdFilter(field_name="enrollment_id")
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices)
    method = django_filters.ChoiceFilter(choices=AttendanceMethod.choices)
    date_from = django_filters.DateFilter(field_name="session__date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="session__date", lookup_expr="lte")

    class Meta:
        model = Attendance
        fields = ["session", "offering", "enrollment", "status", "method", "date_from", "date_to"]
