"""The public IKM questionnaire: what the respondent is asked and how the answers are parsed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import IKM_ELEMENTS

# The questions and answer scales follow the sample questionnaire of PermenPANRB 14/2017:
# each element has its own words for the four steps, which respondents read more easily
# than one generic "poor … very good" scale. The answers are listed from 1 to 4.
IKM_QUESTIONS = {
    "u1": (
        _("Do the requirements you had to meet suit this service?"),
        [_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")],
    ),
    "u2": (
        _("How easy is the procedure of this service?"),
        [_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")],
    ),
    "u3": (
        _("How fast was the service completed?"),
        [_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")],
    ),
    "u4": (
        _("How fair is the cost or fee of this service?"),
        [_("Very expensive"), _("Rather expensive"), _("Cheap"), _("Free")],
    ),
    "u5": (
        _("Does what you received match what the service standard promises?"),
        [_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")],
    ),
    "u6": (
        _("How competent were the staff who served you?"),
        [_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")],
    ),
    "u7": (
        _("How polite and friendly were the staff?"),
        [
            _("Not polite or friendly"),
            _("Less polite and friendly"),
            _("Polite and friendly"),
            _("Very polite and friendly"),
        ],
    ),
    "u8": (
        _("How are complaints and suggestions from service users handled?"),
        [
            _("There is no way to complain"),
            _("There is one, but it does not work"),
            _("It works, but not well enough"),
            _("Handled well"),
        ],
    ),
    "u9": (
        _("How good are the facilities (waiting room, equipment, access)?"),
        [_("Poor"), _("Fair"), _("Good"), _("Very good")],
    ),
}

HONEYPOT = "website"


class IkmAnswerForm(forms.Form):
    """Nine answers from 1 to 4, and a field only robots fill in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for element in IKM_ELEMENTS:
            question, labels = IKM_QUESTIONS[element]
            self.fields[element] = forms.TypedChoiceField(
                label=question,
                choices=list(enumerate(labels, start=1)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one answer."),
                    "invalid_choice": _("Choose one of the four answers."),
                },
            )
        # Hidden from people by the stylesheet (not type=hidden, which robots know to skip).
        self.fields[HONEYPOT] = forms.CharField(required=False, label=_("Leave this field empty"))

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    @property
    def questions(self):
        return [self[element] for element in IKM_ELEMENTS]

    @property
    def has_question_errors(self) -> bool:
        return any(element in self.errors for element in IKM_ELEMENTS)

    def answers(self) -> dict[str, int]:
        return {element: self.cleaned_data[element] for element in IKM_ELEMENTS}

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's errors beside the questions they are about."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for field, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
