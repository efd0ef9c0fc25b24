"""Forms of the catalog pages: they parse input; the rules live in the catalog and scheduling services."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import BerakhlakValue, IkmElement
from backend.appraisal.models import Indicator
from backend.people.models import OrgUnit, Position
from lms.choices import Channel, CompetencyType, CourseType, GapTargetKind
from lms.models import Competency, Course, Offering, Session, Trainer, Venue
from lms.rules import jp_from_minutes, minutes_from_jp
from lms.selectors.catalog import indicator_choices, indicator_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ServiceErrorsMixin:
    """Show a service's ValidationError beside the fields it names, the rest above the form."""

    field_aliases: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            for error in exc.error_list:
                self.add_error(None, error)
            return
        for field, errors in exc.error_dict.items():
            target = self.field_aliases.get(field, field)
            for error in errors:
                self.add_error(target if target in self.fields else None, error)


def _multiple(queryset, label):
    return forms.ModelMultipleChoiceField(
        queryset=queryset, required=False, label=label, widget=forms.SelectMultiple(attrs={"size": 6})
    )


class CourseForm(ServiceErrorsMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    type = forms.ChoiceField(label=_("Type"), choices=CourseType.choices)
    competency_type = forms.ChoiceField(label=_("Competency type"), choices=CompetencyType.choices)
    duration_jp = forms.DecimalField(
        label=_("Duration (JP)"),
        min_value=1,
        max_digits=6,
        decimal_places=2,
        help_text=_("1 JP = 45 minutes; stored in minutes."),
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    competencies = _multiple(Competency.objects.order_by("name"), _("Competencies"))
    prerequisites = _multiple(Course.objects.order_by("title"), _("Prerequisites"))
    mandatory_positions = _multiple(Position.objects.order_by("name"), _("Mandatory for positions"))
    mandatory_units = _multiple(OrgUnit.objects.order_by("path"), _("Mandatory for units"))
    behaviour_values = forms.MultipleChoiceField(
        label=_("Answers these work-behaviour values"),
        choices=BerakhlakValue.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Suggested to employees rated below expectation on them."),
    )
    ikm_elements = forms.MultipleChoiceField(
        label=_("Answers these community-satisfaction (IKM) elements"),
        choices=IkmElement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Suggested to service staff of units whose survey is weak on them."),
    )

    field_aliases = {
        "duration_minutes": "duration_jp",
        "target indicators": "target_indicators",
        "gap_targets": "behaviour_values",
    }

    def __init__(self, *args, course: Course | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Weights set through the API are kept when the form leaves a target ticked.
        self._gap_weights = {(t.kind, t.code): t.weight for t in course.gap_targets.all()} if course is not None else {}
        if course is not None:
            self.fields["prerequisites"].queryset = Course.objects.exclude(pk=course.pk).order_by("title")
        self.fields["mandatory_units"].label_from_instance = lambda unit: unit.indented_name

    def service_kwargs(self, targets: list[tuple[Indicator, Decimal]]) -> dict:
        data = dict(self.cleaned_data)
        data["duration_minutes"] = minutes_from_jp(data.pop("duration_jp"))
        data["target_indicators"] = targets
        data["gap_targets"] = [
            (kind, code, self._gap_weights.get((kind, code), Decimal(1)))
            for kind, codes in (
                (GapTargetKind.BEHAVIOUR, data.pop("behaviour_values")),
                (GapTargetKind.IKM_ELEMENT, data.pop("ikm_elements")),
            )
            for code in codes
        ]
        return data

    @classmethod
    def initial_for(cls, course: Course) -> dict:
        initial = {name: getattr(course, name) for name in cls.base_fields if hasattr(course, name)}
        initial["duration_jp"] = jp_from_minutes(course.duration_minutes)
        for name in ("competencies", "prerequisites", "mandatory_positions", "mandatory_units"):
            initial[name] = list(getattr(course, name).all())
        targets = list(course.gap_targets.all())
        initial["behaviour_values"] = [t.code for t in targets if t.kind == GapTargetKind.BEHAVIOUR]
        initial["ikm_elements"] = [t.code for t in targets if t.kind == GapTargetKind.IKM_ELEMENT]
        return initial


class TargetIndicatorForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=indicator_choices(), required=False)
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_value=1, max_digits=3, decimal_places=2, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].label_from_instance = indicator_label

    def clean(self):
        data = super().clean()
        if data.get("indicator") and data.get("weight") is None:
            self.add_error("weight", _("Give a weight from 0.01 to 1."))
        return data


TargetIndicatorFormSet = forms.formset_factory(TargetIndicatorForm, extra=3)


def target_pairs(formset) -> list[tuple[Indicator, Decimal]]:
    return [
        (form.cleaned_data["indicator"], form.cleaned_data["weight"])
        for form in formset
        if form.cleaned_data.get("indicator")
    ]


class OfferingForm(ServiceErrorsMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_active=True))
    code = forms.SlugField(label=_("Code"), max_length=50, help_text=_("E.g. pelayanan-prima-2026-1."))
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.filter(is_active=True), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    enroll_opens = forms.DateField(label=_("Enrollment opens"), widget=DATE)
    enroll_closes = forms.DateField(label=_("Enrollment closes"), widget=DATE)
    owner_unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=OrgUnit.objects.none())
    requires_approval = forms.BooleanField(label=_("Supervisor approval required"), required=False)
    min_attendance_pct = forms.IntegerField(label=_("Minimum attendance (%)"), min_value=0, max_value=100)
    pass_mark = forms.IntegerField(label=_("Post-test pass mark"), min_value=0, max_value=100)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)

    def __init__(self, *args, units, offering: Offering | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units
        self.fields["owner_unit"].label_from_instance = lambda unit: unit.indented_name
        if offering is None:
            del self.fields["reason"]
        elif not offering.course.is_active:
            self.fields["course"].queryset = Course.objects.filter(pk=offering.course_id)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_for(cls, offering: Offering) -> dict:
        return {name: getattr(offering, name) for name in cls.base_fields if hasattr(offering, name)}


class OfferingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Told to every participant."),
    )


class SessionForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME)
    topic = forms.CharField(label=_("Topic"), max_length=255)
    trainer = forms.ModelChoiceField(
        label=_("Trainer"), queryset=Trainer.objects.filter(is_active=True), required=False
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.filter(is_active=True),
        required=False,
        help_text=_("Leave empty for the offering's venue."),
    )
    rotating_checkin = forms.BooleanField(label=_("Rotating check-in code"), required=False)
    override_reason = forms.CharField(
        label=_("Keep despite the clash, because"),
        max_length=255,
        required=False,
        help_text=_("Stored with the session and in its history."),
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        # The override is asked afresh for each clash: an earlier reason does not keep a new one.
        return {name: getattr(session, name) for name in cls.base_fields if name != "override_reason"}
