from django import forms
from django.utils.translation import gettext_lazy as _

from backend.audit.selectors import HistoryFilter, HistoryKind


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *HistoryKind.choices], required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("By"), required=False, max_length=150, help_text=_("Username or name."))
    employee = forms.CharField(label=_("Employee"), required=False, max_length=150, help_text=_("NIP or name."))

    def history_filter(self) -> HistoryFilter:
        """The filter the valid fields give: a malformed date is left out (and shown as an error)."""
        if not self.is_bound:
            return HistoryFilter()
        self.is_valid()
        return HistoryFilter(**{name: value for name, value in self.cleaned_data.items() if value not in (None, "")})
