"""What a certificate says, frozen when it is numbered (DOMAIN.md "Certificates")."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from backend.people.nip import format_nip
from certificates.models import Certificate, CertificateIssuer
from certificates.rules import qualification
from lms.models import Enrollment


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificate-verify", args=[code])


def certificate_content(*, enrollment: Enrollment, issuer: CertificateIssuer, certificate: Certificate) -> dict:
    """The printed fields. ``enrollment`` comes with its offering, course, venue and employee loaded;
    sessions (with trainers) are read for the outline page."""
    offering, employee = enrollment.offering, enrollment.employee
    course = offering.course
    outline = []
    if issuer.outline_page:
        for session in offering.sessions.select_related("trainer").order_by("date", "starts_at", "pk"):
            outline.append(
                {
                    "date": session.date.isoformat(),
                    "starts": f"{session.starts_at:%H:%M}",
                    "ends": f"{session.ends_at:%H:%M}",
                    "topic": session.topic,
                    "trainer": session.trainer.name if session.trainer_id else "",
                }
            )
    opd = employee.unit.path.strip("/").split("/")[0]
    return {
        "number": certificate.number,
        "verify_url": verify_url(certificate.code),
        "parent_name": issuer.parent_name,
        "agency": issuer.name,
        "course_title": course.title,
        # The certificate is an Indonesian document, whichever language the worker runs in.
        "course_type": _in_indonesian(course.get_type_display),
        "start_date": offering.start_date.isoformat(),
        "end_date": offering.end_date.isoformat(),
        "place": offering.venue.name if offering.venue_id else "",
        "jp_minutes": enrollment.credited_minutes or course.duration_minutes,
        "participant": {
            "name": employee.display_name,
            "nip": employee.nip,
            "nip_display": format_nip(employee.nip),
            "birth_place": employee.birth_place,
            "birth_date": employee.birth_date.isoformat(),
            "rank": f"{employee.pangkat} ({employee.grade})" if employee.pangkat else employee.grade,
            "position": employee.position.name,
            "unit": employee.unit.name,
            "agency": _opd_name(int(opd), employee),
        },
        "qualification": qualification(enrollment.post_test),
        "signatory": {
            "name": issuer.signatory_name,
            "nip": issuer.signatory_nip,
            "nip_display": format_nip(issuer.signatory_nip),
            "position": issuer.signatory_position,
        },
        "issue_place": issuer.city,
        "issue_date": timezone.localdate().isoformat(),
        "outline": outline,
    }


def _in_indonesian(label) -> str:
    with translation.override("id"):
        return str(label())


def _opd_name(opd_id: int, employee) -> str:
    if employee.unit_id == opd_id:
        return employee.unit.name
    from backend.people.models import OrgUnit

    return OrgUnit.objects.filter(pk=opd_id).values_list("name", flat=True).first() or employee.unit.name
