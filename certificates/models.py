"""Certificates (STTP) of completed training: numbered per issuer and year, rendered to PDF, verifiable.

The number is taken when the certificate is created (status pending), from a per-issuer,
per-year counter row locked for the increment: numbers are unique and gapless because a
certificate row, once numbered, is never deleted (a revoked one keeps its number).
"""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.uploads import PNG, SVG, upload_check
from backend.people.models import OrgUnit
from certificates.choices import DEFAULT_NUMBER_PATTERN, CertificateAction, CertificateStatus
from lms.models import Enrollment


def _code() -> str:
    # 128 bits: the verification link must not be guessable from another certificate's.
    return secrets.token_urlsafe(16)


def issuer_file_path(instance, filename: str) -> str:
    suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
    return f"certificate-issuers/{secrets.token_urlsafe(8)}{suffix}"


def certificate_pdf_path(instance, filename: str) -> str:
    return f"certificates/{instance.year}/{instance.code}.pdf"


class CertificateIssuer(models.Model):
    """The unit that issues certificates (usually BKPSDM): its name as printed, logo, signatory, numbering."""

    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, related_name="certificate_issuer", verbose_name=_("issuing unit")
    )
    name = models.CharField(_("agency name as printed"), max_length=255)
    parent_name = models.CharField(
        _("government above it"), max_length=255, default="PEMERINTAH KABUPATEN BUNGO", blank=True
    )
    city = models.CharField(_("place of issue"), max_length=100, default="Muara Bungo")
    logo = models.FileField(_("logo (PNG or SVG)"), upload_to=issuer_file_path, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=150)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=18)
    signatory_position = models.CharField(_("signatory's position"), max_length=200)
    signature_image = models.FileField(_("signature image (PNG)"), upload_to=issuer_file_path, blank=True)
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=120,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_("Python format with {seq} (e.g. {seq:04d}) and {year}; unique per issuer and year."),
    )
    outline_page = models.BooleanField(_("second page with the course outline and sessions"), default=True)

    class Meta:
        verbose_name = _("certificate issuer")
        verbose_name_plural = _("certificate issuers")

    def __str__(self):
        return self.name

    def clean(self):
        # Only a file uploaded now is checked: one already stored passed when it came in.
        # Both are drawn into every certificate, so Pillow must be able to read them whole.
        limit = settings.CERTIFICATE_IMAGE_MAX_MB
        for field, types in (("logo", (PNG, SVG)), ("signature_image", (PNG,))):
            image = getattr(self, field)
            if image and not image._committed:
                upload_check(image.file, types=types, max_mb=limit, field=field, decode_images=True)


class CertificateCounter(models.Model):
    """The last number given by an issuer in a year: locked while the next is taken."""

    issuer = models.ForeignKey(CertificateIssuer, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="certificate_counter_unique")]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_seq}"


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("enrollment")
    )
    issuer = models.ForeignKey(
        CertificateIssuer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("issuer")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"), validators=[MinValueValidator(1)])
    number = models.CharField(_("number"), max_length=120)
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=_code, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=CertificateStatus.choices, default=CertificateStatus.PENDING
    )
    # What the certificate says, frozen when it is numbered: a later change of name or rank
    # does not silently rewrite an issued certificate (a correction re-issues it).
    content = models.JSONField(_("content"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_path, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    pdf_bytes = models.PositiveIntegerField(_("PDF size (bytes)"), default=0)
    error = models.TextField(_("last render error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("numbered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["issuer", "year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "seq"], name="certificate_seq_unique"),
            models.UniqueConstraint(fields=["issuer", "number"], name="certificate_number_unique"),
            models.CheckConstraint(condition=Q(status__in=CertificateStatus.values), name="certificate_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=CertificateStatus.REVOKED) | (~Q(revoke_reason="") & Q(revoked_at__isnull=False)),
                name="certificate_revocation_has_reason",
                violation_error_message=_("A revocation needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CertificateStatus.ISSUED) | ~Q(sha256=""),
                name="certificate_issued_has_pdf",
            ),
        ]

    def __str__(self):
        return self.number


class CertificateEvent(models.Model):
    """The history of a certificate: numbered, rendered, failed, revoked, re-issued; who and why."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("certificate")
    )
    action = models.CharField(_("action"), max_length=10, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    detail = models.TextField(_("detail"), blank=True)
    # The PDF's hash at the time: a re-issued certificate's earlier versions stay verifiable as superseded.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["certificate", "at", "pk"]

    def __str__(self):
        return f"{self.certificate} {self.action}"
