from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import (
    PERIODS_PER_YEAR,
    PREDIKAT_MATRIX,
    Aspect,
    BerakhlakValue,
    Direction,
    FollowUpKind,
    FollowUpStatus,
    IndicatorCategory,
    IndicatorLevel,
    OrgRating,
    PeriodKind,
    PeriodStatus,
    Predikat,
    Rating,
)
from backend.people.models import Employee, OrgUnit


class AppraisalRules(models.Model):
    """The configurable numbers of the appraisal, one row, edited by administrators.

    DOMAIN.md fixes the defaults; a regency may set its own.
    """

    weak_threshold = models.DecimalField(
        _("weak indicator below (% achievement)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(0)],
        help_text=_("An indicator achieved below this share of its target counts as a gap."),
    )
    result_meets_from = models.DecimalField(
        _("result meets expectation from (% mean achievement)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        help_text=_("Below this the result rating is 'below expectation'."),
    )
    result_above_from = models.DecimalField(
        _("result above expectation from (% mean achievement)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("110"),
    )
    behaviour_above_min_values = models.PositiveSmallIntegerField(
        _("behaviour above expectation: values rated above, at least"),
        default=4,
        validators=[MaxValueValidator(7)],
        help_text=_("With no value rated below."),
    )
    behaviour_below_min_values = models.PositiveSmallIntegerField(
        _("behaviour below expectation: values rated below, at least"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    ikm_element_weak_below = models.DecimalField(
        _("weak IKM element below (converted score)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("76.61"),
        help_text=_("An element whose average × 25 is below this (default: the floor of grade B) is a gap."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("appraisal rules")
        verbose_name_plural = _("appraisal rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(result_above_from__gte=F("result_meets_from")),
                name="rules_above_not_below_meets",
                violation_error_message=_("'Above' must start at or after 'meets'."),
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class Period(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Month 1–12, quarter 1–4, semester 1–2; 1 for the year.")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=6, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)

    class Meta:
        verbose_name = _("appraisal period")
        verbose_name_plural = _("appraisal periods")
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number"], name="period_unique"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="period_ends_after_start"),
            models.CheckConstraint(
                condition=Q(
                    *[Q(kind=kind, number__gte=1, number__lte=count) for kind, count in PERIODS_PER_YEAR.items()],
                    _connector=Q.OR,
                ),
                name="period_number_fits_kind",
                violation_error_message=_("This number does not exist for this kind of period."),
            ),
        ]

    def __str__(self):
        return period_label(self.kind, self.number, self.year)

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED


def period_label(kind: str, number: int, year: int) -> str:
    from django.utils.dates import MONTHS

    if kind == PeriodKind.MONTHLY:
        return f"{MONTHS[number]} {year}"
    roman = ["I", "II", "III", "IV"][number - 1] if number <= 4 else str(number)
    if kind == PeriodKind.QUARTERLY:
        return _("Quarter %(n)s %(year)s") % {"n": roman, "year": year}
    if kind == PeriodKind.SEMESTER:
        return _("Semester %(n)s %(year)s") % {"n": roman, "year": year}
    return _("Year %(year)s") % {"year": year}


def period_short_label(period: "Period") -> str:
    """A compact label for chart axes, where eight "Triwulan II 2024" would collide."""
    roman = ["I", "II", "III", "IV"][period.number - 1] if period.number <= 4 else str(period.number)
    if period.kind == PeriodKind.QUARTERLY:
        return _("Q%(n)s %(year)s") % {"n": roman, "year": period.year}
    if period.kind == PeriodKind.SEMESTER:
        return _("S%(n)s %(year)s") % {"n": roman, "year": period.year}
    if period.kind == PeriodKind.MONTHLY:
        return f"{period.number:02d}/{period.year}"
    return str(period.year)


class Indicator(models.Model):
    """A performance indicator: an OPD's IKU, or an individual IKI (optionally cascaded from an IKU)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=3, choices=IndicatorLevel.choices)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("organisation unit")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
        verbose_name=_("cascaded from (IKU)"),
    )
    category = models.CharField(_("category"), max_length=24, choices=IndicatorCategory.choices)
    aspect = models.CharField(_("aspect"), max_length=8, choices=Aspect.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(level=IndicatorLevel.IKI),
                name="indicator_only_iki_cascades",
                violation_error_message=_("Only an individual indicator (IKI) is cascaded from an IKU."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="indicator_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class Score(models.Model):
    """One indicator of one employee in one period: target, realisasi and the achievement they give."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="scores", verbose_name=_("employee"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="scores", verbose_name=_("indicator")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="scores", verbose_name=_("period"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    realisasi = models.DecimalField(_("realisasi (actual)"), max_digits=14, decimal_places=2)
    # Derived from target, realisasi and the indicator's direction by the services;
    # stored so that gaps over thousands of employees are one indexed query.
    achievement = models.DecimalField(_("achievement (%)"), max_digits=9, decimal_places=2, editable=False)
    evidence_file = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    appraiser = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraised_scores",
        verbose_name=_("appraiser"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["period", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "indicator", "period"], name="score_unique"),
            models.CheckConstraint(condition=Q(target__gt=0), name="score_target_positive"),
            models.CheckConstraint(condition=Q(realisasi__gte=0), name="score_realisasi_not_negative"),
        ]
        indexes = [models.Index(fields=["period", "achievement"], name="score_period_achievement_idx")]

    def __str__(self):
        return f"{self.employee.name} · {self.indicator.code} · {self.period}"


class Evaluation(models.Model):
    """An employee's rating for a period: result, behaviour and the predikat they give."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("employee")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("period"))
    appraiser = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraised_evaluations",
        verbose_name=_("appraiser"),
    )
    result_rating_computed = models.CharField(
        _("result rating by rule"), max_length=5, choices=Rating.choices, blank=True
    )
    result_rating_override = models.CharField(
        _("result rating set by the appraiser"), max_length=5, choices=Rating.choices, blank=True
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    result_rating = models.CharField(_("result rating"), max_length=5, choices=Rating.choices)
    behaviour_rating = models.CharField(_("behaviour rating"), max_length=5, choices=Rating.choices)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-period__year", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "period"], name="evaluation_unique"),
            models.CheckConstraint(
                condition=Q(result_rating_override="") | ~Q(override_reason=""),
                name="evaluation_override_has_reason",
                violation_error_message=_("Overriding the result rating needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(result_rating=result, behaviour_rating=behaviour, predikat=predikat)
                        for (result, behaviour), predikat in PREDIKAT_MATRIX.items()
                    ],
                    _connector=Q.OR,
                ),
                name="evaluation_predikat_follows_matrix",
                violation_error_message=_("The predikat must follow the PermenPANRB 6/2022 matrix."),
            ),
        ]

    def __str__(self):
        return f"{self.employee.name} · {self.period} · {self.get_predikat_display()}"


class BehaviourRating(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="behaviour_ratings", verbose_name=_("evaluation")
    )
    value = models.CharField(_("core value"), max_length=24, choices=BerakhlakValue.choices)
    rating = models.CharField(_("rating"), max_length=5, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("behaviour rating")
        verbose_name_plural = _("behaviour ratings")
        constraints = [models.UniqueConstraint(fields=["evaluation", "value"], name="behaviour_rating_unique")]

    def __str__(self):
        return f"{self.get_value_display()}: {self.get_rating_display()}"


class OrgPerformance(models.Model):
    """An OPD's own rating for a year, which bounds its employees' predikat distribution."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="performance_ratings", verbose_name=_("OPD")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("organisational rating"), max_length=16, choices=OrgRating.choices)

    class Meta:
        verbose_name = _("organisational rating")
        verbose_name_plural = _("organisational ratings")
        constraints = [models.UniqueConstraint(fields=["org_unit", "year"], name="org_performance_unique")]

    def __str__(self):
        return f"{self.org_unit} {self.year}: {self.get_rating_display()}"


class PredikatBound(models.Model):
    """The largest share of an OPD's employees that may receive a predikat, by the OPD's rating."""

    org_rating = models.CharField(_("organisational rating"), max_length=16, choices=OrgRating.choices)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices)
    max_share = models.DecimalField(
        _("largest share"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("For example 0.200: at most one in five of the OPD's evaluated employees."),
    )

    class Meta:
        verbose_name = _("predikat bound")
        verbose_name_plural = _("predikat bounds")
        constraints = [
            models.UniqueConstraint(fields=["org_rating", "predikat"], name="predikat_bound_unique"),
            models.CheckConstraint(condition=Q(max_share__gte=0, max_share__lte=1), name="predikat_bound_share"),
        ]

    def __str__(self):
        return f"{self.get_org_rating_display()}: {self.get_predikat_display()} ≤ {self.max_share:.0%}"


class FollowUp(models.Model):
    """Tindak lanjut: what is done about an employee's evaluation."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("employee")
    )
    evaluation = models.ForeignKey(
        Evaluation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("evaluation"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=FollowUpKind.choices)
    owner = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="owned_follow_ups", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date"]
        indexes = [models.Index(fields=["status", "due_date"], name="follow_up_status_due_idx")]

    def __str__(self):
        return f"{self.employee.name}: {self.get_kind_display()} ({self.due_date})"
