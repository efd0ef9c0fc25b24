"""Forms of the budget pages. They parse amounts as HR types them; the services decide."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.models import CostKind, RevisionKind

# "1.250.000", "1.250.000,00", "1,250,000", "Rp 1.250.000", "1250000".
_DOTTED = re.compile(r"^\d{1,3}(\.\d{3})+(,0+)?$")
_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+(\.0+)?$")
RUPIAH_MAX = 10**15


class RupiahField(forms.IntegerField):
    """Whole rupiah, written the Indonesian way or plain; no sen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", RUPIAH_MAX)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.250.000"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"(?i)^\s*rp\.?", "", value).replace("\u00a0", "").replace(" ", "")
            if _DOTTED.match(text):
                text = text.split(",")[0].replace(".", "")
            elif _COMMAS.match(text):
                text = text.split(".")[0].replace(",", "")
            value = text
        return super().to_python(value)


def _date_input():
    # <input type="date"> takes only ISO dates: the Indonesian DATE_INPUT_FORMATS' first entry
    # ("29-11-2026") would leave it blank.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class BudgetForm(forms.Form):
    amount = RupiahField(label=_("Amount (Rp)"))
    decided_on = forms.DateField(label=_("Adopted on"), widget=_date_input(), help_text=_("The date of the APBD."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BudgetRevisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Reason"), choices=[(k, label) for k, label in RevisionKind.choices if k != RevisionKind.INITIAL]
    )
    new_amount = RupiahField(label=_("New amount (Rp)"))
    decided_on = forms.DateField(label=_("Decided on"), widget=_date_input())
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, help_text=_("Required when the reason is “Other”.")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == RevisionKind.OTHER and not data.get("note"):
            self.add_error("note", _("Say what the revision is."))
        return data


class PlannedCostForm(forms.Form):
    """A planned line of a draft: quantity × unit price."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000, initial=1)
    unit = forms.CharField(
        label=pgettext_lazy("unit of measure", "Unit"),
        max_length=30,
        required=False,
        help_text=_("JP, orang, orang-hari, paket, hari …"),
    )
    unit_price = RupiahField(label=_("Unit price (Rp)"))


class UnplannedCostForm(forms.Form):
    """A cost nobody planned, recorded after publishing with what was actually spent."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    actual_amount = RupiahField(label=_("Actual (Rp)"))


class ActualCostForm(forms.Form):
    actual_amount = RupiahField(
        label=_("Actual (Rp)"), required=False, help_text=_("Leave empty while it is not known yet.")
    )
