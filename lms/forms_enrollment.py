"""Forms of the enrollment pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AssignForm(forms.Form):
    employee = forms.CharField(
        label=_("NIP or name"), max_length=150, help_text=_("The full 18-digit NIP, or part of the name.")
    )
    override_reason = forms.CharField(
        label=_("Reason to accept a schedule clash"),
        max_length=255,
        required=False,
        help_text=_("Only needed when the employee already holds a seat in an overlapping session."),
    )
