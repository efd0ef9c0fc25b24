from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.appraisal.choices import BerakhlakValue, IkmElement
from backend.appraisal.models import Indicator
from backend.people.models import Employee, OrgUnit, Position
from lms.choices import KLASIKAL_TYPES, NONKLASIKAL_TYPES, Channel, CompetencyType, CourseType, GapTargetKind
from lms.rules import jp_from_minutes


class Competency(models.Model):
    """A competency of the national dictionary (PermenPANRB 38/2017) or a technical one of the regency."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("competency type"), max_length=16, choices=CompetencyType.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["type", "name"]

    def __str__(self):
        return self.name


class Course(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    type = models.CharField(_("type"), max_length=16, choices=CourseType.choices)
    competency_type = models.CharField(_("competency type"), max_length=16, choices=CompetencyType.choices)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="courses", verbose_name=_("competencies")
    )
    # Stored in minutes (1 JP = 45 minutes) so that no rounding is ever stored.
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), validators=[MinValueValidator(45)])
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("prerequisites")
    )
    mandatory_positions = models.ManyToManyField(
        Position, blank=True, related_name="mandatory_courses", verbose_name=_("mandatory for positions")
    )
    mandatory_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="mandatory_courses", verbose_name=_("mandatory for units")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(channel=Channel.KLASIKAL) & Q(type__in=sorted(KLASIKAL_TYPES)))
                | (Q(channel=Channel.NONKLASIKAL) & Q(type__in=sorted(NONKLASIKAL_TYPES))),
                name="course_type_fits_channel",
                violation_error_message=_("This type of development does not belong to this channel."),
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gte=45), name="course_at_least_one_jp"),
        ]

    def __str__(self):
        return self.title

    @property
    def jp(self) -> Decimal:
        return jp_from_minutes(self.duration_minutes)


class CourseIndicator(models.Model):
    """A performance indicator a course is meant to raise, and how strongly (weight 0–1)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="target_indicators", verbose_name=_("course")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="target_of_courses", verbose_name=_("indicator")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("How directly the course answers this indicator, from 0.01 to 1."),
    )

    class Meta:
        verbose_name = _("target indicator")
        verbose_name_plural = _("target indicators")
        constraints = [
            models.UniqueConstraint(fields=["course", "indicator"], name="course_indicator_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0) & Q(weight__lte=1), name="course_indicator_weight_range"),
        ]

    def __str__(self):
        return f"{self.course} → {self.indicator}"


class CourseGapTarget(models.Model):
    """A work-behaviour value (BerAKHLAK) or an IKM element a course answers, and how strongly.

    Indicators are rows of their own (``CourseIndicator``); these two vocabularies are closed
    lists, so the code is stored and checked against them in the database.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="gap_targets", verbose_name=_("course"))
    kind = models.CharField(_("kind"), max_length=12, choices=GapTargetKind.choices)
    code = models.CharField(_("value or element"), max_length=24)
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("How directly the course answers this gap, from 0.01 to 1."),
    )

    class Meta:
        verbose_name = _("behaviour or IKM target")
        verbose_name_plural = _("behaviour and IKM targets")
        constraints = [
            models.UniqueConstraint(fields=["course", "kind", "code"], name="course_gap_target_unique"),
            models.CheckConstraint(
                condition=(Q(kind=GapTargetKind.BEHAVIOUR) & Q(code__in=BerakhlakValue.values))
                | (Q(kind=GapTargetKind.IKM_ELEMENT) & Q(code__in=IkmElement.values)),
                name="course_gap_target_code_fits_kind",
                violation_error_message=_("This value or element does not belong to this kind of target."),
            ),
            models.CheckConstraint(condition=Q(weight__gt=0) & Q(weight__lte=1), name="course_gap_target_weight_range"),
        ]

    def __str__(self):
        return f"{self.course} → {self.label}"

    @property
    def label(self) -> str:
        vocabulary = BerakhlakValue if self.kind == GapTargetKind.BEHAVIOUR else IkmElement
        return str(vocabulary(self.code).label)


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="venues", verbose_name=_("managed by")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="venue_capacity_positive")]

    def __str__(self):
        return self.name


class Trainer(models.Model):
    """A widyaiswara or other trainer: an employee of the regency or an external person."""

    employee = models.OneToOneField(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="trainer", verbose_name=_("employee")
    )
    # For an employee the name is copied so that lists need no join; services keep it current.
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    expertise = models.CharField(_("expertise"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_external(self) -> bool:
        return self.employee_id is None
