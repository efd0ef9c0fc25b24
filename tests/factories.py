"""factory_boy factories shared by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from backend.appraisal import rules
from backend.people.choices import EmploymentType, OrgUnitKind, PositionKind, PositionLevel, Role
from backend.people.models import Employee, OrgUnit, Position, RoleAssignment, unit_path


def make_nip(*, birth: datetime.date, start: tuple[int, int], sex: int, serial: int) -> str:
    return f"{birth:%Y%m%d}{start[0]:04d}{start[1]:02d}{sex}{serial:03d}"


def make_ni_pppk(*, birth: datetime.date, year: int, contract: int, sex: int, serial: int) -> str:
    return f"{birth:%Y%m%d}{year:04d}2{contract}{sex}{serial:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """Creates units with a correct materialised path, like the service does."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = factory.LazyAttribute(lambda o: OrgUnitKind.BIDANG if o.parent else OrgUnitKind.DINAS)
    parent = None
    path = "/0/"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        parent = kwargs.get("parent")
        unit.path = unit_path(parent, unit.pk)
        model_class.objects.filter(pk=unit.pk).update(path=unit.path)
        return unit


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Analis {n}")
    kind = PositionKind.FUNGSIONAL
    level = PositionLevel.AHLI_PERTAMA


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    class Params:
        serial = factory.Sequence(lambda n: n % 1000)
        birth = datetime.date(1985, 4, 12)

    employment_type = EmploymentType.PNS
    nip = factory.LazyAttribute(
        lambda o: (
            make_nip(birth=o.birth, start=(2010, 3), sex=1, serial=o.serial)
            if o.employment_type == EmploymentType.PNS
            else make_ni_pppk(birth=o.birth, year=2022, contract=1, sex=1, serial=o.serial)
        )
    )
    name = factory.Faker("name", locale="id_ID")
    birth_date = factory.LazyAttribute(lambda o: o.birth)
    sex = "M"
    grade = factory.LazyAttribute(lambda o: "III/a" if o.employment_type == EmploymentType.PNS else "IX")
    position = factory.SubFactory(PositionFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    supervisor = None
    user = None


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.HR_ANALYST
    org_unit = None


# --- Appraisal ----------------------------------------------------------------


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appraisal.Period"
        django_get_or_create = ("year", "kind", "number")

    year = 2025
    kind = "quarterly"
    number = 1
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, (o.number - 1) * 3 + 1, 1))
    end_date = factory.LazyAttribute(
        lambda o: (
            datetime.date(o.year, o.number * 3 + 1, 1) - datetime.timedelta(days=1)
            if o.number < 4
            else datetime.date(o.year, 12, 31)
        )
    )


class AnnualPeriodFactory(PeriodFactory):
    kind = "annual"
    number = 1
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appraisal.Indicator"

    code = factory.Sequence(lambda n: f"iki-{n}")
    name = factory.Sequence(lambda n: f"Persentase layanan tepat waktu {n}")
    level = "iki"
    org_unit = factory.SubFactory(OrgUnitFactory)
    category = "productivity"
    aspect = "quantity"
    unit_of_measure = "%"
    direction = "higher"


class ScoreFactory(factory.django.DjangoModelFactory):
    """A score whose achievement is derived as the services derive it."""

    class Meta:
        model = "appraisal.Score"

    employee = factory.SubFactory(EmployeeFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(PeriodFactory)
    target = 100
    realisasi = 90
    achievement = factory.LazyAttribute(
        lambda o: rules.achievement(target=o.target, realisasi=o.realisasi, direction=o.indicator.direction)
    )


class IkmSurveyFactory(factory.django.DjangoModelFactory):
    """An open survey with the default weights (1/9 each)."""

    class Meta:
        model = "appraisal.IkmSurvey"

    org_unit = factory.SubFactory(OrgUnitFactory)
    period = factory.SubFactory(PeriodFactory)
    token = factory.Sequence(lambda n: f"ikm-token-{n:06d}")
    is_open = True


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An evaluation consistent with the matrix (the database checks it)."""

    class Meta:
        model = "appraisal.Evaluation"
        skip_postgeneration_save = True

    employee = factory.SubFactory(EmployeeFactory)
    period = factory.SubFactory(AnnualPeriodFactory)
    result_rating = "meets"
    behaviour_rating = "meets"
    predikat = factory.LazyAttribute(
        lambda o: rules.predikat(result=o.result_rating, behaviour=o.behaviour_rating).value
    )

    @factory.post_generation
    def behaviour(obj, create, extracted, **kwargs):
        from backend.appraisal.choices import BerakhlakValue
        from backend.appraisal.models import BehaviourRating

        if create:
            ratings = extracted or {}
            BehaviourRating.objects.bulk_create(
                [
                    BehaviourRating(evaluation=obj, value=v, rating=ratings.get(v, "meets"))
                    for v in BerakhlakValue.values
                ]
            )


# --- Training (lms) -----------------------------------------------------------


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Competency"

    code = factory.Sequence(lambda n: f"komp-{n}")
    name = factory.Sequence(lambda n: f"Pelayanan Publik {n}")
    type = "technical"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Course"

    code = factory.Sequence(lambda n: f"crs-{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Pelayanan Prima {n}")
    channel = "klasikal"
    type = "teknis"
    competency_type = "technical"
    # 20 JP.
    duration_minutes = 900
    provider = "BKPSDM Kabupaten Bungo"


class CourseIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.CourseIndicator"

    course = factory.SubFactory(CourseFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    weight = 1


class CourseGapTargetFactory(factory.django.DjangoModelFactory):
    """A BerAKHLAK value a course answers; pass ``kind="ikm_element"`` and ``code="u1"``… for IKM."""

    class Meta:
        model = "lms.CourseGapTarget"

    course = factory.SubFactory(CourseFactory)
    kind = "behaviour"
    code = "adaptif"
    weight = 1


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Venue"

    name = factory.Sequence(lambda n: f"Aula BKPSDM {n}")
    address = "Jl. Lintas Sumatera, Muara Bungo"
    capacity = 40


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Trainer"

    name = factory.Sequence(lambda n: f"Widyaiswara {n}")
    institution = "BPSDM Provinsi Jambi"
    expertise = "Pelayanan publik"


class OfferingFactory(factory.django.DjangoModelFactory):
    """A published offering a week from ``today``, enrollment open now."""

    class Meta:
        model = "lms.Offering"

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"angkatan-{n}")
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    venue = factory.SubFactory(VenueFactory)
    capacity = 30
    enroll_opens = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    enroll_closes = factory.LazyAttribute(lambda o: o.start_date - datetime.timedelta(days=1))
    status = "published"
    owner_unit = factory.SubFactory(OrgUnitFactory)
    min_attendance_pct = 80
    pass_mark = 65


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Session"

    offering = factory.SubFactory(OfferingFactory)
    date = factory.LazyAttribute(lambda o: o.offering.start_date)
    starts_at = datetime.time(8, 0)
    ends_at = datetime.time(12, 0)
    topic = factory.Sequence(lambda n: f"Materi {n}")
    trainer = None
    venue = None


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An enrolled (seat-holding) participant; pass ``status`` for others."""

    class Meta:
        model = "lms.Enrollment"

    offering = factory.SubFactory(OfferingFactory)
    employee = factory.SubFactory(EmployeeFactory)
    status = "enrolled"
    source = "self"
    requested_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.Attendance"

    session = factory.SubFactory(SessionFactory)
    enrollment = factory.SubFactory(EnrollmentFactory, offering=factory.SelfAttribute("..session.offering"))
    status = "present"
    method = "roll_call"


class ExternalActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lms.ExternalActivity"

    employee = factory.SubFactory(EmployeeFactory)
    kind = "seminar"
    title = factory.Sequence(lambda n: f"Seminar Nasional Pelayanan Publik {n}")
    organiser = "Kementerian PANRB"
    start_date = datetime.date(2026, 3, 10)
    end_date = datetime.date(2026, 3, 10)
    claimed_minutes = 180
    status = "submitted"


class JpLedgerEntryFactory(factory.django.DjangoModelFactory):
    """A credit for an external activity (the simplest source); pass ``enrollment`` + source for courses."""

    class Meta:
        model = "lms.JpLedgerEntry"

    employee = factory.SubFactory(EmployeeFactory)
    year = 2026
    minutes = 900
    source = "activity"
    activity = factory.SubFactory(
        ExternalActivityFactory, employee=factory.SelfAttribute("..employee"), status="verified"
    )
    title = factory.LazyAttribute(lambda o: o.activity.title if o.activity else "")
    date = datetime.date(2026, 3, 10)


class ReactionResponseFactory(factory.django.DjangoModelFactory):
    """An anonymous survey answer with no items; add ``ReactionAnswerFactory`` rows (the service checks them all)."""

    class Meta:
        model = "lms.ReactionResponse"

    offering = factory.SubFactory(OfferingFactory, status="finished")
    comment = ""


class ReactionAnswerFactory(factory.django.DjangoModelFactory):
    """One organisation item by default; pass ``trainer`` and a trainer item for the other kind."""

    class Meta:
        model = "lms.ReactionAnswer"

    response = factory.SubFactory(ReactionResponseFactory)
    trainer = None
    item = "org_relevance"
    score = 4


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A course suggested for an indicator gap, first made now; pass ``status`` (and a reason to dismiss)."""

    class Meta:
        model = "lms.Suggestion"

    employee = factory.SubFactory(EmployeeFactory)
    course = factory.SubFactory(CourseFactory)
    period = factory.SubFactory(PeriodFactory)
    gap_kind = "indicator"
    gap_code = factory.Sequence(lambda n: f"iki-{n}")
    gap_label = "Persentase layanan tepat waktu"
    gap_size = 30
    gap_value = 70
    weight = 1
    expected_uplift = 5
    rank_score = 150
    status = "suggested"
    dismiss_reason = factory.LazyAttribute(lambda o: "Sudah ikut pelatihan serupa" if o.status == "dismissed" else "")
    first_suggested_at = factory.LazyFunction(timezone.now)
    computed_at = factory.LazyFunction(timezone.now)


# --- lms: attendance slice ----------------------------------------------------


def running_offering(*, owner_unit, participants=(), sessions=4, start=datetime.date(2025, 3, 10), **kwargs):
    """A running offering with ``sessions`` daily 08:00–12:00 sessions from ``start``, ``participants`` enrolled.

    Returns (offering, [enrollment per participant]).
    """
    offering = OfferingFactory(
        owner_unit=owner_unit,
        status="running",
        start_date=start,
        end_date=start + datetime.timedelta(days=max(sessions - 1, 0)),
        enroll_opens=start - datetime.timedelta(days=30),
        enroll_closes=start - datetime.timedelta(days=1),
        **kwargs,
    )
    for day in range(sessions):
        SessionFactory(offering=offering, date=start + datetime.timedelta(days=day))
    return offering, [EnrollmentFactory(offering=offering, employee=employee) for employee in participants]


# --- Certificates -------------------------------------------------------------


class CertificateIssuerFactory(factory.django.DjangoModelFactory):
    """BKPSDM as issuer, with the default pattern ``{seq:04d}/STTP/BKPSDM/{year}``."""

    class Meta:
        model = "certificates.CertificateIssuer"
        django_get_or_create = ("org_unit",)

    org_unit = factory.SubFactory(OrgUnitFactory, code="bkpsdm", name="BKPSDM", kind="badan", is_competency_agency=True)
    name = "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"
    signatory_name = "Drs. H. Ahmad Fauzi, M.Si."
    signatory_nip = "197005121995031002"
    signatory_position = "Kepala BKPSDM Kabupaten Bungo"


def completed_enrollment(*, offering=None, employee=None, post_test=85, **kwargs):
    """A completed (JP-credited) enrollment of a finished offering with one session."""
    if offering is None:
        offering = OfferingFactory(
            status="finished",
            start_date=datetime.date(2026, 3, 10),
            end_date=datetime.date(2026, 3, 12),
            enroll_opens=datetime.date(2026, 2, 1),
            enroll_closes=datetime.date(2026, 3, 1),
        )
        SessionFactory(offering=offering, date=offering.start_date, topic="Kebijakan pelayanan publik")
    return EnrollmentFactory(
        offering=offering,
        employee=employee or EmployeeFactory(),
        status="completed",
        credited_minutes=offering.course.duration_minutes,
        pre_test=60,
        post_test=post_test,
        **kwargs,
    )


def finished_offering(*, owner_unit, employees=(), **kwargs):
    """A finished offering of ``owner_unit`` in which each of ``employees`` completed; returns
    (offering, [enrollment per employee])."""
    offering = OfferingFactory(
        owner_unit=owner_unit,
        status="finished",
        start_date=datetime.date(2026, 3, 10),
        end_date=datetime.date(2026, 3, 12),
        enroll_opens=datetime.date(2026, 2, 1),
        enroll_closes=datetime.date(2026, 3, 1),
        **kwargs,
    )
    return offering, [completed_enrollment(offering=offering, employee=employee) for employee in employees]
