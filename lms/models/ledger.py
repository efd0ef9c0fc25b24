from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.people.models import Employee
from lms.choices import ActivityKind, ActivityStatus, ConversionBasis, LedgerSource, NotificationKind
from lms.models.enrollment import Enrollment


class JpConversion(models.Model):
    """One row of the configurable JP table for activities outside the catalog (DOMAIN.md)."""

    kind = models.CharField(_("activity"), max_length=16, choices=ActivityKind.choices, unique=True)
    basis = models.CharField(_("basis"), max_length=12, choices=ConversionBasis.choices)
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    # E.g. coaching: at most 2 sessions a month count.
    max_units_per_month = models.PositiveSmallIntegerField(_("at most units per month"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("JP conversion")
        verbose_name_plural = _("JP conversions")
        ordering = ["kind"]
        constraints = [models.CheckConstraint(condition=Q(jp__gt=0), name="jp_conversion_positive")]

    def __str__(self):
        return self.get_kind_display()


def evidence_path(instance, filename: str) -> str:
    """An unguessable name: evidence is personal, and only the evidence view may hand it out."""
    import secrets
    from pathlib import PurePath

    from django.utils import timezone

    suffix = PurePath(filename).suffix.lower()[:8]
    return f"jp-evidence/{timezone.now():%Y}/{secrets.token_urlsafe(16)}{suffix}"


class ExternalActivity(models.Model):
    """A development activity outside the catalog, claimed by the ASN with evidence and verified."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="external_activities", verbose_name=_("employee")
    )
    kind = models.CharField(_("activity"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    # Sessions for coaching/mentoring, claimed hours for e-learning and self-study, semesters for study.
    units = models.PositiveSmallIntegerField(
        _("sessions, hours or semesters"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_international = models.BooleanField(_("international"), default=False)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    # Computed from the conversion table when submitted, and again when verified.
    claimed_minutes = models.PositiveIntegerField(_("claimed (minutes)"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.SUBMITTED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external activity")
        verbose_name_plural = _("external activities")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="activity_ends_after_start"),
        ]

    def __str__(self):
        return self.title


class JpLedgerEntry(models.Model):
    """JP credited to an employee for a calendar year: one row per completed course or verified activity."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="jp_entries", verbose_name=_("employee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.PositiveIntegerField(_("minutes"))
    source = models.CharField(_("source"), max_length=8, choices=LedgerSource.choices)
    enrollment = models.OneToOneField(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_entry",
        verbose_name=_("enrollment"),
    )
    activity = models.OneToOneField(
        ExternalActivity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_entry",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    credited_at = models.DateTimeField(_("credited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("JP ledger entry")
        verbose_name_plural = _("JP ledger entries")
        ordering = ["employee", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source=LedgerSource.COURSE) & Q(enrollment__isnull=False) & Q(activity__isnull=True))
                | (Q(source=LedgerSource.ACTIVITY) & Q(activity__isnull=False) & Q(enrollment__isnull=True)),
                name="ledger_entry_one_source",
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="ledger_entry_positive"),
        ]
        indexes = [models.Index(fields=["year", "employee"], name="ledger_year_employee_idx")]

    def __str__(self):
        return f"{self.employee} · {self.year} · {self.title}"


class Notification(models.Model):
    """An in-app message, also e-mailed by a Celery task when the recipient has an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    # Makes a notification idempotent: a retried task or a second beat run finds the row already there.
    dedupe_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title
