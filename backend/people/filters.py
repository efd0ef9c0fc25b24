"""FilterSets shared by the API and the HTML pages."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.filters import IdFilter
from backend.people.choices import GRADE_CHOICES, EmploymentType, OrgUnitKind, PositionKind
from backend.people.models import Employee, OrgUnit


def _all_yes_no():
    # "Unknown" is what NullBooleanSelect calls "no filter": users read it as a value.
    return forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


class EmployeeFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(),
        method="filter_unit",
        label=_("Unit (with its sub-units)"),
        empty_label=_("All units"),
    )
    employment_type = django_filters.ChoiceFilter(
        choices=EmploymentType.choices, label=_("Employment type"), empty_label=_("All")
    )
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("Grade"), empty_label=_("All"))
    position_kind = django_filters.ChoiceFilter(
        field_name="position__kind", choices=PositionKind.choices, label=_("Position kind"), empty_label=_("All")
    )
    supervisor = IdFilter(field_name="supervisor_id", label=_("Supervisor (employee id)"), widget=forms.HiddenInput)
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=_all_yes_no())
    search = django_filters.CharFilter(method="filter_search", label=_("Name or NIP"))

    class Meta:
        model = Employee
        fields = ["unit", "employment_type", "grade", "position_kind", "supervisor", "is_active", "search"]

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["unit"]
        if unit_choices is not None:
            field.queryset = unit_choices
        field.label_from_instance = lambda unit: unit.indented_name

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_search(self, queryset, name, value):
        return queryset.filter(name_or_nip_q(value)) if value.strip() else queryset


def name_or_nip_q(value: str, *, prefix: str = "") -> Q:
    """Employees whose name holds ``value``, or whose NIP starts with it (grouped "19801230 201001 2"
    as shown, or plain digits); ``prefix`` applies it through a relation, e.g. ``employee__``."""
    value = value.strip()
    condition = Q(**{f"{prefix}name__icontains": value})
    digits = "".join(value.split())
    if digits.isdigit():
        # NIPs are searched by prefix so the unique index serves the lookup.
        condition |= Q(**{f"{prefix}nip__startswith": digits})
    return condition


class OrgUnitFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.order_by("path"), label=_("Parent unit"), empty_label=_("All")
    )
    within = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.order_by("path"),
        method="filter_within",
        label=_("Within unit (subtree)"),
        empty_label=_("All units"),
    )
    kind = django_filters.ChoiceFilter(choices=OrgUnitKind.choices, label=_("Kind"), empty_label=_("All"))
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("OPD only"), widget=_all_yes_no()
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=_all_yes_no())
    search = django_filters.CharFilter(method="filter_search", label=_("Name or code"))

    class Meta:
        model = OrgUnit
        fields = ["parent", "within", "kind", "top_level", "is_active", "search"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("parent", "within"):
            self.form.fields[name].label_from_instance = lambda unit: unit.indented_name

    def filter_within(self, queryset, name, value: OrgUnit):
        return queryset.filter(path__startswith=value.path)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
