from django import forms
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import BerakhlakValue, FollowUpKind, PeriodKind, Rating
from backend.appraisal.models import Indicator


class ScoreRowForm(forms.Form):
    """One indicator of the score sheet; empty rows are skipped."""

    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label=_("Indicator"), required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, required=False)
    realisasi = forms.DecimalField(label=_("Realisasi"), max_digits=14, decimal_places=2, required=False)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if indicators is not None:
            self.fields["indicator"].queryset = indicators

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("indicator") is None or (data.get("target") is None and data.get("realisasi") is None)


ScoreSheet = forms.formset_factory(ScoreRowForm, extra=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (closed periods only)"), required=False, widget=forms.TextInput(attrs={"size": 40})
    )


class EvaluationForm(forms.Form):
    result_override = forms.ChoiceField(
        label=_("Result rating"),
        choices=[("", _("By the rule (from the scores)")), *Rating.choices],
        required=False,
    )
    override_reason = forms.CharField(label=_("Reason for setting it yourself"), required=False)
    reason = forms.CharField(label=_("Reason (closed periods only)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One field per BerAKHLAK value, in the law's order.
        for value in BerakhlakValue:
            self.fields[f"behaviour_{value.value}"] = forms.ChoiceField(
                label=value.label, choices=Rating.choices, initial=Rating.MEETS
            )

    def behaviour(self) -> dict[str, str]:
        return {value: self.cleaned_data[f"behaviour_{value}"] for value in BerakhlakValue.values}

    def behaviour_fields(self):
        return [self[f"behaviour_{value}"] for value in BerakhlakValue.values]


class IkmSurveyForm(forms.Form):
    org_unit = forms.ModelChoiceField(queryset=None, label=_("Service unit"))
    period = forms.ModelChoiceField(queryset=None, label=_("Period"))

    def __init__(self, *args, units, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].label_from_instance = lambda unit: unit.indented_name
        self.fields["period"].queryset = periods


class EvidenceForm(forms.Form):
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=12, initial=1)
