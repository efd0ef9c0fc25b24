"""The SIASN course history (riwayat kursus/diklat) as CSV: what the national record keeps of a
course (DOMAIN.md "Certificates"): course name, organiser, hours, certificate number, dates, type.

Only issued certificates are exported: a pending one has no document yet and a revoked one is
no longer evidence. The printed facts come from the certificate's frozen content, so the file
says what the certificate says even if the course was renamed since.
"""

import datetime
import re
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from lms.exports import csv_response
from lms.rules import jp_from_minutes

SIASN_HEADER = (
    _("Course name"),
    _("Organiser"),
    _("Hours (JP)"),
    _("Certificate number"),
    _("Start date"),
    _("End date"),
    _("Type"),
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _hours(minutes: int) -> str:
    # A plain number with a dot: the file is read by an import, not by a person.
    jp = jp_from_minutes(minutes)
    return str(int(jp)) if jp == jp.to_integral_value() else str(jp)


def siasn_row(certificate: Certificate) -> tuple:
    """One course entry; ``certificate`` comes with its enrollment's offering and course joined."""
    content = certificate.content
    return (
        content["course_title"],
        content["agency"],
        _hours(content["jp_minutes"]),
        certificate.number,
        datetime.date.fromisoformat(content["start_date"]),
        datetime.date.fromisoformat(content["end_date"]),
        certificate.enrollment.offering.course.get_type_display(),
    )


def siasn_csv_response(*, slug: str, certificates: Iterable[Certificate], per_person: bool = False) -> HttpResponse:
    """The course entries of ``certificates``; ``per_person`` (an offering's file) starts each row with
    the participant's NIP and name, for the entries to be put on the right records."""
    filename = f"siasn-kursus-{_UNSAFE.sub('-', slug).strip('-') or 'sttp'}.csv"
    if not per_person:
        return csv_response(filename, SIASN_HEADER, (siasn_row(c) for c in certificates))
    header = (_("NIP"), _("Name"), *SIASN_HEADER)
    rows = ((c.content["participant"]["nip"], c.content["participant"]["name"], *siasn_row(c)) for c in certificates)
    return csv_response(filename, header, rows)
