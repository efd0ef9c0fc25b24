"""The reaction survey form: one 1–5 choice per item, for the organisation and for each trainer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.choices import ORGANISATION_ITEMS, REACTION_SCALE, TRAINER_ITEMS
from lms.services.reactions import COMMENT_MAX_LENGTH

SCALE = [(score, str(score)) for score in range(REACTION_SCALE[0], REACTION_SCALE[1] + 1)]
# What the ends and the middle of the scale mean, shown above the radio columns.
SCALE_LABELS = {
    1: _("Very poor"),
    2: _("Poor"),
    3: _("Fair"),
    4: _("Good"),
    5: _("Very good"),
}


def _organisation_name(item) -> str:
    return f"org__{item}"


def _trainer_name(trainer_id: int, item) -> str:
    return f"t{trainer_id}__{item}"


class ReactionForm(forms.Form):
    """Built for an offering's trainers; ``blocks`` lists what the template draws, block by block."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Shown to the organisers without your name, among the other comments."),
    )

    def __init__(self, *args, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainers = list(trainers)
        self.blocks = [(_("Organisation of the training"), None, self._add(ORGANISATION_ITEMS, _organisation_name))]
        for trainer in self.trainers:
            names = self._add(TRAINER_ITEMS, lambda item, pk=trainer.pk: _trainer_name(pk, item))
            self.blocks.append((trainer.name, trainer, names))
        self.order_fields([*(name for _title, _trainer, names in self.blocks for name in names), "comment"])

    def _add(self, items, name_of) -> list[str]:
        names = []
        for item in items:
            name = name_of(item)
            self.fields[name] = forms.TypedChoiceField(
                label=item.label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score for this item.")},
            )
            names.append(name)
        return names

    def rows(self):
        """(title, trainer, [bound field per item]) for the template's tables."""
        return [(title, trainer, [self[name] for name in names]) for title, trainer, names in self.blocks]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": {str(item): data[_organisation_name(item)] for item in ORGANISATION_ITEMS},
            "trainers": {
                trainer.pk: {str(item): data[_trainer_name(trainer.pk, item)] for item in TRAINER_ITEMS}
                for trainer in self.trainers
            },
            "comment": data.get("comment", ""),
        }
