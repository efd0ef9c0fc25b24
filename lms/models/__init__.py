from lms.models.catalog import Competency, Course, CourseIndicator, Trainer, Venue
from lms.models.enrollment import Attendance, Enrollment, EnrollmentTransition
from lms.models.ledger import ExternalActivity, JpConversion, JpLedgerEntry, Notification
from lms.models.schedule import Offering, Session

__all__ = [
    "Attendance",
    "Competency",
    "Course",
    "CourseIndicator",
    "Enrollment",
    "EnrollmentTransition",
    "ExternalActivity",
    "JpConversion",
    "JpLedgerEntry",
    "Notification",
    "Offering",
    "Session",
    "Trainer",
    "Venue",
]
