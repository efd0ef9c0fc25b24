"""Reading certificates for the pages, exports and the API: an offering's, one's own, the SIASN rows.

Scoping follows ``certificates.selectors.certificate_list``: an ASN reads their own, the
offering's coordinators and administrators manage its certificates, HR reads them all.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from backend.people.access import Access
from certificates.choices import CertificateStatus
from certificates.models import Certificate
from certificates.selectors import certificate_list
from lms.access import can_manage_offering, can_manage_offerings, offerings_managed
from lms.choices import EnrollmentStatus
from lms.models import Enrollment, Offering


def can_read_offering_certificates(access: Access, offering: Offering) -> bool:
    return access.is_admin or access.is_hr or can_manage_offering(access, offering)


def certificate_offering_get(*, access: Access, pk) -> Offering:
    """An offering whose certificates ``access`` may read: 403 for a role that reads no offering's
    certificates, 404 for an offering out of the coordinator's scope (its existence does not leak)."""
    reads_all = access.is_admin or access.is_hr
    if not (reads_all or can_manage_offerings(access)):
        raise PermissionDenied
    offerings = Offering.objects.select_related("course", "owner_unit")
    if not reads_all:
        offerings = offerings.filter(offerings_managed(access))
    try:
        return offerings.get(pk=pk)
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def certificate_managed_get(*, access: Access, pk) -> Certificate:
    """A certificate whose offering ``access`` manages, for revoking, re-issuing and retrying:
    403 for a role that manages nothing (HR reads but does not change), 404 out of scope."""
    if not can_manage_offerings(access):
        raise PermissionDenied
    try:
        return (
            Certificate.objects.select_related("enrollment__offering__owner_unit", "enrollment__employee")
            .filter(offerings_managed(access, prefix="enrollment__offering__"))
            .get(pk=pk)
        )
    except (Certificate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offering_certificate_list(*, offering: Offering) -> QuerySet[Certificate]:
    """The offering's certificates by participant name, with the employee, offering and course joined."""
    return (
        Certificate.objects.filter(enrollment__offering=offering)
        .select_related("issuer", "enrollment__employee", "enrollment__offering__course")
        .order_by("enrollment__employee__name", "pk")
    )


def offering_issued_certificate_list(*, offering: Offering) -> QuerySet[Certificate]:
    """The certificates with a current PDF (what goes into the ZIP and the SIASN file)."""
    return offering_certificate_list(offering=offering).filter(status=CertificateStatus.ISSUED)


@dataclass
class OfferingCertificates:
    offering: Offering
    certificates: list[Certificate]
    # Completed participants not numbered yet: what "Issue certificates" would add.
    awaiting: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def numbered(self) -> int:
        return len(self.certificates)

    @property
    def failed(self) -> list[Certificate]:
        return [c for c in self.certificates if c.status == CertificateStatus.FAILED]


def offering_certificates_get(*, offering: Offering) -> OfferingCertificates:
    """The offering's certificates with counts per status (2 queries)."""
    certificates = list(offering_certificate_list(offering=offering))
    awaiting = Enrollment.objects.filter(
        offering=offering, status=EnrollmentStatus.COMPLETED, certificate__isnull=True
    ).count()
    tally = Counter(c.status for c in certificates)
    counts = {status: tally.get(status, 0) for status in CertificateStatus.values}
    return OfferingCertificates(offering=offering, certificates=certificates, awaiting=awaiting, counts=counts)


def certificate_own_list(*, access: Access) -> QuerySet[Certificate]:
    """The signed-in ASN's own certificates, newest training first."""
    if access.employee_id is None:
        return Certificate.objects.none()
    return (
        certificate_list(access=access)
        .filter(enrollment__employee_id=access.employee_id)
        .order_by("-enrollment__offering__start_date", "-pk")
    )


def certificate_own_issued_list(*, access: Access) -> QuerySet[Certificate]:
    return certificate_own_list(access=access).filter(status=CertificateStatus.ISSUED)


def enrollment_managed_get(*, access: Access, pk) -> Enrollment:
    """An enrollment of an offering ``access`` manages (to issue its certificate): 403 for a role that
    manages nothing, 404 out of scope."""
    if not can_manage_offerings(access):
        raise PermissionDenied
    try:
        return Enrollment.objects.filter(offerings_managed(access, prefix="offering__")).get(pk=pk)
    except (Enrollment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
