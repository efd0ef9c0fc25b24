"""The data of the certificate benchmark (``certificates.bench``), written into its throwaway database.

Through the same services as the demo: a regency (``seed_regency``), a course with three
sessions and two trainers (a two-page certificate: the outline page is on by default), and
two finished offerings whose participants completed through attendance and a post-test
(``offering_bulk_finish`` decides completion, as finishing an offering does):

- the render offering, owned by the BKPSDM, with ``renders`` completed participants (plus
  the warm-up ones); their certificates are numbered here (not timed) and rendered by the
  pipeline benchmark one by one;
- the class offering, owned by the Dinas Pendidikan dan Kebudayaan, which has its own issuer
  so that its numbers start at 1: its coordinator issues all ``offering`` certificates in
  one action in the offering benchmark.

Each issuer has a logo and a scanned signature far larger than their printed size, as an
upload from a scanner would be (the renderer shrinks them once per process).
"""

import datetime
import io
import random
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

RENDER_OFFERING = "bench-sertifikat-render"
CLASS_OFFERING = "bench-sertifikat-kelas"
CLASS_OPD = "dikbud"
CLASS_COORDINATOR = "koordinator.dikbud"
COURSE = "bench-arsip-elektronik"
DURATION_MINUTES = 900  # 20 JP of 45 minutes
TOPICS = (
    ("Kebijakan kearsipan dinamis", 0),
    ("Praktik aplikasi SRIKANDI", 1),
    ("Penyusutan dan alih media arsip", 0),
)


def _png(size: tuple[int, int], draw) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw(ImageDraw.Draw(image), *size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _emblem(pen, width: int, height: int) -> None:
    # A shield with a few coloured bands: a regency emblem as a scanner hands it over.
    outline = [(width // 2, 20), (width - 30, height // 5), (width - 60, height - 200), (width // 2, height - 20)]
    pen.polygon(
        [*outline, (60, height - 200), (30, height // 5)],
        fill=(20, 90, 40, 255),
        outline=(200, 160, 30, 255),
        width=24,
    )
    for band in range(5):
        top = height // 4 + band * height // 9
        pen.rectangle((180, top, width - 180, top + height // 20), fill=(230, 190, 40, 255))
    pen.ellipse((width // 3, height // 3, 2 * width // 3, height // 3 + width // 3), fill=(180, 30, 30, 255))


def _signature(pen, width: int, height: int) -> None:
    rng = random.Random("signature")  # noqa: S311 - a drawing, not a secret
    points = [(80 + i * (width - 160) // 40, height // 2 + rng.randint(-250, 250)) for i in range(41)]
    pen.line(points, fill=(20, 30, 110, 255), width=14, joint="curve")


def _issuer(*, org_unit, name: str, signatory, position: str):
    from certificates.models import CertificateIssuer

    issuer = CertificateIssuer(
        org_unit=org_unit,
        name=name,
        signatory_name=signatory.display_name,
        signatory_nip=signatory.nip,
        signatory_position=position,
        number_pattern="{seq:04d}/STTP/" + org_unit.code.upper() + "/{year}",
    )
    issuer.logo.save("logo.png", ContentFile(_png((1200, 1400), _emblem)), save=False)
    issuer.signature_image.save("ttd.png", ContentFile(_png((2400, 800), _signature)), save=False)
    issuer.full_clean()
    issuer.save()
    return issuer


def _catalog(owner):
    from lms.services import bulk

    bulk.competency_bulk_create(
        actor=None, rows=[bulk.CompetencyRow("kearsipan", "Pengelolaan Kearsipan", "technical")]
    )
    [venue] = bulk.venue_bulk_create(
        actor=None,
        rows=[bulk.VenueRow("Aula BKPSDM Kabupaten Bungo", 2000, "Jl. Sultan Thaha, Muara Bungo", owner.pk)],
    )
    trainers = bulk.trainer_bulk_create(
        actor=None,
        rows=[
            bulk.TrainerRow(name="Dra. Rahmawati Siregar, M.A.P.", institution="ANRI"),
            bulk.TrainerRow(name="Ir. Bambang Wicaksono, M.Kom.", institution="Pusdiklat ANRI"),
        ],
    )
    courses = bulk.course_bulk_create(
        actor=None,
        rows=[
            bulk.CourseRow(
                COURSE,
                "Pengelolaan Arsip Dinamis Berbasis Elektronik",
                "teknis",
                "technical",
                DURATION_MINUTES,
                competencies=("kearsipan",),
            )
        ],
    )
    return courses[COURSE], venue, trainers


def _offering(*, code: str, course, venue, trainers, owner, employees, start: datetime.date, rng) -> int:
    """A finished offering that every one of ``employees`` attended and passed; its id."""
    from lms.choices import AttendanceMethod, AttendanceStatus, EnrollmentSource, EnrollmentStatus, OfferingStatus
    from lms.models import Session
    from lms.services import bulk

    tz = timezone.get_current_timezone()
    sessions = tuple(
        bulk.SessionRow(start + datetime.timedelta(days=day), datetime.time(8), datetime.time(15), topic)
        for day, (topic, _trainer) in enumerate(TOPICS)
    )
    sessions = tuple(
        bulk.SessionRow(row.date, row.starts_at, row.ends_at, row.topic, trainers[TOPICS[index][1]].pk)
        for index, row in enumerate(sessions)
    )
    [offering] = bulk.offering_bulk_create(
        actor=None,
        rows=[
            bulk.OfferingRow(
                course_id=course.pk,
                code=code,
                start_date=start,
                end_date=sessions[-1].date,
                capacity=len(employees),
                enroll_opens=start - datetime.timedelta(days=30),
                enroll_closes=start - datetime.timedelta(days=1),
                owner_unit_id=owner.pk,
                venue_id=venue.pk,
                status=OfferingStatus.PUBLISHED,
                sessions=sessions,
            )
        ],
    )
    asked = datetime.datetime.combine(start - datetime.timedelta(days=20), datetime.time(9), tzinfo=tz)
    pks = bulk.enrollment_bulk_create(
        actor=None,
        rows=[
            bulk.EnrollmentRow(
                offering_id=offering.pk,
                employee_id=employee.pk,
                source=EnrollmentSource.ASSIGNED,
                requested_at=asked,
                history=(bulk.Step(EnrollmentStatus.ENROLLED, asked),),
                pre_test=rng.randint(40, 75),
                post_test=rng.randint(72, 98),
            )
            for employee in employees
        ],
    )
    session_ids = list(Session.objects.filter(offering=offering).order_by("date").values_list("pk", "date"))
    bulk.attendance_bulk_create(
        actor=None,
        rows=[
            bulk.AttendanceRow(
                session_id,
                enrollment_id,
                AttendanceStatus.PRESENT,
                AttendanceMethod.QR,
                datetime.datetime.combine(date, datetime.time(8, 5), tzinfo=tz),
            )
            for session_id, date in session_ids
            for enrollment_id in pks.values()
        ],
    )
    finished = datetime.datetime.combine(sessions[-1].date + datetime.timedelta(days=1), datetime.time(9), tzinfo=tz)
    bulk.offering_bulk_finish(actor=None, rows=[bulk.FinishRow(offering.pk, finished)])
    return offering.pk


def seed_certificate_bench(*, renders: int, offering: int, seed: int = 1) -> dict:
    """Write the benchmark's data into the current (empty, migrated) database; what was written."""
    from backend.people.demo.seed import seed_regency
    from backend.people.models import Employee, OrgUnit
    from certificates.models import Certificate
    from certificates.services import certificate_issue_offering
    from lms.choices import EnrollmentStatus
    from lms.models import Enrollment, Offering

    started = time.perf_counter()
    rng = random.Random(f"certificates:{seed}")  # noqa: S311 - benchmark data, not secrets
    seed_regency(employees=max(renders, offering, 100), seed=seed, password=settings.DEMO_PASSWORD)
    bkpsdm = OrgUnit.objects.get(is_competency_agency=True)
    dikbud = OrgUnit.objects.get(code=CLASS_OPD)
    staff = list(Employee.objects.filter(is_active=True).select_related("position").order_by("nip"))
    head = staff[0]
    _issuer(
        org_unit=bkpsdm,
        name="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        signatory=head,
        position="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    )
    _issuer(org_unit=dikbud, name="DINAS PENDIDIKAN DAN KEBUDAYAAN", signatory=staff[1], position="Kepala Dinas")
    course, venue, trainers = _catalog(bkpsdm)
    today = timezone.localdate()
    common = {"course": course, "venue": venue, "trainers": trainers, "rng": rng}
    render_id = _offering(
        code=RENDER_OFFERING,
        owner=bkpsdm,
        employees=staff[:renders],
        start=today - datetime.timedelta(days=40),
        **common,
    )
    class_id = _offering(
        code=CLASS_OFFERING,
        owner=dikbud,
        employees=staff[:offering],
        start=today - datetime.timedelta(days=20),
        **common,
    )
    # Numbered now (not timed): the pipeline benchmark renders these pending certificates.
    numbered = certificate_issue_offering(offering=Offering.objects.get(pk=render_id), actor=None)
    completed = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "employees": len(staff),
        "render_offering_id": render_id,
        "class_offering_id": class_id,
        "render_completed": completed.filter(offering_id=render_id).count(),
        "class_completed": completed.filter(offering_id=class_id).count(),
        "numbered": len(numbered),
        "pending": Certificate.objects.filter(status="pending").count(),
    }
