"""Reading certificates: whose, by verification code or by the PDF's hash."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from backend.people.access import Access
from certificates.choices import CertificateStatus
from certificates.models import Certificate, CertificateEvent
from lms.access import offerings_managed


def certificate_list(*, access: Access) -> QuerySet[Certificate]:
    """One's own certificates, those of offerings one manages, everyone's for HR and administrators."""
    certificates = Certificate.objects.select_related(
        "issuer", "enrollment__employee", "enrollment__offering__course", "enrollment__offering__owner_unit"
    ).order_by("-created_at", "-pk")
    if access.is_admin or access.is_hr:
        return certificates
    scope = Q(pk__in=[])
    if access.employee_id is not None:
        scope |= Q(enrollment__employee_id=access.employee_id)
    if access.is_coordinator:
        scope |= offerings_managed(access, prefix="enrollment__offering__")
    return certificates.filter(scope)


def certificate_get(*, access: Access, pk) -> Certificate:
    try:
        return certificate_list(access=access).get(pk=pk)
    except (Certificate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def certificate_by_code(*, code: str) -> Certificate:
    """For the public verification page: anyone with the code (it is on the certificate)."""
    try:
        return Certificate.objects.select_related("issuer").get(code=code)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc


def certificate_by_sha256(*, sha256: str) -> tuple[Certificate | None, bool]:
    """The certificate whose PDF has this hash, and whether it is the current PDF (False: a PDF
    superseded by a re-issue)."""
    current = Certificate.objects.select_related("issuer").filter(sha256=sha256).first()
    if current is not None:
        return current, True
    event = CertificateEvent.objects.select_related("certificate__issuer").filter(sha256=sha256).first()
    return (event.certificate, False) if event is not None else (None, False)


# A certificate that failed this often needs a person (the error is shown on its offering's page).
MAX_AUTOMATIC_ATTEMPTS = 20


def certificate_stalled_ids(*, before: datetime.datetime) -> list[int]:
    """Pending or failed certificates numbered before ``before`` that are still worth retrying."""
    return list(
        Certificate.objects.filter(
            status__in=[CertificateStatus.PENDING, CertificateStatus.FAILED],
            created_at__lt=before,
            attempts__lt=MAX_AUTOMATIC_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
