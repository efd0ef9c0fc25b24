"""FilterSets shared by the appraisal API and pages."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import FollowUpKind, FollowUpStatus, IndicatorCategory, IndicatorLevel, Predikat
from backend.appraisal.models import Evaluation, FollowUp, IkmSurvey, Indicator, Period, Score
from backend.appraisal.selectors.core import overdue_q
from backend.common.filters import YearFilter
from backend.people.models import OrgUnit


class IndicatorFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=IndicatorLevel.choices)
    category = django_filters.ChoiceFilter(choices=IndicatorCategory.choices)
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Unit (with its sub-units)")
    )
    is_active = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search", label=_("Name or code"))

    class Meta:
        model = Indicator
        fields = ["level", "category", "unit", "parent", "is_active", "search"]

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(org_unit__path__startswith=value.path)

    def filter_search(self, queryset, name, value: str):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value.strip() else queryset


class PeriodFilter(django_filters.FilterSet):
    class Meta:
        model = Period
        fields = ["year", "kind", "status"]


class ScoreFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Unit (with its sub-units)")
    )
    year = YearFilter(field_name="period__year")
    weak_below = django_filters.NumberFilter(field_name="achievement", lookup_expr="lt", label=_("Achievement below"))

    class Meta:
        model = Score
        fields = ["employee", "indicator", "period", "unit", "year", "weak_below"]

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(employee__unit__path__startswith=value.path)


class EvaluationFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Unit (with its sub-units)")
    )
    predikat = django_filters.ChoiceFilter(choices=Predikat.choices)
    year = YearFilter(field_name="period__year")

    class Meta:
        model = Evaluation
        fields = ["employee", "period", "unit", "predikat", "year"]

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(employee__unit__path__startswith=value.path)


class IkmSurveyFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_unit", label=_("Unit (with its sub-units)")
    )
    year = YearFilter(field_name="period__year")

    class Meta:
        model = IkmSurvey
        fields = ["period", "unit", "year", "is_open"]

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(org_unit__path__startswith=value.path)


class FollowUpFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=FollowUpKind.choices)
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = FollowUp
        fields = ["employee", "owner", "kind", "status", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
