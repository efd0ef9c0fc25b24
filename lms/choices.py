"""Closed vocabularies of competency development (PP 17/2020, PermenPANRB 38/2017)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    KLASIKAL = "klasikal", _("Classroom (klasikal)")
    NONKLASIKAL = "nonklasikal", _("Non-classroom (nonklasikal)")


class CourseType(models.TextChoices):
    """Forms of development named by PP 17/2020 for each channel (DOMAIN.md)."""

    # Klasikal
    TEKNIS = "teknis", _("Technical training")
    FUNGSIONAL = "fungsional", _("Functional training")
    MANAJERIAL = "manajerial", _("Managerial training")
    KEPEMIMPINAN = "kepemimpinan", _("Leadership training")
    SOSIAL_KULTURAL = "sosial_kultural", _("Socio-cultural training")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    KURSUS = "kursus", _("Course (kursus)")
    PENATARAN = "penataran", _("Upgrading (penataran)")
    BIMTEK = "bimtek", _("Technical guidance (bimtek)")
    SOSIALISASI = "sosialisasi", _("Socialisation")
    # Nonklasikal
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    E_LEARNING = "e_learning", _("E-learning")
    DISTANCE = "distance", _("Distance training")
    DETASERING = "detasering", _("Secondment (detasering)")
    OUTBOUND = "outbound", _("Outbound")
    BENCHMARKING = "benchmarking", _("Benchmarking")
    EXCHANGE = "exchange", _("Exchange")
    SELF_STUDY = "self_study", _("Self-study")
    COMMUNITY = "community", _("Community of practice")
    ON_THE_JOB = "on_the_job", _("On-the-job guidance")
    INTERNSHIP = "internship", _("Internship")


KLASIKAL_TYPES = frozenset(
    {
        CourseType.TEKNIS,
        CourseType.FUNGSIONAL,
        CourseType.MANAJERIAL,
        CourseType.KEPEMIMPINAN,
        CourseType.SOSIAL_KULTURAL,
        CourseType.SEMINAR,
        CourseType.WORKSHOP,
        CourseType.KURSUS,
        CourseType.PENATARAN,
        CourseType.BIMTEK,
        CourseType.SOSIALISASI,
    }
)
NONKLASIKAL_TYPES = frozenset(set(CourseType.values) - {str(t) for t in KLASIKAL_TYPES})


class CompetencyType(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    MANAGERIAL = "managerial", _("Managerial")
    SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")
    GOVERNMENT = "government", _("Government (kompetensi pemerintahan)")


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class EnrollmentStatus(models.TextChoices):
    # Waiting for the supervisor (or a coordinator) to approve; holds no seat.
    PENDING = "pending", _("Awaiting approval")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed (lulus)")
    NOT_COMPLETED = "not_completed", _("Not completed")


# Statuses that hold a seat in the offering.
SEAT_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED)
# Statuses from which the same employee may ask again (the row is reused: one per offering and employee).
REOPENABLE_STATUSES = (EnrollmentStatus.CANCELLED, EnrollmentStatus.REJECTED)
# Statuses an employee or coordinator may still cancel.
CANCELLABLE_STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    ASSIGNED = "assigned", _("Assigned by a coordinator")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# Statuses that count toward the attendance percentage.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceMethod(models.TextChoices):
    ROLL_CALL = "roll_call", _("Roll call")
    QR = "qr", _("QR self check-in")
    CSV = "csv", _("CSV import")


class ActivityKind(models.TextChoices):
    """External development activities an ASN may claim JP for (DOMAIN.md conversion table)."""

    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    SOSIALISASI = "sosialisasi", _("Socialisation")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    E_LEARNING = "e_learning", _("E-learning")
    SELF_STUDY = "self_study", _("Self-study")
    DETASERING = "detasering", _("Secondment (detasering)")
    INTERNSHIP = "internship", _("Internship")
    EXCHANGE = "exchange", _("Exchange")
    BENCHMARKING = "benchmarking", _("Benchmarking")
    STUDY = "study", _("Study (tugas/izin belajar)")


class ConversionBasis(models.TextChoices):
    PER_DAY = "per_day", _("JP per day")
    # The claimed hours count, up to the JP per day.
    PER_DAY_MAX = "per_day_max", _("Claimed hours, at most JP per day")
    PER_SESSION = "per_session", _("JP per session")
    PER_ACTIVITY = "per_activity", _("JP per activity")
    PER_SEMESTER = "per_semester", _("JP per semester")


class ActivityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class LedgerSource(models.TextChoices):
    COURSE = "course", _("Completed course")
    ACTIVITY = "activity", _("External activity")


class NotificationKind(models.TextChoices):
    APPROVED = "approved", _("Enrollment approved")
    REJECTED = "rejected", _("Enrollment rejected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PROMOTED = "promoted", _("Promoted from the waitlist")
    PENDING = "pending", _("Approval requested")
    CANCELLED = "cancelled", _("Enrollment cancelled")
    REMINDER = "reminder", _("Session reminder")
    RESULT = "result", _("Completion result")
    ACTIVITY = "activity", _("External activity reviewed")


class GapTargetKind(models.TextChoices):
    """Gaps other than an indicator that a course may answer (the appraisal's gap kinds)."""

    BEHAVIOUR = "behaviour", _("Work behaviour (BerAKHLAK value)")
    IKM_ELEMENT = "ikm_element", _("Community satisfaction element (IKM)")


class GapKind(models.TextChoices):
    """What a suggestion answers: the kinds of ``backend.appraisal.selectors.gaps.Gap``."""

    INDICATOR = "indicator", _("Performance indicator")
    BEHAVIOUR = "behaviour", _("Work behaviour (BerAKHLAK value)")
    IKM_ELEMENT = "ikm_element", _("Community satisfaction element (IKM)")


class SuggestionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ENROLLED = "enrolled", _("Enrolled")
    DISMISSED = "dismissed", _("Dismissed")
    # The gap closed, or no offering of the course is open any more: kept for uptake figures.
    LAPSED = "lapsed", _("No longer applies")


class SuggestionTrigger(models.TextChoices):
    NIGHTLY = "nightly", _("Nightly run")
    ON_DEMAND = "on_demand", _("On demand")


class ReactionItem(models.TextChoices):
    """Items of the reaction survey (Kirkpatrick L1) on a 5-point scale (DOMAIN.md)."""

    # The organisation of the course.
    ORG_RELEVANCE = "org_relevance", _("Relevance of the material to my work")
    ORG_SCHEDULE = "org_schedule", _("Schedule and time keeping")
    ORG_VENUE = "org_venue", _("Venue and facilities")
    ORG_MATERIALS = "org_materials", _("Course materials and handouts")
    ORG_SERVICE = "org_service", _("Service of the organising committee")
    # Each trainer.
    MASTERY = "mastery", _("Mastery of the material")
    STRUCTURE = "structure", _("Structure of the presentation")
    PUNCTUALITY = "punctuality", _("Punctuality")
    MEDIA = "media", _("Use of media")
    METHOD = "method", _("Teaching method")
    ATTITUDE = "attitude", _("Attitude and conduct")
    LANGUAGE = "language", _("Use of language")
    MOTIVATION = "motivation", _("Motivating participants")
    CLIMATE = "climate", _("Class climate")


ORGANISATION_ITEMS = (
    ReactionItem.ORG_RELEVANCE,
    ReactionItem.ORG_SCHEDULE,
    ReactionItem.ORG_VENUE,
    ReactionItem.ORG_MATERIALS,
    ReactionItem.ORG_SERVICE,
)
TRAINER_ITEMS = tuple(item for item in ReactionItem if item not in ORGANISATION_ITEMS)
REACTION_SCALE = (1, 5)
