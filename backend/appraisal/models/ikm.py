"""The community-satisfaction survey (IKM, PermenPANRB 14/2017): surveys and anonymous answers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import (
    IKM_ELEMENTS,
)
from backend.appraisal.models.core import Period
from backend.people.models import OrgUnit


def _weight_field(element: str):
    return models.DecimalField(
        format_lazy("{} {}", _("weight"), element.upper()),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )


class IkmSurvey(models.Model):
    """A community-satisfaction survey of one service unit for one period."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="ikm_surveys", verbose_name=_("service unit")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="ikm_surveys", verbose_name=_("period"))
    token = models.SlugField(_("public link code"), max_length=32, unique=True, editable=False)
    is_open = models.BooleanField(_("accepting answers"), default=True)
    # No weights means the default: 1/9 each. When set, all nine are set and sum to 1.
    weight_u1 = _weight_field("u1")
    weight_u2 = _weight_field("u2")
    weight_u3 = _weight_field("u3")
    weight_u4 = _weight_field("u4")
    weight_u5 = _weight_field("u5")
    weight_u6 = _weight_field("u6")
    weight_u7 = _weight_field("u7")
    weight_u8 = _weight_field("u8")
    weight_u9 = _weight_field("u9")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("IKM survey")
        verbose_name_plural = _("IKM surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period"],
                name="ikm_survey_unique",
                violation_error_message=_("This unit already has a survey for this period."),
            ),
            models.CheckConstraint(
                condition=Q(**{f"weight_{e}__isnull": True for e in IKM_ELEMENTS})
                | (
                    Q(**{f"weight_{e}__isnull": False for e in IKM_ELEMENTS})
                    & Exact(sum((F(f"weight_{e}") for e in IKM_ELEMENTS[1:]), F("weight_u1")), Decimal("1"))
                ),
                name="ikm_weights_sum_to_one",
                violation_error_message=_("Either leave all weights empty or set all nine summing to 1."),
            ),
        ]

    def __str__(self):
        return f"IKM {self.org_unit} · {self.period}"

    @property
    def weights(self) -> dict[str, Decimal] | None:
        values = {e: getattr(self, f"weight_{e}") for e in IKM_ELEMENTS}
        return None if all(v is None for v in values.values()) else values


def _answer_field(element: str):
    return models.PositiveSmallIntegerField(element.upper(), validators=[MinValueValidator(1), MaxValueValidator(4)])


class IkmResponse(models.Model):
    """One filled questionnaire. Nothing that identifies the respondent is stored."""

    survey = models.ForeignKey(IkmSurvey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    u1 = _answer_field("u1")
    u2 = _answer_field("u2")
    u3 = _answer_field("u3")
    u4 = _answer_field("u4")
    u5 = _answer_field("u5")
    u6 = _answer_field("u6")
    u7 = _answer_field("u7")
    u8 = _answer_field("u8")
    u9 = _answer_field("u9")
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("IKM response")
        verbose_name_plural = _("IKM responses")
        constraints = [
            models.CheckConstraint(condition=Q(**{f"{e}__gte": 1, f"{e}__lte": 4}), name=f"ikm_response_{e}_1_to_4")
            for e in IKM_ELEMENTS
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"
