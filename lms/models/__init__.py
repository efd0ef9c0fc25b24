from lms.models.catalog import Competency, Course, CourseGapTarget, CourseIndicator, Trainer, Venue
from lms.models.enrollment import Attendance, Enrollment, EnrollmentTransition
from lms.models.evaluation import ReactionAnswer, ReactionReceipt, ReactionResponse
from lms.models.ledger import ExternalActivity, JpConversion, JpLedgerEntry, Notification
from lms.models.schedule import Offering, Session
from lms.models.suggestion import Suggestion, SuggestionRun

__all__ = [
    "Attendance",
    "Competency",
    "Course",
    "CourseGapTarget",
    "CourseIndicator",
    "Enrollment",
    "EnrollmentTransition",
    "ExternalActivity",
    "JpConversion",
    "JpLedgerEntry",
    "Notification",
    "Offering",
    "ReactionAnswer",
    "ReactionReceipt",
    "ReactionResponse",
    "Session",
    "Suggestion",
    "SuggestionRun",
    "Trainer",
    "Venue",
]
