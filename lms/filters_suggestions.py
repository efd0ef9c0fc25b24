"""FilterSet of the suggestion API and the team page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from backend.common.filters import IdFilter
from backend.people.filters import name_or_nip_q
from lms.choices import SuggestionStatus
from lms.models import Suggestion


class SuggestionFilter(django_filters.FilterSet):
    # Plain ids, not model choices: an id outside the caller's scope filters to nothing
    # instead of answering "not a valid choice", which would tell that it exists.
    employee = IdFilter(field_name="employee_id", label=_("Employee"))
    course = IdFilter(field_name="course_id", label=_("Course"))
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label=_("Status"))
    search = django_filters.CharFilter(method="filter_search", label=_("Employee name or NIP"))

    class Meta:
        model = Suggestion
        fields = ["employee", "course", "status", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_or_nip_q(value, prefix="employee__"))
