"""FilterSets shared by the API and the HTML pages."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.people.choices import GRADE_CHOICES, EmploymentType, OrgUnitKind, PositionKind
from backend.people.models import Employee, OrgUnit


class EmployeeFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(),
        method="filter_unit",
        label=_("Unit (with its sub-units)"),
    )
    employment_type = django_filters.ChoiceFilter(choices=EmploymentType.choices, label=_("Employment type"))
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("Grade"))
    position_kind = django_filters.ChoiceFilter(
        field_name="position__kind", choices=PositionKind.choices, label=_("Position kind")
    )
    supervisor = django_filters.NumberFilter(field_name="supervisor_id", label=_("Supervisor (employee id)"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    search = django_filters.CharFilter(method="filter_search", label=_("Name or NIP"))

    class Meta:
        model = Employee
        fields = ["unit", "employment_type", "grade", "position_kind", "supervisor", "is_active", "search"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value)
        digits = "".join(value.split())
        if digits.isdigit():
            # NIPs are searched by prefix so the unique index serves the lookup.
            condition |= Q(nip__startswith=digits)
        return queryset.filter(condition)


class OrgUnitFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), label=_("Parent unit"))
    within = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_within", label=_("Within unit (subtree)")
    )
    kind = django_filters.ChoiceFilter(choices=OrgUnitKind.choices, label=_("Kind"))
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("OPD only"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    search = django_filters.CharFilter(method="filter_search", label=_("Name or code"))

    class Meta:
        model = OrgUnit
        fields = ["parent", "within", "kind", "top_level", "is_active", "search"]

    def filter_within(self, queryset, name, value: OrgUnit):
        return queryset.filter(path__startswith=value.path)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
