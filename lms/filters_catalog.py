"""FilterSets of the catalog and schedule, shared by the API and the catalog page."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.appraisal.models import Indicator
from backend.people.models import OrgUnit
from lms.choices import Channel, CompetencyType, CourseType, OfferingStatus
from lms.models import Competency, Course, CourseIndicator, Offering, Session, Trainer, Venue
from lms.selectors.catalog import indicator_label

DATE = forms.DateInput(attrs={"type": "date"})


def _all_yes_no():
    return forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


def _targets(course_ref: str, indicator: Indicator):
    return Exists(CourseIndicator.objects.filter(course=OuterRef(course_ref), indicator=indicator))


def _teaches(course_ref: str, competency: Competency):
    return Exists(Course.competencies.through.objects.filter(course=OuterRef(course_ref), competency=competency))


class _CourseFields(django_filters.FilterSet):
    """Filters on the course, shared by courses and offerings (``course_ref`` names the course's id)."""

    course_ref = "pk"

    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, method="filter_course", label=_("Channel"), empty_label=_("All")
    )
    type = django_filters.ChoiceFilter(
        choices=CourseType.choices, method="filter_course", label=_("Type"), empty_label=_("All")
    )
    competency = django_filters.ModelChoiceFilter(
        queryset=Competency.objects.order_by("name"),
        method="filter_competency",
        label=_("Competency"),
        empty_label=_("All"),
    )
    indicator = django_filters.ModelChoiceFilter(
        queryset=Indicator.objects.filter(is_active=True).order_by("code"),
        method="filter_indicator",
        label=_("Target indicator"),
        empty_label=_("All"),
    )

    def __init__(self, *args, indicator_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A page offers only the indicators some course targets; the API accepts any.
        if indicator_choices is not None:
            self.form.fields["indicator"].queryset = indicator_choices
            self.form.fields["indicator"].label_from_instance = indicator_label

    def filter_course(self, queryset, name, value):
        prefix = "" if self.course_ref == "pk" else "course__"
        return queryset.filter(**{f"{prefix}{name}": value}) if value else queryset

    def filter_competency(self, queryset, name, value: Competency):
        # Exists, not a join: a course with several competencies must not come back twice.
        return queryset.filter(_teaches(self.course_ref, value)) if value else queryset

    def filter_indicator(self, queryset, name, value: Indicator):
        return queryset.filter(_targets(self.course_ref, value)) if value else queryset


class CourseFilter(_CourseFields):
    competency_type = django_filters.ChoiceFilter(
        choices=CompetencyType.choices, label=_("Competency type"), empty_label=_("All")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=_all_yes_no())
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Course
        fields = ["search", "channel", "type", "competency_type", "competency", "indicator", "is_active"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value))


class OfferingFilter(_CourseFields):
    course_ref = "course_id"

    course = django_filters.ModelChoiceFilter(queryset=Course.objects.all(), widget=forms.HiddenInput)
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.order_by("path"),
        method="filter_unit",
        label=_("Organising unit (with its sub-units)"),
        empty_label=_("All units"),
    )
    date_from = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"), widget=DATE)
    status = django_filters.ChoiceFilter(choices=OfferingStatus.choices, label=_("Status"), empty_label=_("All"))
    has_seats = django_filters.BooleanFilter(method="filter_has_seats", label=_("Seats left"), widget=_all_yes_no())
    seats_left_min = django_filters.NumberFilter(
        field_name="seats_left", lookup_expr="gte", label=_("At least this many seats left"), min_value=0
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Offering
        fields = [
            "search",
            "channel",
            "type",
            "competency",
            "indicator",
            "unit",
            "date_from",
            "date_to",
            "status",
            "has_seats",
            "seats_left_min",
            "course",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["unit"].label_from_instance = lambda unit: unit.indented_name

    def filter_unit(self, queryset, name, value: OrgUnit):
        return queryset.filter(owner_unit__path__startswith=value.path) if value else queryset

    def filter_has_seats(self, queryset, name, value):
        if value is None:
            return queryset
        # A seat is only "left" in a class one can still join: published or running, not yet over.
        open_now = Q(status__in=[OfferingStatus.PUBLISHED, OfferingStatus.RUNNING], end_date__gte=timezone.localdate())
        if value:
            return queryset.filter(open_now, seats_left__gt=0)
        return queryset.filter(open_now, seats_left=0)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(course__title__icontains=value) | Q(course__code__icontains=value) | Q(code__icontains=value)
        )


class SessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Session
        fields = ["offering", "trainer", "venue", "date_from", "date_to"]


class VenueFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("Name or address"))

    class Meta:
        model = Venue
        fields = ["is_active", "org_unit", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value)) if value else queryset


class TrainerFilter(django_filters.FilterSet):
    external = django_filters.BooleanFilter(field_name="employee", lookup_expr="isnull", label=_("External"))
    search = django_filters.CharFilter(method="filter_search", label=_("Name, institution or expertise"))

    class Meta:
        model = Trainer
        fields = ["is_active", "external", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(institution__icontains=value) | Q(expertise__icontains=value)
        )


class CompetencyFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("Name or code"))

    class Meta:
        model = Competency
        fields = ["type", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
