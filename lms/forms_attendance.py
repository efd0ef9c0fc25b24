"""Forms of the attendance slice: the roll call and the score sheet of an offering."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.choices import AttendanceStatus
from lms.selectors.attendance import ResultRow, RollCallRow


class RollCallForm(forms.Form):
    """One radio group per seat holder; a group left empty records nothing for that person."""

    def __init__(self, *args, rows: list[RollCallRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self._name(row)] = forms.ChoiceField(
                label=row.enrollment.employee.name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.attendance.status if row.attendance else None,
            )

    @staticmethod
    def _name(row: RollCallRow) -> str:
        return f"mark_{row.enrollment.pk}"

    def entries(self):
        """(row, bound field) pairs, in the roll call's order."""
        for row in self.rows:
            yield row, self[self._name(row)]

    def marks(self, *, rest_present: bool = False) -> dict[int, str]:
        """The statuses chosen; with ``rest_present`` everyone left empty is marked present."""
        marks = {}
        for row in self.rows:
            status = self.cleaned_data.get(self._name(row)) or ""
            if not status and rest_present:
                status = AttendanceStatus.PRESENT
            if status:
                marks[row.enrollment.pk] = status
        return marks


def _score_field(label, initial) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=initial,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5, "autocomplete": "off"}),
    )


class ScoreSheetForm(forms.Form):
    """Pre-test and post-test of each participant still to be decided; an empty cell means no score."""

    def __init__(self, *args, rows: list[ResultRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            enrollment = row.enrollment
            self.fields[f"pre_{enrollment.pk}"] = _score_field(_("Pre-test"), enrollment.pre_test)
            self.fields[f"post_{enrollment.pk}"] = _score_field(_("Post-test"), enrollment.post_test)

    def entries(self):
        """(row, pre field, post field) triples, in the table's order."""
        for row in self.rows:
            pk = row.enrollment.pk
            yield row, self[f"pre_{pk}"], self[f"post_{pk}"]

    def scores(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        return {
            row.enrollment.pk: (
                self.cleaned_data.get(f"pre_{row.enrollment.pk}"),
                self.cleaned_data.get(f"post_{row.enrollment.pk}"),
            )
            for row in self.rows
        }
