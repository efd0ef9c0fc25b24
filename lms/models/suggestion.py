"""Course suggestions: a weak indicator (or behaviour value, or IKM element) and a course that answers it.

A suggestion keeps its status across nightly recomputations so that uptake can be measured:
what was suggested, what was taken up by enrolling, what was dismissed and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.appraisal.models import Period
from backend.people.models import Employee
from lms.choices import GapKind, SuggestionStatus, SuggestionTrigger
from lms.models.catalog import Course
from lms.models.enrollment import Enrollment
from lms.models.schedule import Offering


class Suggestion(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("employee")
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("course"))
    # The earliest open or planned offering that fits the employee's schedule; empty once lapsed.
    offering = models.ForeignKey(
        Offering,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("offering"),
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("period of the gap")
    )
    gap_kind = models.CharField(_("kind of gap"), max_length=12, choices=GapKind.choices)
    gap_code = models.CharField(_("gap"), max_length=40)
    gap_label = models.CharField(_("gap"), max_length=255)
    # Points short: 100 − achievement for an indicator, 1 for a behaviour value, threshold −
    # converted score for an IKM element (``backend.appraisal.selectors.gaps``).
    gap_size = models.DecimalField(_("gap size"), max_digits=7, decimal_places=2)
    gap_value = models.DecimalField(_("measured value"), max_digits=9, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("course weight for the gap"), max_digits=3, decimal_places=2)
    # The course's measured change of this indicator against untrained peers, and on how many.
    uplift = models.DecimalField(_("measured uplift (points)"), max_digits=7, decimal_places=2, null=True, blank=True)
    uplift_n = models.PositiveIntegerField(_("participants measured"), default=0)
    # The uplift shrunk toward the prior: what ranking expects the course to do.
    expected_uplift = models.DecimalField(_("expected uplift (points)"), max_digits=7, decimal_places=2)
    rank_score = models.DecimalField(_("rank score"), max_digits=12, decimal_places=3)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.SUGGESTED
    )
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=500, blank=True)
    enrollment = models.ForeignKey(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("enrollment"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    first_suggested_at = models.DateTimeField(_("first suggested at"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["employee", "-rank_score"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "course"], name="suggestion_unique"),
            models.CheckConstraint(condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"),
            models.CheckConstraint(condition=Q(gap_kind__in=GapKind.values), name="suggestion_gap_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status=SuggestionStatus.DISMISSED) | ~Q(dismiss_reason=""),
                name="suggestion_dismissal_has_reason",
                violation_error_message=_("Say why the suggestion does not fit."),
            ),
            models.CheckConstraint(condition=Q(gap_size__gte=0), name="suggestion_gap_not_negative"),
        ]
        indexes = [models.Index(fields=["employee", "status"], name="suggestion_employee_status_idx")]

    def __str__(self):
        return f"{self.employee.name} → {self.course}"


class SuggestionRun(models.Model):
    """One recomputation of suggestions, for everyone or one employee: the history of the engine."""

    trigger = models.CharField(_("trigger"), max_length=10, choices=SuggestionTrigger.choices)
    employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("employee"),
        help_text=_("Empty when everyone was recomputed."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    started_at = models.DateTimeField(_("started at"))
    seconds = models.DecimalField(_("seconds"), max_digits=8, decimal_places=2)
    employees = models.PositiveIntegerField(_("employees with gaps"))
    created = models.PositiveIntegerField(_("new suggestions"))
    updated = models.PositiveIntegerField(_("suggestions refreshed"))
    lapsed = models.PositiveIntegerField(_("suggestions lapsed"))

    class Meta:
        verbose_name = _("suggestion run")
        verbose_name_plural = _("suggestion runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"
