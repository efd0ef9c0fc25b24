from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    # Numbered, waiting for its PDF (the render task is queued).
    PENDING = "pending", _("Pending")
    ISSUED = "issued", _("Issued")
    # The render failed; it is retried, and the error is kept until it succeeds.
    FAILED = "failed", _("Render failed")
    REVOKED = "revoked", _("Revoked")


class CertificateAction(models.TextChoices):
    NUMBERED = "numbered", _("Numbered")
    RENDERED = "rendered", _("Rendered")
    FAILED = "failed", _("Render failed")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Re-issued after a correction")


DEFAULT_NUMBER_PATTERN = "{seq:04d}/STTP/BKPSDM/{year}"
