from lms.models.budget import Budget, BudgetCommitment, BudgetRevision, CostKind, OfferingCost, RevisionKind
from lms.models.catalog import Competency, Course, CourseGapTarget, CourseIndicator, Trainer, Venue
from lms.models.enrollment import Attendance, Enrollment, EnrollmentTransition
from lms.models.evaluation import ReactionAnswer, ReactionReceipt, ReactionResponse
from lms.models.ledger import ExternalActivity, JpConversion, JpLedgerEntry, Notification
from lms.models.schedule import Offering, Session
from lms.models.suggestion import Suggestion, SuggestionRun

__all__ = [
    "Attendance",
    "Budget",
    "BudgetCommitment",
    "BudgetRevision",
    "Competency",
    "CostKind",
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
    "OfferingCost",
    "ReactionAnswer",
    "ReactionReceipt",
    "ReactionResponse",
    "RevisionKind",
    "Session",
    "Suggestion",
    "SuggestionRun",
    "Trainer",
    "Venue",
]
