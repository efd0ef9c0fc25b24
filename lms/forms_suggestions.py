"""Forms of the suggestion pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DismissForm(forms.Form):
    # Required: a dismissal without its why teaches the engine (and HR) nothing.
    reason = forms.CharField(
        label=_("Why does it not fit?"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. I took a similar course last year")}),
    )
