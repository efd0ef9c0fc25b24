"""Forms of the JP ledger pages. They parse; the services decide (evidence type, caps, rights)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.choices import ActivityKind, ConversionBasis


class ExternalActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.IntegerField(
        label=_("Sessions, hours or semesters"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Coaching and mentoring: sessions. E-learning and self-study: hours. Study: semesters."),
    )
    is_international = forms.BooleanField(label=_("International"), required=False)
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("A certificate or letter: PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("evidence_file") and not data.get("evidence_url") and not self.errors:
            raise forms.ValidationError(_("Attach the evidence as a file or give a link to it."))
        return data


class PreviewForm(forms.Form):
    """The part of a claim the JP depend on, for the live preview (every field optional while typing)."""

    kind = forms.ChoiceField(choices=ActivityKind.choices)
    start_date = forms.DateField()
    end_date = forms.DateField()
    units = forms.IntegerField(min_value=1, max_value=1000, required=False)
    is_international = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise forms.ValidationError(_("The activity cannot end before it starts."))
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class JpConversionForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=ConversionBasis.choices)
    jp = forms.DecimalField(label=_("JP"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"))
    max_units_per_month = forms.IntegerField(label=_("At most units per month"), min_value=1, required=False)
