"""The demo's certificate issuer (BKPSDM) and the certificates of the demo ASN's completed courses.

Only ``pegawai``'s are issued and rendered at seeding (a few PDFs): the rest of the regency's
completions wait for a coordinator to issue them, as they would after a real migration.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from backend.audit.models import AuditEntry
from backend.people.choices import PositionKind
from backend.people.models import Employee, OrgUnit
from certificates.models import Certificate, CertificateCounter, CertificateEvent, CertificateIssuer
from certificates.services import RenderError, certificate_issue, certificate_render
from lms.choices import EnrollmentStatus
from lms.models import Enrollment

DEMO_ASN = "pegawai"
AGENCY_NAME = "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"


def _signatory(unit: OrgUnit) -> Employee | None:
    staff = Employee.objects.filter(unit=unit, is_active=True).select_related("position")
    return staff.filter(position__kind=PositionKind.JPT).first() or staff.order_by("-grade", "name").first()


@transaction.atomic
def seed_certificates(*, stdout=None) -> int:
    """Create the issuer and render the demo ASN's certificates; returns how many were issued."""
    agency = OrgUnit.objects.filter(is_competency_agency=True).first()
    if agency is None:
        return 0
    head = _signatory(agency)
    issuer, _created = CertificateIssuer.objects.get_or_create(
        org_unit=agency,
        defaults={
            "name": AGENCY_NAME,
            "signatory_name": head.display_name if head else "Kepala BKPSDM",
            "signatory_nip": head.nip if head else "",
            # Printed on an Indonesian document: written in Indonesian, whatever the seeding language.
            "signatory_position": f"Kepala {agency.name}" if head else "Kepala BKPSDM",
        },
    )
    issuer.full_clean()
    enrollments = Enrollment.objects.filter(
        employee__user__username=DEMO_ASN, status=EnrollmentStatus.COMPLETED
    ).order_by("offering__end_date", "pk")
    count = 0
    for enrollment in enrollments:
        certificate = certificate_issue(enrollment=enrollment, actor=None)
        try:
            certificate_render(certificate_id=certificate.pk)
        except (RenderError, OSError, ImportError) as exc:
            # No Pango on this machine: the demo still loads; the certificate waits as pending.
            if stdout is not None:
                message = _("Certificate %(number)s left pending: %(error)s")
                stdout.write(message % {"number": certificate.number, "error": exc})
        count += 1
    if stdout is not None:
        stdout.write(_("%(count)d certificates issued for the demo ASN.") % {"count": count})
    return count


@transaction.atomic
def demo_reset() -> None:
    """Delete every certificate, issuer and counter (throwaway databases only), before training data."""
    content_types = ContentType.objects.get_for_models(Certificate, CertificateIssuer)
    AuditEntry.objects.filter(content_type__in=list(content_types.values())).delete()
    CertificateEvent.objects.all().delete()
    for certificate in Certificate.objects.exclude(pdf=""):
        certificate.pdf.delete(save=False)
    Certificate.objects.all().delete()
    CertificateCounter.objects.all().delete()
    CertificateIssuer.objects.all().delete()
