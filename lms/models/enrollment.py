from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.people.models import Employee
from lms.choices import AttendanceMethod, AttendanceStatus, EnrollmentSource, EnrollmentStatus
from lms.models.schedule import Offering, Session


class Enrollment(models.Model):
    """One employee in one offering: one row per pair, reused when they ask again after a cancellation."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("offering")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("employee")
    )
    status = models.CharField(_("status"), max_length=14, choices=EnrollmentStatus.choices)
    source = models.CharField(_("source"), max_length=8, choices=EnrollmentSource.choices)
    requested_at = models.DateTimeField(_("requested at"))
    # The need that orders the waitlist, computed when the request is made and shown with it:
    # the gap (points short, weighted) on the course's target indicators, then the JP still
    # missing this year; ties go to the earlier request.
    need_gap = models.DecimalField(_("gap on target indicators"), max_digits=8, decimal_places=2, default=0)
    need_jp_deficit_minutes = models.PositiveIntegerField(_("JP deficit (minutes)"), default=0)
    need_reason = models.CharField(_("need"), max_length=500, blank=True)
    pre_test = models.DecimalField(_("pre-test"), max_digits=5, decimal_places=2, null=True, blank=True)
    post_test = models.DecimalField(_("post-test"), max_digits=5, decimal_places=2, null=True, blank=True)
    attendance_pct = models.DecimalField(
        _("attendance (%)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    result_reason = models.CharField(_("result"), max_length=255, blank=True)
    # JP credited on completion, in minutes (the course's duration), 0 otherwise.
    credited_minutes = models.PositiveIntegerField(_("credited (minutes)"), default=0, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["offering", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "employee"], name="enrollment_unique"),
            models.CheckConstraint(
                condition=Q(pre_test__isnull=True) | (Q(pre_test__gte=0) & Q(pre_test__lte=100)),
                name="enrollment_pre_test_range",
            ),
            models.CheckConstraint(
                condition=Q(post_test__isnull=True) | (Q(post_test__gte=0) & Q(post_test__lte=100)),
                name="enrollment_post_test_range",
            ),
            models.CheckConstraint(
                condition=Q(credited_minutes=0) | Q(status=EnrollmentStatus.COMPLETED),
                name="enrollment_jp_only_on_completion",
            ),
            models.CheckConstraint(condition=Q(status__in=EnrollmentStatus.values), name="enrollment_status_valid"),
        ]
        indexes = [
            models.Index(fields=["offering", "status"], name="enrollment_offering_status_idx"),
            models.Index(fields=["employee", "status"], name="enrollment_employee_status_idx"),
        ]

    def __str__(self):
        return f"{self.employee.name} · {self.offering.code}"


class EnrollmentTransition(models.Model):
    """The history of an enrollment: who moved it, when, from what, to what, and why."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("enrollment")
    )
    from_status = models.CharField(_("from"), max_length=14, choices=EnrollmentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=14, choices=EnrollmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment transition")
        verbose_name_plural = _("enrollment transitions")
        ordering = ["enrollment", "at", "pk"]

    def __str__(self):
        return f"{self.enrollment} {self.from_status or '∅'} → {self.to_status}"


class Attendance(models.Model):
    """Whether one participant was at one session, how it was recorded and by whom."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session"))
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrollment")
    )
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "enrollment"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_unique"),
        ]
        indexes = [models.Index(fields=["enrollment", "status"], name="attendance_enrollment_idx")]

    def __str__(self):
        return f"{self.enrollment} · {self.session} · {self.status}"
