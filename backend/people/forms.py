from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.people.choices import GRADE_CHOICES, EmploymentType
from backend.people.models import Employee, OrgUnit, Position
from backend.people.nip import NIP_LENGTH, normalize_nip
from backend.people.selectors import employee_get_by_nip


class EmployeeForm(forms.Form):
    """Parses the page's input; rules live in ``services.employee_create/update``."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=24,
        help_text=_("18 digits; spaces as printed are ignored. Birth date and sex are read from the number."),
    )
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    front_title = forms.CharField(label=_("Title before name"), max_length=30, required=False)
    name = forms.CharField(label=_("Name"), max_length=150)
    back_title = forms.CharField(label=_("Title after name"), max_length=60, required=False)
    birth_place = forms.CharField(label=_("Birth place"), max_length=100, required=False)
    grade = forms.ChoiceField(label=_("Grade (golongan)"), choices=[("", "---"), *GRADE_CHOICES])
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.order_by("name"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.order_by("path"))
    supervisor_nip = forms.CharField(
        label=_("Supervisor's NIP"), max_length=24, required=False, help_text=_("The appraiser; leave empty for none.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)

    def clean_supervisor_nip(self):
        nip = normalize_nip(self.cleaned_data.get("supervisor_nip") or "")
        if not nip:
            return None
        if not (nip.isdigit() and len(nip) == NIP_LENGTH):
            raise forms.ValidationError(_("A NIP has 18 digits."))
        supervisor = employee_get_by_nip(access=self.access, nip=nip)
        if supervisor is None:
            raise forms.ValidationError(_("No employee you can see has this NIP."))
        return supervisor

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["supervisor"] = data.pop("supervisor_nip")
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's errors beside the fields the user typed them in."""
        for field, messages in exc.message_dict.items():
            target = "supervisor_nip" if field == "supervisor" else field
            for message in messages:
                self.add_error(target if target in self.fields else None, message)

    @classmethod
    def initial_for(cls, employee: Employee) -> dict:
        initial = {name: getattr(employee, name) for name in cls.base_fields if hasattr(employee, name)}
        initial["supervisor_nip"] = employee.supervisor.nip if employee.supervisor_id else ""
        return initial
