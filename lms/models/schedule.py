from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.people.models import OrgUnit
from lms.choices import OfferingStatus
from lms.models.catalog import Course, Trainer, Venue


def _default_min_attendance():
    return settings.LMS_MIN_ATTENDANCE_PCT


def _default_pass_mark():
    return settings.LMS_PASS_MARK


class Offering(models.Model):
    """One angkatan (class) of a course: dates, place, seats and the rule for completing it."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("course"))
    code = models.SlugField(_("code"), max_length=50, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("venue")
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    enroll_opens = models.DateField(_("enrollment opens"))
    enroll_closes = models.DateField(_("enrollment closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT, db_index=True
    )
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("owning unit")
    )
    requires_approval = models.BooleanField(
        _("supervisor approval required"),
        default=False,
        help_text=_("Self-enrollment waits for the supervisor or a coordinator to approve it."),
    )
    min_attendance_pct = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=_default_min_attendance,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("post-test pass mark"), default=_default_pass_mark, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    notes = models.TextField(_("notes"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    # Empty for offerings that came from an import or the demo.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="offering_ends_after_start"),
            models.CheckConstraint(condition=Q(enroll_closes__gte=F("enroll_opens")), name="offering_window_ordered"),
            models.CheckConstraint(
                condition=Q(enroll_opens__lte=F("end_date")), name="offering_window_opens_before_end"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offering_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_attendance_pct__lte=100) & Q(pass_mark__lte=100), name="offering_rule_in_range"
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"], name="offering_status_start_idx")]

    def __str__(self):
        return f"{self.course.title} ({self.code})"


class Session(models.Model):
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("offering")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=255)
    trainer = models.ForeignKey(
        Trainer, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("trainer")
    )
    # Empty means the offering's venue.
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("venue")
    )
    # Set when a coordinator keeps a session despite a clash; the clash and the reason are in its history.
    clash_override_reason = models.CharField(_("clash override reason"), max_length=255, blank=True)
    # A rotating check-in code changes every LMS_CHECKIN_ROTATE_SECONDS so a photo of it goes stale.
    rotating_checkin = models.BooleanField(_("rotating check-in code"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["date", "starts_at"], name="session_date_idx"),
            models.Index(fields=["trainer", "date"], name="session_trainer_date_idx"),
            models.Index(fields=["venue", "date"], name="session_venue_date_idx"),
        ]

    def __str__(self):
        return f"{self.offering.code} · {self.date:%Y-%m-%d} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
