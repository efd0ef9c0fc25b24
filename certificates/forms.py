from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=500,
        help_text=_("Shown on the public verification page with the date."),
    )


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("What was corrected"),
        max_length=500,
        help_text=_("Kept in the certificate's history; the number stays the same."),
    )
