"""Every change of a certificate: numbering (idempotent), rendering, revocation, re-issue.

The PDF is never rendered in a request: numbering queues ``render_certificate_task`` on
commit, and the task calls ``certificate_render``.
"""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.people.access import access_for
from certificates.choices import CertificateAction, CertificateStatus
from certificates.content import certificate_content
from certificates.models import Certificate, CertificateCounter, CertificateEvent, CertificateIssuer
from lms.access import can_manage_offering
from lms.choices import EnrollmentStatus
from lms.models import Enrollment, Offering

logger = logging.getLogger(__name__)

# What the content of a certificate reads of its enrollment.
ENROLLMENT_RELATIONS = (
    "offering__course",
    "offering__venue",
    "offering__owner_unit",
    "employee__position",
    "employee__unit",
)


class RenderError(Exception):
    """A render that failed: the certificate is marked failed and the task retries it."""


def _event(certificate: Certificate, action: str, *, actor=None, detail: str = "", sha256: str = "") -> None:
    CertificateEvent.objects.create(
        certificate=certificate, action=action, actor=actor, detail=detail[:2000], sha256=sha256
    )


def _queue_render(certificate_id: int) -> None:
    transaction.on_commit(lambda: _publish_render(certificate_id))


def _publish_render(certificate_id: int) -> None:
    from certificates.tasks import render_certificate_task

    try:
        render_certificate_task.delay(certificate_id)
    except Exception:
        # The broker is down (or, running inline, the render failed and is recorded as such):
        # the certificate stays numbered, the request that issued it succeeds, and the beat sweep
        # of stalled certificates (or a coordinator's retry) renders it later.
        logger.warning("certificate %s: render not queued, left to the sweep", certificate_id, exc_info=True)


def certificate_issuer_for(*, offering: Offering) -> CertificateIssuer:
    """The issuer of the offering's owning OPD, else the competency agency's (BKPSDM)."""
    opd_id = int(offering.owner_unit.path.strip("/").split("/")[0])
    issuer = CertificateIssuer.objects.filter(org_unit_id=opd_id).first()
    if issuer is None:
        issuer = CertificateIssuer.objects.filter(org_unit__is_competency_agency=True).first()
    if issuer is None:
        raise ValidationError(_("No certificate issuer is set up: add one (name, signatory, number pattern) first."))
    return issuer


def _next_seq(issuer: CertificateIssuer, year: int) -> int:
    """The next number of ``issuer`` in ``year``, taken under a lock on the counter row: gapless."""
    try:
        with transaction.atomic():
            CertificateCounter.objects.create(issuer=issuer, year=year)
    except IntegrityError:
        pass  # Another request created it first; the lock below waits for it.
    counter = CertificateCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def _require_issuer_rights(actor, offering: Offering) -> None:
    if actor is not None and not can_manage_offering(access_for(actor), offering):
        raise PermissionDenied(_("Only the offering's coordinators issue its certificates."))


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, actor) -> Certificate:
    """The certificate of a completed enrollment: numbered once, whoever asks and however often.

    A second call (or a second worker at the same time) gets the same certificate and number:
    the enrollment row is locked while it is looked up and created.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related(
            "offering__course", "offering__venue", "offering__owner_unit", "employee__position", "employee__unit"
        )
        .get(pk=enrollment.pk)
    )
    _require_issuer_rights(actor, enrollment.offering)
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ValidationError(_("Only a completed enrollment earns a certificate."))
    issuer = certificate_issuer_for(offering=enrollment.offering)
    year = timezone.localdate().year
    seq = _next_seq(issuer, year)
    certificate = Certificate(enrollment=enrollment, issuer=issuer, year=year, seq=seq)
    try:
        certificate.number = issuer.number_pattern.format(seq=seq, year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(_("The issuer's number pattern is not valid: %(error)s") % {"error": exc}) from exc
    certificate.content = certificate_content(enrollment=enrollment, issuer=issuer, certificate=certificate)
    certificate.full_clean(exclude=["enrollment"], validate_constraints=False, validate_unique=False)
    certificate.save()
    _event(certificate, CertificateAction.NUMBERED, actor=actor, detail=certificate.number)
    _queue_render(certificate.pk)
    return certificate


def certificate_issue_offering(*, offering: Offering, actor) -> list[Certificate]:
    """Every completed participant's certificate, in one action; those already numbered are kept."""
    _require_issuer_rights(actor, offering)
    enrollments = Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.COMPLETED).order_by(
        "employee__name", "pk"
    )
    return [certificate_issue(enrollment=enrollment, actor=actor) for enrollment in enrollments]


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render and store the PDF with its SHA-256; idempotent (an issued or revoked one is left alone).

    The render runs outside any transaction or lock (it takes a while); the result is stored
    only if the certificate still waits for it, so two workers given the same message store
    one PDF. A failure is recorded (status, error, history) before ``RenderError`` is raised
    for the task to retry.
    """
    from certificates.rendering import render_certificate_pdf

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("issuer").get(pk=certificate_id)
        if certificate.status not in (CertificateStatus.PENDING, CertificateStatus.FAILED):
            return certificate
        certificate.attempts += 1
        certificate.save(update_fields=["attempts"])
    try:
        pdf = render_certificate_pdf(content=certificate.content, issuer=certificate.issuer)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        with transaction.atomic():
            Certificate.objects.filter(
                pk=certificate_id, status__in=[CertificateStatus.PENDING, CertificateStatus.FAILED]
            ).update(status=CertificateStatus.FAILED, error=error[:4000])
            _event(certificate, CertificateAction.FAILED, detail=error)
        raise RenderError(error) from exc
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("issuer").get(pk=certificate_id)
        if certificate.status not in (CertificateStatus.PENDING, CertificateStatus.FAILED):
            return certificate
        previous = certificate.pdf.name
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.sha256 = digest
        certificate.pdf_bytes = len(pdf)
        certificate.status = CertificateStatus.ISSUED
        certificate.error = ""
        certificate.issued_at = certificate.issued_at or timezone.now()
        certificate.full_clean(exclude=["enrollment", "issuer"], validate_unique=False)
        certificate.save()
        _event(certificate, CertificateAction.RENDERED, sha256=digest)
        if previous and previous != certificate.pdf.name:
            storage, name = certificate.pdf.storage, previous
            transaction.on_commit(lambda: storage.delete(name))
    return certificate


def _require_manager(actor, certificate: Certificate) -> None:
    access = access_for(actor)
    if not (access.is_admin or can_manage_offering(access, certificate.enrollment.offering)):
        raise PermissionDenied(_("Only the offering's coordinators and administrators change its certificates."))


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke with a reason: the public page then says so, with the date and the reason."""
    certificate = Certificate.objects.select_for_update().select_related("enrollment__offering").get(pk=certificate.pk)
    _require_manager(actor, certificate)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"revoke_reason": _("Say why the certificate is revoked.")})
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason[:500]
    certificate.full_clean(exclude=["enrollment", "issuer"], validate_unique=False)
    certificate.save(update_fields=["status", "revoked_at", "revoke_reason"])
    _event(certificate, CertificateAction.REVOKED, actor=actor, detail=reason, sha256=certificate.sha256)
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """After a correction (a name, a rank): the same number and code, its content read again and the
    PDF rendered again. The earlier PDF's hash stays in the history, where verification finds it
    as superseded."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("issuer", *(f"enrollment__{relation}" for relation in ENROLLMENT_RELATIONS))
        .get(pk=certificate.pk)
    )
    _require_manager(actor, certificate)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what was corrected.")})
    _event(certificate, CertificateAction.REISSUED, actor=actor, detail=reason, sha256=certificate.sha256)
    certificate.content = certificate_content(
        enrollment=certificate.enrollment, issuer=certificate.issuer, certificate=certificate
    )
    certificate.status = CertificateStatus.PENDING
    certificate.sha256 = ""
    certificate.revoked_at = None
    certificate.revoke_reason = ""
    certificate.error = ""
    certificate.save(update_fields=["content", "status", "sha256", "revoked_at", "revoke_reason", "error"])
    _queue_render(certificate.pk)
    return certificate


# --- Added for the certificate pages and API (views/API helper) ------------------------------------


@transaction.atomic
def certificate_retry(*, certificate: Certificate, actor) -> Certificate:
    """A failed render tried again at a coordinator's request: back to pending, the render queued on
    commit. The last error stays visible until the render succeeds (``certificate_render`` clears it)."""
    certificate = Certificate.objects.select_for_update().select_related("enrollment__offering").get(pk=certificate.pk)
    _require_manager(actor, certificate)
    if certificate.status != CertificateStatus.FAILED:
        raise ValidationError(_("Only a certificate whose render failed can be retried."))
    certificate.status = CertificateStatus.PENDING
    certificate.full_clean(exclude=["enrollment", "issuer"], validate_unique=False)
    certificate.save(update_fields=["status"])
    # Not a CertificateEvent action of its own: the general history records who asked for it.
    audit_record(
        obj=certificate,
        action=AuditEntry.Action.TRANSITION,
        actor=actor,
        changes={"status": [CertificateStatus.FAILED.value, CertificateStatus.PENDING.value]},
        reason=_("Render retried"),
    )
    _queue_render(certificate.pk)
    return certificate
